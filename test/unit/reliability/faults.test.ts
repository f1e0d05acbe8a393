// Every way Copr or the network can fail, during the first load and during polling, against the real monitor over
// real HTTP: nothing escapes, the last good tree stays, one health change per outage with a message that says what
// happened, retries back off, and when the fault ends the monitor recovers by itself and announces every failure
// and every finished build that happened during the outage exactly once. (Bot protection is the exception by
// design: polling pauses until the person refreshes, so a challenge page is not hammered.)
import * as assert from 'node:assert/strict';
import { startSimulator, type SimulatorHandle } from '../../copr-sim';
import { guardEscapes, type EscapeGuard } from './guard';
import { FAILURE_MODES, MESSAGE_OF, Rig, SECRET_PASSWORD, type FailureMode } from './rig';
import { passed } from './tally';

export const CHROOTS = ['fedora-rawhide-x86_64', 'fedora-rawhide-aarch64', 'epel-9-x86_64'];
const SCOPE = { kind: 'project' as const, owner: 'rel', project: 'p' };

async function world(): Promise<SimulatorHandle> {
  const sim = await startSimulator({ world: 'empty' });
  sim.world.addProject('rel', 'p', CHROOTS);
  return sim;
}

const badState = (mode: FailureMode) => (mode === 'html200' ? 'blocked' : 'backoff');

/** Start times of the cycles that met the outage. */
function outageStarts(rig: Rig): number[] {
  return rig.cycles.filter((c) => c.outcome === 'outage' || c.outcome === 'blocked').map((c) => c.startedAt);
}

/** Retries are at least one poll interval apart and never closer together than the previous pair. */
function assertBacksOff(rig: Rig, mode: FailureMode): void {
  const starts = outageStarts(rig);
  if (mode === 'html200') {
    assert.equal(starts.length, 1, 'bot protection: one attempt, then polling waits for the person');
    return;
  }
  assert.ok(starts.length >= 2, `retried (${starts.length} attempts)`);
  const gaps = starts.slice(1).map((s, i) => s - (starts[i] as number));
  for (const [i, g] of gaps.entries()) {
    // Equal jitter: the first retry waits half to one poll interval, each later one at least the previous.
    assert.ok(g >= 5_000, `retry ${i + 1} waited ${g} ms`);
    if (i > 0) assert.ok(g >= (gaps[i - 1] as number), `gaps grow: ${gaps.join(', ')}`);
  }
}

function assertNoSecrets(rig: Rig): void {
  const leaks = rig.logger.lines.filter((l) => l.includes(SECRET_PASSWORD));
  assert.deepEqual(leaks, [], 'no log line carries the password');
  for (const s of rig.store.scopes()) assert.ok(!(s.error?.message ?? '').includes(SECRET_PASSWORD));
  for (const h of rig.health) if (h.state === 'backoff' || h.state === 'blocked') assert.ok(!h.error.message.includes(SECRET_PASSWORD) && !(h.error.url ?? '').includes(SECRET_PASSWORD));
  const sent = rig.sim.requests.list();
  assert.ok(sent.length > 0);
  for (const r of sent) {
    assert.equal(r.headers.authorization, undefined, `${r.path} carried no Authorization`);
    assert.equal(r.headers.cookie, undefined);
    assert.equal(r.headers['user-agent'], 'copr-vscode/7.7.7-rel');
  }
}

/** Ends the outage; bot protection needs the person's refresh, everything else recovers by itself. */
async function heal(rig: Rig, mode: FailureMode): Promise<void> {
  await rig.heal();
  if (mode === 'html200') {
    const before = rig.apiRequests();
    await rig.run(120);
    assert.equal(rig.apiRequests(), before, 'nothing is asked while blocked');
    await rig.inFlight.track(rig.scheduler.refresh());
  }
}

