// The 'monitor' strategy on virtual time: one monitor request per project where it is cheaper, own polling for the
// builds it cannot show, and dormant projects asked rarely until they show life.
import * as assert from 'node:assert/strict';
import { DORMANT_MAX_MS } from '../../../src/monitor/planner';
import { makeHarness, MIN, project, SEC, type Harness } from './harness';
import { ScriptedCopr } from './scriptedSource';

const ARCHES = ['fedora-rawhide-x86_64', 'fedora-rawhide-aarch64', 'epel-9-x86_64', 'fedora-41-x86_64'];

describe('PollScheduler, monitor strategy', () => {
  let h: Harness;
  afterEach(() => h?.dispose());

  const stack = (packages: string[]) => {
    const source = new ScriptedCopr({ monitor: true });
    const p = source.addProject('alice', 'stack');
    const ids = packages.map((pkg) => source.addBuild(p, ARCHES, { pkg, state: 'running' }));
    return { source, p, ids };
  };

  it('asks one monitor per cycle for a stack of builds of different packages, and reads only what changed', async () => {
    const { source, p, ids } = stack(['a', 'b', 'c', 'd']);
    h = makeHarness({ source });
    await h.start([project('alice', 'stack')]);
    await h.clock.advance(30 * SEC);
    source.resetCalls();
    await h.clock.advance(3 * 30 * SEC);
    assert.deepEqual(source.calls, [1, 2, 3].map(() => ({ method: 'monitor', arg: p })), 'nothing changed: one request a cycle');
    source.setChroot(ids[2], ARCHES[1], 'failed');
    source.resetCalls();
    await h.clock.advance(30 * SEC);
    assert.deepEqual(source.calls.map((c) => `${c.method}:${c.arg}`), [`monitor:${p}`, `listBuildTasks:${ids[2]}`]);
    assert.equal(h.store.build(ids[2])?.state, 'running', 'its state follows from its chroots');
    assert.deepEqual(h.failed.flat().map((f) => `${f.build.id}/${f.task.chroot_name}`), [`${ids[2]}/${ARCHES[1]}`], 'seen in the cycle it happened');
  });

  it('keeps polling a build superseded by a newer build of its package, and builds of another directory', async () => {
    const { source, p, ids } = stack(['a', 'b', 'c']);
    const superseded = ids[0];
    const newer = source.addBuild(p, ARCHES, { pkg: 'a', state: 'running' });
    const pr = source.addBuild(p, ARCHES, { pkg: 'b', state: 'running', dirname: 'stack:pr:7' });
    h = makeHarness({ source });
    await h.start([project('alice', 'stack')]);
    await h.clock.advance(30 * SEC);
    source.resetCalls();
    await h.clock.advance(30 * SEC);
    const asked = source.calls.map((c) => `${c.method}:${c.arg}`).sort();
    assert.deepEqual(asked, [`listBuildTasks:${pr}`, `listBuildTasks:${superseded}`, `listBuilds:${p}`, `monitor:${p}`].sort());
    assert.ok(!asked.includes(`listBuildTasks:${newer}`));
  });

  it('polls build by build where the server has no monitor (API v2)', async () => {
    const { source, p, ids } = stack(['a', 'b', 'c']);
    source.monitor = async () => {
      source.calls.push({ method: 'monitor', arg: p });
      return null;
    };
    h = makeHarness({ source });
    await h.start([project('alice', 'stack')]);
    await h.clock.advance(30 * SEC);
    source.resetCalls();
    await h.clock.advance(30 * SEC);
    assert.deepEqual(source.calls.map((c) => c.method).sort(), ['listBuildTasks', 'listBuildTasks', 'listBuildTasks', 'listBuilds']);
    assert.equal(ids.length, 3);
  });

  describe('dormant projects', () => {
    const dormant = () => {
      const source = new ScriptedCopr({ monitor: true });
      source.now = Date.UTC(2025, 0, 6, 9, 0, 0) / 1000 - 3 * 24 * 3600; // its builds ended three days before the clock
      const p = source.addProject('alice', 'old');
      source.addBuild(p, ARCHES, { state: 'succeeded' });
      return { source, p };
    };
    const pageTimes = (h: Harness, p: string, since: number) => {
      const times: number[] = [];
      let calls = 0;
      h.cycles.forEach((c) => {
        if (c.startedAt >= since && c.requests.listBuilds > 0) times.push((c.startedAt - since) / MIN);
        calls += c.requests.listBuilds;
      });
      return { times, calls, p };
    };

    it('doubles the idle period of a project whose newest build ended long ago, up to an hour', async () => {
      const { source, p } = dormant();
      h = makeHarness({ source });
      await h.start([project('alice', 'old')]);
      const t0 = h.clock.now();
      await h.clock.advance(4 * 60 * MIN);
      assert.deepEqual(pageTimes(h, p, t0).times, [0, 5, 15, 35, 75, 135, 195]);
    });

    it('returns to the idle cadence when a new build appears, and on a focus refresh, a user refresh or a watch', async () => {
      const { source, p } = dormant();
      h = makeHarness({ source });
      await h.start([project('alice', 'old')]);
      await h.clock.advance(135 * MIN); // next page due 60 min after the one at 135
      // The worst case: a build submitted just after a dormant page shows with the next one, an hour later.
      const submitted = h.clock.now();
      const id = source.addBuild(p, ARCHES, { state: 'running' });
      let seenAt: number | undefined;
      h.store.onDidChange(() => (seenAt ??= h.store.build(id) ? h.clock.now() : undefined));
      await h.clock.advance(DORMANT_MAX_MS);
      assert.equal(seenAt !== undefined ? seenAt - submitted : undefined, DORMANT_MAX_MS, 'worst case: one dormant period');
      source.setAll(id, 'succeeded');
      source.now = h.clock.now() / 1000 - 3 * 24 * 3600;
      await h.clock.advance(30 * SEC);
      const t1 = h.clock.now();
      await h.clock.advance(16 * MIN);
      assert.deepEqual(pageTimes(h, p, t1).times, [5, 15], 'after life, the doubling starts again from the idle period');

      for (const wake of [() => h.scheduler.refresh(), () => (h.scheduler.setFocused(false), h.clock.advance(40 * MIN).then(() => h.scheduler.setFocused(true)))]) {
        await h.clock.advance(3 * 60 * MIN);
        await wake();
        await h.clock.advance(0);
        const t = h.clock.now();
        await h.clock.advance(11 * MIN);
        assert.deepEqual(pageTimes(h, p, t).times, [0, 5], 'a refresh wakes it: its page now, the next after the idle period');
      }
      await h.clock.advance(3 * 60 * MIN);
      await h.scheduler.watch(id);
      const t = h.clock.now();
      await h.clock.advance(6 * MIN);
      const after = pageTimes(h, p, t).times;
      assert.ok(after.length === 1 && after[0] <= 5, `a watch wakes it: its page within the idle period (${after.join(', ')})`);
    });

    it('stays at the idle cadence with the per-build strategy (the baseline)', async () => {
      const { source, p } = dormant();
      h = makeHarness({ source, strategy: 'perBuild' });
      await h.start([project('alice', 'old')]);
      const t0 = h.clock.now();
      await h.clock.advance(60 * MIN);
      assert.equal(pageTimes(h, p, t0).times.length, 13);
    });
  });
});
