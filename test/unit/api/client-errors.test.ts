// Every failure is a CoprError of the right kind, with the status, the URL without credentials and a message a
// person can act on — driven by the simulator's faults, a closed port and an unresolvable host.

import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { startSimulator, fixtures, type SimulatorHandle, type FaultKind } from '../../copr-sim';
import { isAbortError } from '../../../src/api/abort';
import { CoprClient } from '../../../src/api/client';
import { CoprError } from '../../../src/api/errors';
import type { CoprErrorKind } from '../../../src/api/types';

const { BUILDS } = fixtures;

function expectError(kind: CoprErrorKind, extra: (e: CoprError) => void = () => undefined): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof CoprError, `expected a CoprError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    assert.ok(e.message.length > 20, 'a message a person can act on');
    assert.ok(!/secret/.test(e.message) && !/secret/.test(e.url ?? ''), 'no credentials');
    extra(e);
    return true;
  };
}

/** A port nobody listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

for (const api of ['v2', 'v3'] as const) {
  describe(`api/client errors (${api})`, function () {
    this.timeout(20_000);
    let sim: SimulatorHandle;
    let client: CoprClient;
    let creds: string;
    const listPath = api === 'v3' ? '/api_3/build-chroot/list' : '/api_2/build_tasks';

    before(async () => {
      sim = await startSimulator({ api });
      creds = sim.url.replace('://', '://user:secret@');
    });
    after(async () => {
      await sim.close();
    });
    beforeEach(() => {
      sim.faults.clear();
      client = new CoprClient({ baseUrl: creds, apiVersion: api, timeoutMs: 2_000 });
    });

    const cases: Array<[FaultKind, CoprErrorKind, number | undefined]> = [
      ['html200', 'blocked', 200],
      ['html502', 'http', 502],
      ['html504', 'http', 504],
      ['json500', 'http', 500],
      ['429', 'http', 429],
      ['503', 'http', 503],
      ['truncated', 'network', undefined],
      ['drop', 'network', undefined],
    ];
    for (const [fault, kind, status] of cases) {
      it(`${fault} → ${kind}${status ? ` ${status}` : ''}`, async () => {
        sim.faults.add({ path: listPath, kind: fault, retryAfter: 7 });
        await assert.rejects(
          client.listBuildTasks({ buildId: BUILDS.running.id }),
          expectError(kind, (e) => {
            assert.equal(e.status, status);
            assert.ok(e.url?.startsWith(sim.url + listPath), e.url);
            if (fault === '429' || fault === '503') assert.equal(e.retryAfter, 7);
            if (fault === 'html200') assert.match(e.message, /bot protection/);
          }),
        );
      });
    }

    it('hang → timeout within timeoutMs', async () => {
      const quick = new CoprClient({ baseUrl: creds, apiVersion: api, timeoutMs: 300 });
      sim.faults.add({ path: listPath, kind: 'hang' });
      await assert.rejects(quick.listBuildTasks({ buildId: BUILDS.running.id }), expectError('timeout'));
    });

    it('a refused connection → network', async () => {
      const port = await closedPort();
      const dead = new CoprClient({ baseUrl: `http://user:secret@127.0.0.1:${port}`, apiVersion: api });
      await assert.rejects(dead.getBuild(1), expectError('network', (e) => assert.match(e.message, /refused/)));
    });

    it('an unresolvable host → network', async () => {
      const nowhere = new CoprClient({ baseUrl: 'http://nonexistent.invalid', apiVersion: api, timeoutMs: 5_000 });
      await assert.rejects(nowhere.getBuild(1), expectError('network'));
    });

    it('a response over the size cap → invalid-response "too large"', async () => {
      const small = new CoprClient({ baseUrl: sim.url, apiVersion: api, maxResponseBytes: 1_000 });
      await assert.rejects(small.listBuildTasks({ buildId: BUILDS.big.id }), expectError('invalid-response', (e) => assert.match(e.message, /too large/)));
    });

    it('invalid arguments are refused before any request', async () => {
      sim.requests.reset();
      const fresh = new CoprClient({ baseUrl: sim.url });
      const bad: Array<() => Promise<unknown>> = [
        () => fresh.listBuildTasks({ buildId: 1, limit: 0 }),
        () => fresh.listBuildTasks({ buildId: 1, limit: 101 }),
        () => fresh.listBuildTasks({ buildId: 1, offset: -1 }),
        () => fresh.listBuildTasks({ buildId: 1, offset: 1.5 }),
        () => fresh.listBuildTasks({ project: 'no-slash' }),
        () => fresh.listBuilds({ project: 'a/b/c' }),
        () => fresh.getBuildTask(1, 'bad chroot'),
        () => fresh.getBuild(-1),
        () => fresh.listProjects('a/b'),
      ];
      for (const call of bad) await assert.rejects(call(), expectError('invalid-argument'));
      await assert.rejects(fresh.listAllBuildTasks({ limit: 500, buildId: 1 }).next(), expectError('invalid-argument'));
      assert.equal(sim.requests.count(), 0);
    });

    it('cancellation rejects with the AbortError, not a CoprError', async () => {
      sim.faults.add({ path: listPath, kind: 'hang' });
      const abort = new AbortController();
      const pending = client.listBuildTasks({ buildId: BUILDS.running.id, signal: abort.signal });
      await until(() => sim.requests.count((r) => r.path.startsWith(listPath)) > 0, 'the request');
      abort.abort();
      await assert.rejects(pending, (e: unknown) => isAbortError(e) && !(e instanceof CoprError));
      await assert.rejects(client.getBuild(BUILDS.running.id, abort.signal), isAbortError);
    });

    it('at most 6 requests in flight; the rest queue, and leave the queue when aborted', async () => {
      sim.requests.reset();
      const buildPath = api === 'v3' ? '/api_3/build/' : '/api_2/builds/';
      sim.faults.add({ path: buildPath, kind: 'hang' });
      const abort = new AbortController();
      const calls = Array.from({ length: 20 }, (_, i) => client.getBuild(BUILDS.running.id + i, abort.signal).catch((e: unknown) => e));
      await until(() => sim.requests.count() >= 6, 'six requests');
      await until(() => client.pendingRequests.queued === 14, 'fourteen queued');
      assert.deepEqual(client.pendingRequests, { inFlight: 6, queued: 14 });
      assert.equal(sim.requests.count(), 6);
      abort.abort();
      for (const outcome of await Promise.all(calls)) assert.ok(isAbortError(outcome));
      assert.deepEqual(client.pendingRequests, { inFlight: 0, queued: 0 });
    });

    it('getGitHash never fails: null when /backend or the task endpoint breaks', async () => {
      sim.faults.add({ path: api === 'v3' ? '/backend/' : '/api_2/build_tasks/', kind: 'json500' });
      assert.equal(await client.getGitHash(BUILDS.running.id, 'fedora-rawhide-x86_64'), null);
      if (api === 'v3') {
        const t = await client.getBuildTask(BUILDS.running.id, 'fedora-rawhide-x86_64');
        assert.equal(t.git_hash, null);
        assert.equal(t.state, 'running');
      }
    });
  });
}

