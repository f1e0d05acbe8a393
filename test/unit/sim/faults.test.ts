import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import { startSimulator, type SimulatorHandle } from '../../copr-sim';
import { BUILDS } from '../../copr-sim/fixtures';
import { get, until } from './helpers';

/** Raw GET that reports what the transport did: the status, the declared length and the bytes that arrived. */
function raw(url: string): Promise<{ status?: number; declared?: number; received: number; error?: string }> {
  return new Promise((resolve) => {
    const out: { status?: number; declared?: number; received: number; error?: string } = { received: 0 };
    const req = request(url, { agent: false }, (res) => {
      out.status = res.statusCode;
      out.declared = Number(res.headers['content-length']);
      res.on('data', (c: Buffer) => (out.received += c.length));
      res.on('end', () => resolve(out));
      res.on('error', (e) => resolve({ ...out, error: e.message }));
      res.on('aborted', () => resolve({ ...out, error: 'aborted' }));
    });
    req.on('error', (e) => resolve({ ...out, error: e.message }));
    req.end();
  });
}

describe('copr-sim faults and request log', function () {
  this.timeout(20_000);
  let sim: SimulatorHandle;
  beforeEach(async () => {
    sim = await startSimulator();
  });
  afterEach(() => sim.close());

  const path = `/api_3/build/${BUILDS.running.id}`;

  it('answers an Anubis-style HTML page with status 200', async () => {
    sim.faults.add({ path: '/api_3/', kind: 'html200' });
    const r = await get(sim, path);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /text\/html/);
    assert.match(r.text, /Anubis/);
  });

  for (const [kind, status] of [['html502', 502], ['html504', 504]] as const) {
    it(`answers ${kind} as an HTML ${status}`, async () => {
      sim.faults.add({ path, kind });
      const r = await get(sim, path);
      assert.equal(r.status, status);
      assert.match(r.headers.get('content-type') ?? '', /text\/html/);
    });
  }

  it('answers json500 with a Copr {"error"} body', async () => {
    sim.faults.add({ path, kind: 'json500' });
    const r = await get<{ error: string }>(sim, path);
    assert.equal(r.status, 500);
    assert.match(r.json.error, /bug in the Copr code/);
  });

  for (const kind of ['429', '503'] as const) {
    it(`answers ${kind} with Retry-After`, async () => {
      sim.faults.add({ path, kind, retryAfter: 7 });
      const r = await get(sim, path);
      assert.equal(r.status, Number(kind));
      assert.equal(r.headers.get('retry-after'), '7');
    });
  }

  it('sends a truncated body: Content-Length larger than what arrives, then closes', async () => {
    sim.faults.add({ path, kind: 'truncated' });
    const r = await raw(sim.url + path);
    assert.equal(r.status, 200);
    assert.ok((r.declared ?? 0) > r.received, `${r.declared} > ${r.received}`);
    assert.ok(r.error !== undefined || r.received < (r.declared ?? 0));
    sim.faults.add({ path, kind: 'truncated' });
    const res = await fetch(sim.url + path);
    await assert.rejects(res.text()); // a client reading the body sees the connection end early
    const rec = sim.requests.list().find((x) => x.path === path);
    assert.equal(rec?.status, 200);
    assert.equal(rec?.bytes, r.received);
  });

  it('drops the connection without a response', async () => {
    sim.faults.add({ path, kind: 'drop' });
    await assert.rejects(fetch(sim.url + path));
    assert.equal(sim.requests.list().at(-1)?.status, 0);
  });

  it('hangs until close', async () => {
    sim.faults.add({ path, kind: 'hang' });
    let settled = false;
    const pending = fetch(sim.url + path).then(() => (settled = true), () => (settled = true));
    await until(() => sim.requests.count() === 1);
    assert.equal((await get(sim, '/api_3/')).status, 200); // others are still answered meanwhile
    assert.equal(settled, false);
    await sim.close();
    await pending;
    assert.equal(settled, true);
    sim = await startSimulator({ world: 'empty' }); // for afterEach
  });

  it('delays a response by the latency given, letting later requests overtake it', async () => {
    sim.faults.add({ path, kind: 'latency', ms: 300 });
    const order: string[] = [];
    const slow = get(sim, path).then((r) => order.push(`slow ${r.status}`));
    await until(() => sim.requests.count() === 1);
    await get(sim, '/api_3/').then((r) => order.push(`fast ${r.status}`));
    await slow;
    assert.deepEqual(order, ['fast 200', 'slow 200']);
  });

  it('applies a fault `times` times, by RegExp, and can be removed or cleared', async () => {
    sim.faults.add({ path: /build-chroot\/list\?build_id=\d+/, kind: '503', times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(sim, `/api_3/build-chroot/list?build_id=${BUILDS.running.id}`)).status);
    assert.deepEqual(statuses, [503, 503, 200]);
    const id = sim.faults.add({ path: '/api_3', kind: 'json500' });
    assert.equal((await get(sim, '/api_3/')).status, 500);
    sim.faults.remove(id);
    assert.equal((await get(sim, '/api_3/')).status, 200);
    sim.faults.add({ path: '/api_2', kind: 'json500' });
    sim.faults.clear();
    assert.equal((await get(sim, '/api_2/')).status, 200);
  });

  it('records method, path with query, status and bytes, and not the /__sim/ calls', async () => {
    sim.requests.reset();
    const r = await get(sim, '/api_3/build/list?ownername=alice&projectname=tools&limit=2');
    await get(sim, '/api_3/nope');
    await fetch(`${sim.url}/__sim/advance?seconds=10`, { method: 'POST' });
    const log = sim.requests.list();
    assert.deepEqual(log.map((x) => [x.method, x.path, x.status]), [
      ['GET', '/api_3/build/list?ownername=alice&projectname=tools&limit=2', 200],
      ['GET', '/api_3/nope', 404],
    ]);
    assert.equal(log[0]?.bytes, Buffer.byteLength(r.text));
    assert.equal(sim.requests.count((x) => x.status === 404), 1);
    sim.requests.reset();
    assert.equal(sim.requests.count(), 0);
  });

  it('offers the same controls over /__sim/', async () => {
    const post = (p: string, body?: unknown) => fetch(sim.url + p, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json() as Promise<Record<string, unknown>>);
    const t0 = sim.clock.now();
    assert.deepEqual(await post('/__sim/advance?seconds=60'), { now: t0 + 60 });
    const { id } = (await post('/__sim/builds', { owner: 'bob', project: 'empty', package: 'demo' })) as { id: number };
    assert.equal((sim.world.getBuild(id) as { state: string }).state, 'importing');
    sim.clock.advance(60);
    await post('/__sim/chroot-state', { buildId: id, chroot: 'fedora-rawhide-x86_64', state: 'failed' });
    assert.equal((sim.world.getBuild(id) as { state: string }).state, 'failed');
    const f = (await post('/__sim/faults', { path: '/api_3/build/', kind: '429', retryAfter: 3 })) as { id: number };
    assert.equal((await get(sim, `/api_3/build/${id}`)).status, 429);
    await fetch(`${sim.url}/__sim/faults/${f.id}`, { method: 'DELETE' });
    await post('/__sim/faults', { pathRegex: '^/api_3/build/\\d+$', kind: 'html504' });
    assert.equal((await get(sim, `/api_3/build/${id}`)).status, 504);
    await fetch(`${sim.url}/__sim/faults`, { method: 'DELETE' });
    assert.equal((await get(sim, `/api_3/build/${id}`)).status, 200);
    const log = (await (await fetch(`${sim.url}/__sim/requests`)).json()) as { count: number };
    assert.equal(log.count, 3);
    await fetch(`${sim.url}/__sim/requests`, { method: 'DELETE' });
    assert.equal(sim.requests.count(), 0);
  });
});