describe('reliability: faults × phases (monitor over real HTTP)', function () {
  this.timeout(120_000);
  let sim: SimulatorHandle;
  let rig: Rig;
  let guard: EscapeGuard;
  beforeEach(async () => {
    guard = guardEscapes();
    sim = await world();
  });
  afterEach(async () => {
    guard.dispose();
    await rig?.dispose();
    await sim.close();
  });

  for (const mode of FAILURE_MODES) {
    it(`${mode} during the first load: an error scope saying why, backoff, then the tree by itself`, async () => {
      const b1 = sim.world.addBuild({ owner: 'rel', project: 'p', package: 'pkg', outcome: { [CHROOTS[1] as string]: 'failed' }, failureKind: 'build-error', durationSeconds: 600 });
      rig = await Rig.create(sim, { scopes: [SCOPE] });
      await rig.breakWith(mode);
      await rig.start();
      await rig.run(150);
      assert.deepEqual(rig.healthStates(), [badState(mode)], 'one health change for the outage');
      const scope = rig.store.scopeState('project:rel/p');
      assert.equal(scope?.status, 'error');
      assert.match(scope?.error?.message ?? '', MESSAGE_OF[mode]);
      assert.equal(rig.store.buildIds().length, 0);
      assertBacksOff(rig, mode);

      await heal(rig, mode);
      await rig.runUntil('recovery', () => rig.scheduler.health.state === 'ok' && rig.store.build(b1) !== undefined, 600);
      assert.equal(rig.store.scopeState('project:rel/p')?.status, 'ok');
      await rig.runUntil(`build ${b1} to end`, () => rig.finishedIds().includes(b1), 900);
      assert.deepEqual(rig.healthStates(), [badState(mode), 'ok']);
      assert.deepEqual(rig.failedKeys(), [`${b1}/${CHROOTS[1]}`]);
      assert.deepEqual(rig.finishedIds(), [b1]);
      assertNoSecrets(rig);
      assert.deepEqual(guard.escaped, []);
      passed('faultPhases', `${mode}×first-load`);
    });

    it(`${mode} while polling: the last good tree stays, then every transition of the outage once`, async () => {
      const b1 = sim.world.addBuild({ owner: 'rel', project: 'p', package: 'pkg', outcome: { [CHROOTS[1] as string]: 'failed' }, failureKind: 'build-error', durationSeconds: 600 });
      rig = await Rig.create(sim, { scopes: [SCOPE] });
      await rig.start();
      await rig.runUntil('the first load', () => (rig.store.tasks(b1)?.length ?? 0) === CHROOTS.length, 200);
      const t0 = Math.floor(sim.clock.now());
      const listing = rig.store.project('rel/p')?.buildIds;
      const tasks = rig.store.tasks(b1);
      assert.deepEqual(rig.healthStates(), []);

      await rig.breakWith(mode);
      let b2 = 0;
      const requestsBefore = rig.apiRequests();
      // The outage lasts 12 minutes: b1 fails a chroot and ends; b2 is submitted, fails and ends, all unseen.
      await rig.run(720, (t) => {
        if (t === t0 + 30) b2 = sim.world.addBuild({ owner: 'rel', project: 'p', package: 'pkg2', outcome: { [CHROOTS[0] as string]: 'failed' }, failureKind: 'check-failure', durationSeconds: 100 });
        assert.deepEqual(rig.store.project('rel/p')?.buildIds, listing, 'the listing is kept');
        assert.deepEqual(rig.store.tasks(b1), tasks, 'the chroots are kept');
      });
      assert.deepEqual(rig.healthStates(), [badState(mode)], 'one health change for the outage');
      const h = rig.scheduler.health;
      assert.ok(h.state === 'backoff' || h.state === 'blocked');
      assert.match(h.error.message, MESSAGE_OF[mode]);
      assertBacksOff(rig, mode);
      assert.ok(rig.apiRequests() - requestsBefore <= 16, `few requests during the outage: ${rig.apiRequests() - requestsBefore}`);
      assert.deepEqual(rig.failedKeys(), [], 'nothing announced from stale data');

      await heal(rig, mode);
      await rig.runUntil('recovery and both ends announced', () => rig.scheduler.health.state === 'ok' && rig.finishedIds().length >= 2, 900);
      await rig.run(120);
      assert.deepEqual(rig.healthStates(), [badState(mode), 'ok']);
      assert.deepEqual(rig.failedKeys().sort(), [`${b1}/${CHROOTS[1]}`, `${b2}/${CHROOTS[0]}`].sort(), 'each failure once');
      assert.deepEqual(rig.finishedIds().sort(), [b1, b2].sort(), 'each end once');
      assertNoSecrets(rig);
      assert.deepEqual(guard.escaped, []);
      passed('faultPhases', `${mode}×polling`);
    });
  }
});
