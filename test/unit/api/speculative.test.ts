// 'auto' asks the v3 question alongside the version probe on a cold start; on a v2 server the answer is dropped.
import assert from 'node:assert/strict';
import { CoprClient } from '../../../src/api';
import { startSimulator, type SimulatorHandle } from '../../copr-sim';

describe('CoprClient auto detection on a cold start', function () {
  this.timeout(60_000);
  let v3: SimulatorHandle;
  let v2: SimulatorHandle;
  before(async () => {
    v3 = await startSimulator({ api: 'v3' });
    v2 = await startSimulator({ api: 'v2' });
  });
  after(async () => {
    await v3.close();
    await v2.close();
  });

  it('on a v3 server sends the probe and the v3 list together, then only v3', async () => {
    v3.requests.reset();
    const client = new CoprClient({ baseUrl: v3.url });
    const projects = await client.listProjects('alice');
    assert.ok(projects.some((p) => p.full_name === 'alice/tools'));
    const paths = v3.requests.list().map((r) => r.path.split('?')[0]);
    assert.deepEqual([...paths].sort(), ['/api_3/', '/api_3/project/list']);
    v3.requests.reset();
    await client.listBuilds({ project: 'alice/tools', limit: 5 });
    assert.deepEqual(v3.requests.list().map((r) => r.path.split('?')[0]), ['/api_3/build/list']);
  });

  it('on a v2 server drops the speculative v3 answer and answers from v2', async () => {
    v2.requests.reset();
    const client = new CoprClient({ baseUrl: v2.url });
    const projects = await client.listProjects('alice');
    assert.ok(projects.some((p) => p.full_name === 'alice/tools'));
    const paths = v2.requests.list().map((r) => r.path.split('?')[0]);
    assert.ok(paths.includes('/api_2/projects'), paths.join(' '));
    assert.equal(paths.filter((p) => p.startsWith('/api_3/')).length, 2, 'the probe and one spare v3 request, once');
    assert.equal(await client.resolveVersion(), 'v2');
    v2.requests.reset();
    await client.listProjects('alice');
    assert.ok(v2.requests.list().every((r) => r.path.startsWith('/api_2/')), 'no more v3 requests once v2 is known');
  });
});