describe('api/client version detection', function () {
  this.timeout(20_000);
  let sim: SimulatorHandle;
  before(async () => {
    sim = await startSimulator({ api: 'both' });
  });
  after(async () => {
    await sim.close();
  });
  beforeEach(() => sim.faults.clear());

  it('a server with both APIs is used through v3', async () => {
    assert.equal(await new CoprClient({ baseUrl: sim.url }).resolveVersion(), 'v3');
  });

  it('a passing failure is not remembered: the next call asks again', async () => {
    sim.faults.add({ path: '/api_3', kind: 'html502', times: 1 });
    const client = new CoprClient({ baseUrl: sim.url });
    await assert.rejects(client.resolveVersion(), expectError('http'));
    assert.equal(await client.resolveVersion(), 'v3');
  });

  it('bot protection on /api_3/ is reported, not mistaken for v2', async () => {
    sim.faults.add({ path: '/api_3', kind: 'html200', times: 1 });
    await assert.rejects(new CoprClient({ baseUrl: sim.url }).resolveVersion(), expectError('blocked'));
  });

  it('concurrent callers share one detection request', async () => {
    sim.requests.reset();
    const client = new CoprClient({ baseUrl: sim.url });
    const versions = await Promise.all([client.resolveVersion(), client.getBuild(BUILDS.succeeded.id).then(() => client.resolveVersion()), client.resolveVersion()]);
    assert.deepEqual(versions, ['v3', 'v3', 'v3']);
    assert.equal(sim.requests.count((r) => /^\/api_3\/?$/.test(r.path)), 1);
  });
});
