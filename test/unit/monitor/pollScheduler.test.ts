import * as assert from 'node:assert/strict';
import { CoprError } from '../../../src/api/errors';
import { MAX_BACKOFF_MS } from '../../../src/monitor/backoff';
import { makeHarness, MIN, networkDown, project, SEC, type Harness } from './harness';

const ARCHES = ['fedora-rawhide-x86_64', 'fedora-rawhide-aarch64', 'epel-9-x86_64'];

describe('PollScheduler', () => {
  let h: Harness;
  afterEach(() => h?.dispose());

  describe('only what can change', () => {
    it('asks one page per project and one chroot list per unfinished build, per cycle', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      h.source.addBuild(p, ARCHES, { state: 'succeeded' });
      h.source.addBuild(p, ARCHES, { state: 'failed' });
      const running = h.source.addBuild(p, ARCHES, { state: 'running' });
      const queued = h.source.addBuild(p, ARCHES, { state: 'pending' });
      await h.start([project('alice', 'hello')]);
      assert.deepEqual(h.cycles[0].requests, { listProjects: 0, listBuilds: 1, listBuildTasks: 2, getBuild: 0 });
      assert.deepEqual(h.source.calls.filter((c) => c.method === 'listBuildTasks').map((c) => c.arg).sort(), [String(running), String(queued)]);
      for (let i = 0; i < 5; i++) await h.clock.advance(30 * SEC);
      assert.equal(h.cycles.length, 6);
      for (const c of h.cycles.slice(1)) assert.deepEqual(c.requests, { listProjects: 0, listBuilds: 1, listBuildTasks: 2, getBuild: 0 });
    });

    it('never asks about a build again once it is final, and falls back to the idle cadence', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      const id = h.source.addBuild(p, ARCHES, { state: 'running' });
      await h.start([project('alice', 'hello')]);
      h.source.setAll(id, 'succeeded');
      await h.clock.advance(30 * SEC);
      assert.equal(h.store.build(id)?.state, 'succeeded');
      const tasksCalls = h.source.count('listBuildTasks');
      await h.clock.advance(60 * MIN);
      assert.equal(h.source.count('listBuildTasks'), tasksCalls, 'no chroot list for a final build');
      const gaps = h.cycles.slice(2).map((c, i) => c.startedAt - h.cycles[i + 1].startedAt);
      assert.ok(gaps.length >= 10);
      for (const g of gaps) assert.equal(g, 5 * MIN);
    });

    it('refreshes an idle project page at the idle cadence while another project is busy', async () => {
      h = makeHarness();
      const busy = h.source.addProject('alice', 'busy');
      const quiet = h.source.addProject('alice', 'quiet');
      h.source.addBuild(busy, ARCHES, { state: 'running' });
      h.source.addBuild(quiet, ARCHES, { state: 'succeeded' });
      await h.start([project('alice', 'busy'), project('alice', 'quiet')]);
      h.source.resetCalls();
      await h.clock.advance(10 * MIN);
      const pages = (name: string) => h.source.calls.filter((c) => c.method === 'listBuilds' && c.arg === name).length;
      assert.equal(pages(busy), 20);
      assert.equal(pages(quiet), 2);
    });

    it('lists an owner\'s projects only at the idle cadence and polls each project as a scope', async () => {
      h = makeHarness();
      const a = h.source.addProject('alice', 'a');
      const b = h.source.addProject('alice', 'b');
      h.source.addBuild(a, ARCHES, { state: 'running' });
      h.source.addBuild(b, ARCHES, { state: 'succeeded' });
      await h.start([{ kind: 'owner', owner: 'alice' }]);
      assert.deepEqual(h.store.scopeState('owner:alice')?.projects, [a, b]);
      assert.equal(h.store.scopeState('owner:alice')?.status, 'ok');
      assert.equal(h.store.project(a)?.buildIds.length, 1);
      h.source.resetCalls();
      await h.clock.advance(10 * MIN);
      assert.equal(h.source.count('listProjects'), 2);
      const c = h.source.addProject('alice', 'c');
      await h.clock.advance(5 * MIN);
      assert.deepEqual(h.store.scopeState('owner:alice')?.projects, [a, b, c]);
    });

    it('sees a build that appears in a project and follows it', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      h.source.addBuild(p, ARCHES, { state: 'running' });
      await h.start([project('alice', 'hello')]);
      const fresh = h.source.addBuild(p, ARCHES, { state: 'pending' });
      await h.clock.advance(30 * SEC);
      assert.equal(h.store.project(p)?.buildIds[0], fresh);
      assert.equal(h.store.tasks(fresh)?.length, 3);
    });

    it('reads an importing build from its page until its chroots appear, without extra requests', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      const id = h.source.addBuild(p, ARCHES, { importing: true });
      await h.start([project('alice', 'hello')]);
      assert.deepEqual(h.cycles[0].requests, { listProjects: 0, listBuilds: 1, listBuildTasks: 0, getBuild: 0 });
      assert.equal(h.store.build(id)?.state, 'importing');
      await h.clock.advance(30 * SEC);
      assert.deepEqual(h.cycles[1].requests, { listProjects: 0, listBuilds: 1, listBuildTasks: 0, getBuild: 0 });
      h.source.finishImport(id);
      await h.clock.advance(30 * SEC);
      assert.deepEqual(h.cycles[2].requests, { listProjects: 0, listBuilds: 1, listBuildTasks: 1, getBuild: 0 });
      assert.equal(h.store.tasks(id)?.length, 3);
    });

    it('fetches the record of an importing build outside every page until its chroots appear', async () => {
      h = makeHarness();
      const p = h.source.addProject('bob', 'other');
      const id = h.source.addBuild(p, ARCHES, { importing: true });
      await h.start([]);
      await h.scheduler.watch(id);
      h.source.resetCalls();
      await h.clock.advance(30 * SEC);
      assert.deepEqual(h.source.calls, [{ method: 'getBuild', arg: String(id) }]);
      h.source.finishImport(id);
      await h.clock.advance(30 * SEC);
      await h.clock.advance(30 * SEC);
      assert.equal(h.store.tasks(id)?.length, 3);
      assert.equal(h.source.calls.at(-1)?.method, 'listBuildTasks');
    });

    it('infers the end of a build outside every page from its chroots', async () => {
      h = makeHarness();
      const p = h.source.addProject('bob', 'other');
      const id = h.source.addBuild(p, ARCHES, { state: 'running' });
      await h.start([]);
      await h.scheduler.watch(id);
      h.source.setAll(id, 'succeeded');
      h.source.setChroot(id, ARCHES[2], 'failed');
      h.source.resetCalls();
      await h.clock.advance(30 * SEC);
      assert.deepEqual(h.source.calls, [{ method: 'listBuildTasks', arg: String(id) }]);
      assert.equal(h.store.build(id)?.state, 'failed');
      assert.equal(h.finished.length, 1);
    });

    it('keeps following a running build pushed off its page until it ends', async () => {
      h = makeHarness({ settings: { maxBuilds: 2 } });
      const p = h.source.addProject('alice', 'hello');
      const old = h.source.addBuild(p, ARCHES, { state: 'running' });
      await h.start([project('alice', 'hello')]);
      h.source.addBuild(p, ARCHES, { state: 'succeeded' });
      h.source.addBuild(p, ARCHES, { state: 'succeeded' });
      await h.clock.advance(30 * SEC);
      assert.ok(!h.store.project(p)?.buildIds.includes(old));
      assert.ok(h.store.build(old));
      h.source.setAll(old, 'failed');
      await h.clock.advance(30 * SEC);
      assert.deepEqual(h.finished.at(-1)?.map((f) => f.build.id), [old]);
      await h.clock.advance(30 * SEC);
      assert.equal(h.store.build(old), undefined, 'forgotten once announced');
    });
  });

  describe('focus', () => {
    it('slows down four times while unfocused and stops after 30 minutes', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      h.source.addBuild(p, ARCHES, { state: 'running' });
      await h.start([project('alice', 'hello')]);
      h.scheduler.setFocused(false);
      await h.clock.advance(40 * MIN);
      const starts = h.cycles.map((c) => c.startedAt - h.cycles[0].startedAt);
      assert.deepEqual(starts, Array.from({ length: 15 }, (_, i) => i * 2 * MIN));
      assert.deepEqual(h.scheduler.health, { state: 'stopped' });
      assert.equal(h.clock.pendingTimers(), 0);
    });

    it('refreshes right away when focus comes back', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      const id = h.source.addBuild(p, ARCHES, { state: 'succeeded' });
      await h.start([project('alice', 'hello')]);
      h.scheduler.setFocused(false);
      await h.clock.advance(45 * MIN);
      const before = h.cycles.length;
      h.source.addBuild(p, ARCHES, { state: 'running' });
      h.scheduler.setFocused(true);
      await h.clock.advance(0);
      assert.equal(h.cycles.length, before + 1);
      assert.deepEqual(h.scheduler.health, { state: 'ok' });
      assert.equal(h.store.project(p)?.buildIds.length, 2);
      assert.ok(h.store.build(id));
    });

    it('jitters the focus refresh when several scopes exist', async () => {
      h = makeHarness({ random: () => 0.8 });
      h.source.addProject('alice', 'a');
      h.source.addProject('alice', 'b');
      h.source.addProject('alice', 'c');
      await h.start([project('alice', 'a'), project('alice', 'b'), project('alice', 'c')]);
      h.scheduler.setFocused(false);
      await h.clock.advance(31 * MIN);
      const before = h.cycles.length;
      h.scheduler.setFocused(true);
      await h.clock.advance(0);
      assert.equal(h.cycles.length, before, 'not at the very same instant');
      await h.clock.advance(1200);
      assert.equal(h.cycles.length, before + 1);
      assert.equal(h.cycles.at(-1)?.level, 'pages');
      assert.ok(h.cycles.at(-1)!.startedAt - h.clock.now() <= 0);
    });
  });

  describe('errors', () => {
    it('backs off exponentially with jitter up to 10 minutes, with one health change per outage', async () => {
      h = makeHarness({ random: () => 1 });
      const p = h.source.addProject('alice', 'hello');
      h.source.addBuild(p, ARCHES, { state: 'running' });
      await h.start([project('alice', 'hello')]);
      h.source.down = networkDown();
      await h.clock.advance(60 * MIN);
      const failing = h.cycles.filter((c) => c.outcome === 'outage').map((c) => c.startedAt);
      const gaps = failing.slice(1).map((t, i) => t - failing[i]);
      assert.deepEqual(gaps.slice(0, 6), [30 * SEC, 60 * SEC, 120 * SEC, 240 * SEC, 480 * SEC, 600 * SEC]);
      for (const g of gaps) assert.ok(g <= MAX_BACKOFF_MS);
      assert.deepEqual(h.health.map((x) => x.state), ['backoff']);
      h.source.down = undefined;
      await h.clock.advance(10 * MIN);
      assert.deepEqual(h.health.map((x) => x.state), ['backoff', 'ok']);
      assert.equal(h.logs.filter((l) => l.startsWith('warn')).length, 1, 'one warning per outage');
    });

    it('jitters each backoff step within its upper half', async () => {
      h = makeHarness({ random: () => 0 });
      const p = h.source.addProject('alice', 'hello');
      h.source.addBuild(p, ARCHES, { state: 'running' });
      await h.start([project('alice', 'hello')]);
      h.source.down = networkDown();
      await h.clock.advance(60 * MIN);
      const failing = h.cycles.filter((c) => c.outcome === 'outage').map((c) => c.startedAt);
      const gaps = failing.slice(1).map((t, i) => t - failing[i]);
      assert.deepEqual(gaps.slice(0, 7), [15, 30, 60, 120, 240, 300, 300].map((s) => s * SEC));
    });

    it('honours Retry-After on 429 and 503', async () => {
      for (const status of [429, 503]) {
        h = makeHarness({ random: () => 0 });
        const p = h.source.addProject('alice', 'hello');
        h.source.addBuild(p, ARCHES, { state: 'running' });
        await h.start([project('alice', 'hello')]);
        h.source.failNext(new CoprError('http', 'Too busy', undefined, status, 420));
        await h.clock.advance(30 * SEC);
        const failedAt = h.clock.now();
        const health = h.scheduler.health;
        assert.equal(health.state, 'backoff');
        assert.equal(health.state === 'backoff' && health.retryAt, failedAt + 420 * SEC);
        await h.clock.advance(419 * SEC);
        assert.equal(h.cycles.at(-1)?.outcome, 'outage', `${status}: no retry before Retry-After`);
        await h.clock.advance(1 * SEC);
        assert.equal(h.cycles.at(-1)?.outcome, 'ok');
        h.dispose();
      }
    });

    it('pauses on a blocked answer until the user refreshes', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      h.source.addBuild(p, ARCHES, { state: 'running' });
      await h.start([project('alice', 'hello')]);
      h.source.down = new CoprError('blocked', 'Copr answered with a web page (bot protection).');
      await h.clock.advance(30 * SEC);
      assert.equal(h.scheduler.health.state, 'blocked');
      assert.equal(h.clock.pendingTimers(), 0);
      const calls = h.source.count();
      h.scheduler.setFocused(false);
      h.scheduler.setFocused(true);
      await h.clock.advance(120 * MIN);
      assert.equal(h.source.count(), calls, 'nothing asked while blocked');
      h.source.down = undefined;
      await h.scheduler.refresh();
      assert.equal(h.scheduler.health.state, 'ok');
      assert.deepEqual(h.health.map((x) => x.state), ['blocked', 'ok']);
      await h.clock.advance(30 * SEC);
      assert.ok(h.source.count() > calls + 2, 'polling resumed');
    });

    it('marks a missing project as a scope error without stopping the others', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      h.source.addBuild(p, ARCHES, { state: 'running' });
      const notFound = new CoprError('not-found', 'Project alice/gone does not exist.', undefined, 404);
      const original = h.source.listBuilds.bind(h.source);
      h.source.listBuilds = async (q) => (q.project === 'alice/gone' ? Promise.reject(notFound) : original(q));
      await h.start([project('alice', 'gone'), project('alice', 'hello')]);
      assert.equal(h.store.scopeState('project:alice/gone')?.status, 'error');
      assert.equal(h.store.scopeState('project:alice/hello')?.status, 'ok');
      assert.equal(h.scheduler.health.state, 'ok');
    });
  });

  describe('transitions', () => {
    it('announces nothing at start-up for builds that had already finished', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      h.source.addBuild(p, ARCHES, { state: 'failed' });
      const active = h.source.addBuild(p, ARCHES, { state: 'running' });
      h.source.setChroot(active, ARCHES[0], 'failed');
      await h.start([project('alice', 'hello')]);
      await h.clock.advance(30 * MIN);
      assert.deepEqual(h.finished, []);
      assert.deepEqual(h.failed, []);
      const failures = h.store.failures();
      assert.equal(failures.length, 1, 'the running build\'s old failure is listed');
      assert.equal(failures[0].acknowledged, true);
    });

    it('reports a failed chroot as soon as it fails, before its build ends', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      const id = h.source.addBuild(p, ARCHES, { state: 'running' });
      await h.start([project('alice', 'hello')]);
      h.source.setChroot(id, ARCHES[1], 'failed');
      await h.clock.advance(30 * SEC);
      assert.equal(h.failed.length, 1);
      assert.deepEqual(h.failed[0].map((f) => [f.build.id, f.task.chroot_name]), [[id, ARCHES[1]]]);
      assert.equal(h.store.build(id)?.state, 'running');
      assert.deepEqual(h.store.counts(), { running: 1, active: 1, failed: 1, unacknowledged: 1 });
      h.store.acknowledgeFailures();
      assert.deepEqual(h.store.counts(), { running: 1, active: 1, failed: 1, unacknowledged: 0 });
      h.source.setAll(id, 'failed');
      await h.clock.advance(30 * SEC);
      assert.deepEqual(h.failed[1].map((f) => f.task.chroot_name).sort(), [ARCHES[0], ARCHES[2]].sort());
      assert.equal(h.finished.length, 1);
      assert.deepEqual(h.finished[0][0].tasks.map((t) => t.state), ['failed', 'failed', 'failed']);
      await h.clock.advance(30 * MIN);
      assert.equal(h.failed.length, 2, 'each failure once');
      assert.equal(h.finished.length, 1, 'each end once');
    });

    it('announces transitions that happened during an outage once, none lost, none twice', async () => {
      h = makeHarness({ random: () => 0.5 });
      const p = h.source.addProject('alice', 'hello');
      const a = h.source.addBuild(p, ARCHES, { state: 'running' });
      const b = h.source.addBuild(p, ARCHES, { state: 'running' });
      const c = h.source.addBuild(p, ARCHES, { state: 'running' });
      await h.start([project('alice', 'hello')]);
      h.source.down = networkDown();
      await h.clock.advance(2 * MIN);
      h.source.setAll(a, 'succeeded');
      h.source.setChroot(b, ARCHES[0], 'failed');
      h.source.setAll(c, 'failed');
      await h.clock.advance(3 * MIN);
      assert.equal(h.finished.length, 0);
      h.source.down = undefined;
      await h.clock.runUntilIdle(15 * MIN);
      await h.clock.advance(30 * MIN);
      assert.deepEqual(h.finished.flat().map((f) => f.build.id).sort(), [a, c].sort());
      const failures = h.failed.flat().map((f) => `${f.build.id}/${f.task.chroot_name}`).sort();
      assert.deepEqual(failures, [`${b}/${ARCHES[0]}`, ...ARCHES.map((x) => `${c}/${x}`)].sort());
      h.source.setAll(b, 'succeeded');
      await h.clock.advance(30 * SEC);
      assert.deepEqual(h.finished.flat().map((f) => f.build.id).sort(), [a, b, c].sort());
    });

    it('loses nothing when an outage interrupts a cycle half way', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      const ids = [1, 2, 3, 4, 5, 6].map(() => h.source.addBuild(p, ARCHES, { state: 'running' }));
      await h.start([project('alice', 'hello')]);
      for (const id of ids) h.source.setAll(id, 'failed');
      // The page and three chroot lists answer, then the server fails for a while.
      let answered = 0;
      const original = h.source.listBuildTasks.bind(h.source);
      h.source.listBuildTasks = async (q) => {
        if (++answered > 3 && answered < 12) throw networkDown();
        return original(q);
      };
      await h.clock.advance(30 * MIN);
      assert.deepEqual(h.finished.flat().map((f) => f.build.id).sort(), [...ids].sort());
      assert.equal(h.failed.flat().length, ids.length * ARCHES.length);
      assert.equal(new Set(h.failed.flat().map((f) => `${f.build.id}/${f.task.chroot_name}`)).size, ids.length * ARCHES.length);
    });

    it('announces a build that started and ended between two polls', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      h.source.addBuild(p, ARCHES, { state: 'succeeded' });
      await h.start([project('alice', 'hello')]);
      const quick = h.source.addBuild(p, ARCHES, { state: 'failed' });
      await h.clock.advance(5 * MIN);
      assert.deepEqual(h.finished.flat().map((f) => f.build.id), [quick]);
      assert.equal(h.finished[0][0].tasks.length, 3);
      assert.equal(h.failed.flat().length, 3);
    });

    it('announces a canceled build with its final chroots', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      const id = h.source.addBuild(p, ARCHES, { state: 'running' });
      await h.start([project('alice', 'hello')]);
      h.source.setChroot(id, ARCHES[0], 'succeeded');
      h.source.cancel(id);
      await h.clock.advance(30 * SEC);
      assert.equal(h.finished.length, 1);
      assert.equal(h.finished[0][0].build.state, 'canceled');
      assert.deepEqual(h.finished[0][0].tasks.map((t) => t.state), ['succeeded', 'canceled', 'canceled']);
    });

    it('batches builds that end in the same cycle', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      const a = h.source.addBuild(p, ARCHES, { state: 'running' });
      const b = h.source.addBuild(p, ARCHES, { state: 'running' });
      await h.start([project('alice', 'hello')]);
      h.source.setAll(a, 'succeeded');
      h.source.setAll(b, 'succeeded');
      await h.clock.advance(30 * SEC);
      assert.equal(h.finished.length, 1);
      assert.equal(h.finished[0].length, 2);
    });
  });

  describe('watching', () => {
    it('follows a watched build outside the scopes until it ends, and stops on unwatch', async () => {
      h = makeHarness();
      const mine = h.source.addProject('alice', 'hello');
      const other = h.source.addProject('bob', 'other');
      h.source.addBuild(mine, ARCHES, { state: 'succeeded' });
      const a = h.source.addBuild(other, ARCHES, { state: 'running' });
      const b = h.source.addBuild(other, ARCHES, { state: 'running' });
      await h.start([project('alice', 'hello')]);
      await h.scheduler.watch(a);
      await h.scheduler.watch(b);
      assert.deepEqual(h.store.watched(), [a, b]);
      assert.equal(h.store.tasks(a)?.length, 3);
      h.source.resetCalls();
      await h.clock.advance(30 * SEC);
      assert.deepEqual(h.source.calls.filter((c) => c.method === 'listBuildTasks').map((c) => c.arg).sort(), [String(a), String(b)].sort());
      h.source.setAll(a, 'failed');
      await h.clock.advance(30 * SEC);
      assert.deepEqual(h.finished.flat().map((f) => f.build.id), [a]);
      h.scheduler.unwatch(b);
      assert.equal(h.store.build(b), undefined);
      h.source.resetCalls();
      await h.clock.advance(30 * MIN);
      assert.equal(h.source.count('listBuildTasks'), 0);
      assert.deepEqual(h.store.watched(), [a]);
      h.scheduler.unwatch();
      assert.deepEqual(h.store.watched(), []);
    });

    it('rejects a build that does not exist and does not keep it', async () => {
      h = makeHarness();
      await h.start([]);
      await assert.rejects(h.scheduler.watch(424242), (e: unknown) => e instanceof CoprError && e.kind === 'not-found');
      assert.deepEqual(h.store.watched(), []);
    });

    it('brings the next cycle forward when a build is watched during an idle wait', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      const other = h.source.addProject('bob', 'other');
      h.source.addBuild(p, ARCHES, { state: 'succeeded' });
      const id = h.source.addBuild(other, ARCHES, { state: 'running' });
      await h.start([project('alice', 'hello')]);
      await h.clock.advance(10 * SEC);
      await h.scheduler.watch(id);
      h.source.setAll(id, 'succeeded');
      await h.clock.advance(20 * SEC);
      assert.equal(h.finished.length, 1);
    });
  });

  describe('on demand', () => {
    it('loads a final build\'s chroots once', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      const id = h.source.addBuild(p, ARCHES, { state: 'succeeded' });
      await h.start([project('alice', 'hello')]);
      assert.equal(h.store.tasks(id), undefined);
      const [first, second] = await Promise.all([h.scheduler.ensureTasks(id), h.scheduler.ensureTasks(id)]);
      assert.equal(first.length, 3);
      assert.equal(second, first);
      await h.scheduler.ensureTasks(id);
      assert.equal(h.source.count('listBuildTasks'), 1);
      assert.deepEqual(h.failed, []);
    });

    it('loads older builds page by page', async () => {
      h = makeHarness({ settings: { maxBuilds: 2 } });
      const p = h.source.addProject('alice', 'hello');
      const ids = [1, 2, 3, 4, 5].map(() => h.source.addBuild(p, ARCHES, { state: 'succeeded' }));
      await h.start([project('alice', 'hello')]);
      assert.deepEqual(h.store.project(p), { fullName: p, owner: 'alice', name: 'hello', buildIds: [ids[4], ids[3]], hasMore: true });
      await h.scheduler.loadMore(p);
      await h.scheduler.loadMore(p);
      assert.deepEqual(h.store.project(p)?.buildIds, [...ids].reverse());
      assert.equal(h.store.project(p)?.hasMore, false);
      await h.clock.advance(5 * MIN);
      assert.deepEqual(h.store.project(p)?.buildIds, [...ids].reverse(), 'a page refresh keeps the older builds');
    });
  });

  describe('lifetime', () => {
    it('leaves no timer behind after dispose, whatever it was doing', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      h.source.addBuild(p, ARCHES, { state: 'running' });
      await h.start([project('alice', 'hello')]);
      h.scheduler.setFocused(false);
      assert.ok(h.clock.pendingTimers() >= 2);
      h.scheduler.dispose();
      assert.equal(h.clock.pendingTimers(), 0);
      const calls = h.source.count();
      await h.clock.advance(120 * MIN);
      assert.equal(h.source.count(), calls);
    });

    it('stops a cycle in flight on dispose and schedules nothing after it', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      h.source.addBuild(p, ARCHES, { state: 'running' });
      let release: () => void = () => undefined;
      const original = h.source.listBuilds.bind(h.source);
      h.source.listBuilds = (q) => new Promise((resolve) => (release = () => resolve(original(q))));
      h.scheduler.setScopes([project('alice', 'hello')]);
      await h.clock.advance(0);
      h.scheduler.dispose();
      release();
      await h.clock.advance(0);
      assert.equal(h.clock.pendingTimers(), 0);
      assert.equal(h.cycles.length, 0);
    });

    it('forgets scopes that are no longer configured', async () => {
      h = makeHarness();
      const a = h.source.addProject('alice', 'a');
      const b = h.source.addProject('alice', 'b');
      const ida = h.source.addBuild(a, ARCHES, { state: 'running' });
      h.source.addBuild(b, ARCHES, { state: 'running' });
      await h.start([project('alice', 'a'), project('alice', 'b')]);
      h.scheduler.setScopes([project('alice', 'b')]);
      assert.equal(h.store.project(a), undefined);
      assert.equal(h.store.build(ida), undefined);
      assert.deepEqual(h.store.scopes().map((s) => s.key), ['project:alice/b']);
      h.source.resetCalls();
      await h.clock.advance(30 * SEC);
      assert.ok(h.source.calls.every((c) => c.arg !== a && c.arg !== String(ida)));
    });
  });
});
