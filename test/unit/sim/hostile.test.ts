// The simulator's support for the reliability suite: recorded request headers, the stall/huge/deep faults, and
// hostile build data (markup in names, foreign result URLs, non-hex git hashes, thousands of chroots).
import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import { startSimulator, type SimulatorHandle } from '../../copr-sim';
import { get } from './helpers';
import type { V2TaskList, V3Build, V3Chroot, V3List } from './helpers';

const HOSTILE = '<img src=x onerror=alert(1)>';

describe('copr-sim hostile data and heavy faults', function () {
  this.timeout(60_000);
  let sim: SimulatorHandle;
  beforeEach(async () => {
    sim = await startSimulator({ world: 'empty' });
    sim.world.addProject('eve', 'evil', ['fedora-rawhide-x86_64']);
  });
  afterEach(() => sim.close());

  it('records user-agent, authorization, cookie and range headers of each request', async () => {
    await fetch(`${sim.url}/api_3/`, { headers: { 'User-Agent': 'copr-vscode/9.9', Authorization: 'Basic eDp5', Cookie: 'a=b', Range: 'bytes=5-' } });
    await fetch(`${sim.url}/api_3/`, { headers: { 'User-Agent': 'plain' } });
    const [first, second] = sim.requests.list();
    assert.deepEqual({ ...first?.headers, accept: undefined }, { 'user-agent': 'copr-vscode/9.9', authorization: 'Basic eDp5', cookie: 'a=b', range: 'bytes=5-', accept: undefined });
    assert.equal(second?.headers.authorization, undefined);
    assert.equal(second?.headers['user-agent'], 'plain');
  });

  it('stalls: status, headers and half the body, then nothing until the client gives up', async () => {
    sim.faults.add({ path: '/api_3/', kind: 'stall' });
    const controller = new AbortController();
    const res = await fetch(`${sim.url}/api_3/`, { signal: controller.signal });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    const first = await reader.read();
    assert.ok((first.value?.byteLength ?? 0) > 0, 'half the body arrives');
    let settled = false;
    const rest = reader.read().then(() => (settled = true), () => (settled = true));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(settled, false, 'the rest never comes');
    controller.abort();
    await rest;
    const rec = sim.requests.list()[0];
    assert.equal(rec?.status, 200);
    assert.ok((rec?.bytes ?? 0) < Number(res.headers.get('content-length')));
  });

  it('streams a huge valid JSON body, with or without Content-Length', async () => {
    sim.faults.add({ path: '/api_3/', kind: 'huge', bytes: 3_000_000, times: 1 });
    const r = await get<{ items: unknown[]; meta: object }>(sim, '/api_3/');
    assert.equal(r.status, 200);
    assert.ok(Math.abs(Buffer.byteLength(r.text) - 3_000_000) < 100, `${Buffer.byteLength(r.text)}`);
    assert.equal(Number(r.headers.get('content-length')), Buffer.byteLength(r.text));
    assert.ok(r.json.items.length > 1000);
    sim.faults.add({ path: '/api_3/', kind: 'huge', bytes: 1_000_000, declareLength: false, times: 1 });
    const chunked = await get<{ items: unknown[] }>(sim, '/api_3/');
    assert.equal(chunked.headers.get('content-length'), null);
    assert.ok(chunked.json.items.length > 100);
  });

  it('stops streaming a huge body when the client goes away', async () => {
    sim.faults.add({ path: '/api_3/', kind: 'huge' });
    await new Promise<void>((resolve) => {
      const req = request(`${sim.url}/api_3/`, { agent: false }, (res) => {
        let got = 0;
        res.on('data', (c: Buffer) => {
          got += c.length;
          if (got > 1_000_000) req.destroy();
        });
        res.on('close', () => resolve());
      });
      req.on('error', () => resolve());
      req.end();
    });
    await new Promise((r) => setTimeout(r, 200));
    assert.ok((sim.requests.list()[0]?.bytes ?? 0) < 50 * 1024 * 1024);
  });

  it('answers deeply nested JSON', async () => {
    sim.faults.add({ path: '/api_3/', kind: 'deep', depth: 5000 });
    const r = await get(sim, '/api_3/');
    assert.equal(r.status, 200);
    assert.equal(r.text, '['.repeat(5000) + ']'.repeat(5000));
  });

  it('serves hostile names, result URLs and git hashes as given, on v3, v2 and the backend', async () => {
    const chroots = ['fedora-rawhide-x86_64', `${HOSTILE}-x86_64`, 'epel-9-x86_64', 'long'];
    const long = `https://example.org/${'a'.repeat(10_000)}`;
    const id = sim.world.addBuild({
      owner: 'eve', project: 'evil', package: HOSTILE, version: '"><script>alert(2)</script>', submitter: HOSTILE, chroots,
      resultDirUrl: { 'fedora-rawhide-x86_64': 'javascript:alert(1)', [`${HOSTILE}-x86_64`]: 'data:text/html,<script>alert(1)</script>', 'epel-9-x86_64': 'file:///etc/passwd', long },
      gitHash: 'not-a-hash; rm -rf /', outcome: { long: 'failed' },
    });
    sim.clock.advance(200);
    const build = (await get<V3Build>(sim, `/api_3/build/${id}`)).json;
    assert.equal(build.source_package.name, HOSTILE);
    assert.equal(build.submitter, HOSTILE);
    assert.deepEqual(build.chroots, chroots);
    const items = (await get<V3List<V3Chroot>>(sim, `/api_3/build-chroot/list?build_id=${id}`)).json.items;
    assert.deepEqual(items.map((c) => c.result_url), ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', long]);
    const v2 = (await get<V2TaskList>(sim, `/api_2/build_tasks?build_id=${id}`)).json.build_tasks.map((t) => t.build_task);
    assert.deepEqual(v2.map((t) => t.git_hash), chroots.map(() => 'not-a-hash; rm -rf /'));
    assert.equal(v2.find((t) => t.chroot_name === 'long')?.result_dir_url, long);
    const backend = await get<{ git_hash: string }>(sim, `/backend/get-build-task/${id}-epel-9-x86_64`);
    assert.equal(backend.json.git_hash, 'not-a-hash; rm -rf /');
    // A plain string overrides every chroot, also through the admin API.
    const res = await fetch(`${sim.url}/__sim/builds`, { method: 'POST', body: JSON.stringify({ owner: 'eve', project: 'evil', resultDirUrl: 'javascript:void(0)' }) });
    const other = ((await res.json()) as { id: number }).id;
    sim.clock.advance(200);
    const otherItems = (await get<V3List<V3Chroot>>(sim, `/api_3/build-chroot/list?build_id=${other}`)).json.items;
    assert.deepEqual(otherItems.map((c) => c.result_url), ['javascript:void(0)']);
  });

  it('serves a build with 10,000 chroots, paged', async () => {
    const chroots = Array.from({ length: 10_000 }, (_, i) => `fedora-${i}-x86_64`);
    const id = sim.world.addBuild({ owner: 'eve', project: 'evil', chroots });
    sim.clock.advance(200);
    const build = (await get<V3Build>(sim, `/api_3/build/${id}`)).json;
    assert.equal(build.chroots.length, 10_000);
    const page = (await get<V3List<V3Chroot>>(sim, `/api_3/build-chroot/list?build_id=${id}&limit=100&offset=9950`)).json.items;
    assert.equal(page.length, 50);
  });
});
