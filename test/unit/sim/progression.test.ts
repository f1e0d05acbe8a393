import * as assert from 'node:assert/strict';
import { startSimulator, type SimulatorHandle } from '../../copr-sim';
import { ARRIVALS, BUILDS, DEFAULT_START_TIME, PROJECTS } from '../../copr-sim/fixtures';
import { aggregateState } from '../../copr-sim/model';
import { get, type V3Build, type V3Chroot, type V3List } from './helpers';

describe('copr-sim world over time', function () {
  this.timeout(20_000);
  let sim: SimulatorHandle;
  beforeEach(async () => {
    sim = await startSimulator();
  });
  afterEach(() => sim.close());

  const build = async (id: number) => (await get<V3Build>(sim, `/api_3/build/${id}`)).json;
  const chroots = async (id: number) => (await get<V3List<V3Chroot>>(sim, `/api_3/build-chroot/list?build_id=${id}`)).json.items;

  it('starts at DEFAULT_START_TIME on a manual clock that moves only when advanced', () => {
    assert.equal(sim.clock.now(), DEFAULT_START_TIME);
    sim.clock.advance(90);
    assert.equal(sim.clock.now(), DEFAULT_START_TIME + 90);
    assert.throws(() => sim.clock.advance(-1));
  });

  it('moves the running fixture to failed once its last chroot ends, with started_on = min and ended_on = max', async () => {
    const t0 = sim.clock.now();
    sim.clock.advance(650);
    assert.deepEqual((await chroots(BUILDS.running.id)).map((c) => c.state), ['succeeded', 'failed', 'succeeded', 'running', 'running']);
    assert.equal((await build(BUILDS.running.id)).state, 'running'); // running outranks failed
    assert.equal((await build(BUILDS.running.id)).ended_on, null);
    sim.clock.advance(600);
    const b = await build(BUILDS.running.id);
    assert.equal(b.state, 'failed');
    assert.equal(b.started_on, t0 - 600);
    assert.equal(b.ended_on, t0 + 1200);
    assert.equal(sim.world.failureKindOf(BUILDS.running.id, 'fedora-rawhide-aarch64'), 'check-failure');
    assert.equal(sim.world.failureKindOf(BUILDS.running.id, 'fedora-rawhide-s390x'), 'build-error');
    assert.equal(sim.world.failureKindOf(BUILDS.running.id, 'fedora-rawhide-x86_64'), null);
  });

  it('reveals the importing build\'s chroots after the import and then runs them', async () => {
    assert.equal((await build(BUILDS.importing.id)).state, 'importing');
    sim.clock.advance(95);
    const b = await build(BUILDS.importing.id);
    assert.equal(b.state, 'pending'); // all chroots waiting
    assert.deepEqual((await chroots(BUILDS.importing.id)).map((c) => c.state), ['waiting', 'waiting']);
    assert.equal(b.source_package.name, 'hello');
    sim.clock.advance(30);
    assert.deepEqual((await chroots(BUILDS.importing.id)).map((c) => c.state), ['starting', 'pending']);
    assert.equal((await build(BUILDS.importing.id)).state, 'starting');
    sim.clock.advance(300);
    assert.equal((await build(BUILDS.importing.id)).state, 'succeeded');
  });

  it('takes an added build through importing, pending, starting, running and its outcome', async () => {
    const id = sim.world.addBuild({ owner: 'alice', project: 'hello', package: 'hello', version: '3.0-1', outcome: { 'fedora-42-x86_64': 'failed' }, failureKind: 'missing-files', durationSeconds: 200 });
    const seen: string[] = [];
    for (let i = 0; i < 40; i++) {
      const s = (await build(id)).state;
      if (seen.at(-1) !== s) seen.push(s);
      sim.clock.advance(10);
    }
    assert.deepEqual(seen, ['importing', 'pending', 'starting', 'running', 'failed']);
    assert.equal(sim.world.failureKindOf(id, 'fedora-42-x86_64'), 'missing-files');
    assert.deepEqual((await chroots(id)).map((c) => c.state), ['succeeded', 'failed']);
  });

  it('cancels a build: canceled wins, a running chroot fails, queued ones keep ended_on null', async () => {
    sim.world.cancelBuild(BUILDS.running.id);
    sim.clock.advance(5000);
    const b = await build(BUILDS.running.id);
    assert.equal(b.state, 'canceled');
    assert.equal(b.ended_on, null);
    const cs = await chroots(BUILDS.running.id);
    assert.deepEqual(cs.map((c) => c.state), ['failed', 'failed', 'failed', 'pending', 'pending']);
    assert.equal(cs[0]?.ended_on, DEFAULT_START_TIME);
    assert.equal(sim.world.failureKindOf(BUILDS.running.id, 'fedora-rawhide-x86_64'), null); // canceled, not broken
  });

  it('forces a chroot state and keeps it', async () => {
    sim.world.setChrootState(BUILDS.pending.id, 'fedora-rawhide-s390x', 'running');
    assert.equal((await build(BUILDS.pending.id)).state, 'running');
    sim.clock.advance(100);
    sim.world.setChrootState(BUILDS.pending.id, 'fedora-rawhide-s390x', 'failed');
    const c = (await chroots(BUILDS.pending.id)).find((x) => x.name === 'fedora-rawhide-s390x');
    assert.deepEqual([c?.state, c?.started_on, c?.ended_on], ['failed', DEFAULT_START_TIME, DEFAULT_START_TIME + 100]);
    sim.clock.advance(5000);
    assert.equal((await build(BUILDS.pending.id)).state, 'failed');
  });

  it('brings new builds into @rpm-team/rpm-ci on schedule', async () => {
    const list = async () => (await get<V3List<V3Build>>(sim, `/api_3/build/list?ownername=${encodeURIComponent(PROJECTS.ci.owner)}&projectname=rpm-ci`)).json.items;
    assert.equal((await list()).length, 1);
    sim.clock.advance(ARRIVALS.firstAt + 2 * ARRIVALS.interval);
    const items = await list();
    assert.equal(items.length, 4);
    assert.equal(items[0]?.state, 'importing');
    assert.equal(items[0]?.submitted_on, DEFAULT_START_TIME + ARRIVALS.firstAt + 2 * ARRIVALS.interval);
  });

  it('is deterministic for a seed and different across seeds', async () => {
    const snapshot = async (s: SimulatorHandle) => (await get(s, '/api_3/project/list')).text.replaceAll(s.url, '') +
      (await get(s, '/api_2/build_tasks?limit=100&offset=50')).text.replaceAll(s.url, '');
    const a = await startSimulator({ seed: 11 });
    const b = await startSimulator({ seed: 11 });
    const c = await startSimulator({ seed: 12 });
    try {
      assert.equal(await snapshot(a), await snapshot(b));
      assert.notEqual(await snapshot(a), await snapshot(c));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('aggregates build states as copr-api.md §4 says', () => {
    assert.equal(aggregateState(true, null, ['running']), 'canceled');
    assert.equal(aggregateState(false, 'importing', []), 'importing');
    assert.equal(aggregateState(false, 'succeeded', ['failed', 'running']), 'running');
    assert.equal(aggregateState(false, 'succeeded', ['failed', 'pending']), 'pending');
    assert.equal(aggregateState(false, 'succeeded', ['failed', 'succeeded']), 'failed');
    assert.equal(aggregateState(false, 'succeeded', ['skipped', 'succeeded']), 'succeeded');
    assert.equal(aggregateState(false, 'succeeded', ['forked', 'skipped']), 'skipped');
    assert.equal(aggregateState(false, 'succeeded', ['waiting', 'waiting']), 'pending');
    assert.equal(aggregateState(false, 'succeeded', []), 'waiting');
    assert.equal(aggregateState(false, 'succeeded', ['canceled']), 'unknown');
  });

  it('serves the fixed skipped and forked builds as final with both timestamps set', async () => {
    for (const [id, state] of [[BUILDS.skipped.id, 'skipped'], [BUILDS.forked.id, 'forked']] as const) {
      const b = await build(id);
      assert.equal(b.state, state);
      assert.notEqual(b.ended_on, null);
      assert.equal(b.started_on, b.ended_on);
    }
  });

  it('follows a realtime clock scaled by speed', async () => {
    const rt = await startSimulator({ clock: 'realtime', speed: 1000, world: 'empty' });
    try {
      const first = rt.clock.now();
      await new Promise((r) => setTimeout(r, 5));
      assert.ok(rt.clock.now() > first);
    } finally {
      await rt.close();
    }
  });
});
