import * as assert from 'node:assert/strict';
import { startSimulator } from '../../copr-sim';
import { SEED_EXAMPLE } from '../../copr-sim/fixtures';
import { parseArgs } from '../../copr-sim/cli';
import { get } from './helpers';

describe('copr-sim API modes', function () {
  this.timeout(20_000);

  it('serves only v2 with api: v2 (v3 answers the HTML 404)', async () => {
    const sim = await startSimulator({ api: 'v2' });
    try {
      assert.equal((await get(sim, `/api_2/build_tasks?build_id=${SEED_EXAMPLE.buildId}`)).status, 200);
      const v3 = await get(sim, '/api_3/');
      assert.equal(v3.status, 404);
      assert.match(v3.headers.get('content-type') ?? '', /text\/html/);
    } finally {
      await sim.close();
    }
  });

  it('serves only v3 with api: v3, where /api_2 is an HTML 404 like today\'s Fedora Copr', async () => {
    const sim = await startSimulator({ api: 'v3' });
    try {
      assert.deepEqual((await get(sim, '/api_3/')).json, { version: 3 });
      for (const path of ['/api_2/', `/api_2/build_tasks?build_id=${SEED_EXAMPLE.buildId}`, '/api_2/build_tasks/106882/fedora-rawhide-x86_64']) {
        const r = await get(sim, path);
        assert.equal(r.status, 404, path);
        assert.match(r.headers.get('content-type') ?? '', /text\/html/);
        assert.match(r.text, /<title>404 Not Found<\/title>/);
      }
    } finally {
      await sim.close();
    }
  });

  it('serves both by default, and an empty world on request', async () => {
    const sim = await startSimulator({ world: 'empty' });
    try {
      assert.deepEqual((await get(sim, '/api_3/project/list')).json, { items: [], meta: { limit: null, offset: 0, order: 'id', order_type: 'ASC' } });
      assert.deepEqual((await get(sim, '/api_2/build_tasks')).json, { build_tasks: [], _links: { self: { href: '/api_2/build_tasks?limit=100' } } });
    } finally {
      await sim.close();
    }
  });

  it('parses the CLI options (realtime clock, api both by default)', () => {
    assert.deepEqual(parseArgs(['--port', '0', '--seed', '5', '--speed', '60', '--api', 'v3', '--start', '100']), { clock: 'realtime', api: 'v3', port: 0, seed: 5, speed: 60, startTime: 100 });
    assert.equal(parseArgs([]).api, 'both');
    assert.throws(() => parseArgs(['--api', 'v4']), /--api must be/);
    assert.throws(() => parseArgs(['--seed', 'x']), /--seed must be a number/);
  });
});
