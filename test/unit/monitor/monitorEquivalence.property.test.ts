// Property: whatever the world (packages, directories, builds superseded by newer builds of their package, imports,
// cancels, chroots that change at any time), the scheduler that asks monitors where cheaper ends with the same store
// as the one that asks one chroot list per unfinished build, and announces the same failures and ends.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TaskState } from '../../../src/api/types';
import type { TaskStore } from '../../../src/monitor/taskStore';
import { makeHarness, MIN, project, SEC, type Harness } from './harness';
import { ScriptedCopr } from './scriptedSource';

const CHROOTS = ['fedora-rawhide-x86_64', 'fedora-41-x86_64', 'epel-9-x86_64'];
const PACKAGES = ['alpha', 'beta'];
const STATES: TaskState[] = ['pending', 'starting', 'running', 'succeeded', 'failed', 'waiting'];

type Op =
  | { kind: 'add'; pkg: number; dir: number; chroots: number; importing: number; state: number }
  | { kind: 'set'; build: number; chroot: number; state: number }
  | { kind: 'all'; build: number; state: number }
  | { kind: 'cancel'; build: number }
  | { kind: 'import'; build: number }
  | { kind: 'wait'; cycles: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('add' as const), pkg: fc.nat(PACKAGES.length - 1), dir: fc.nat(3),
      chroots: fc.oneof(fc.constant(7), fc.integer({ min: 1, max: 7 })), importing: fc.nat(3), state: fc.nat(2),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('set' as const), build: fc.nat(), chroot: fc.nat(CHROOTS.length - 1), state: fc.nat(STATES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('all' as const), build: fc.nat(), state: fc.nat(STATES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), build: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('import' as const), build: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), cycles: fc.integer({ min: 1, max: 4 }) }) },
);

const FINAL = new Set<TaskState | undefined>(['succeeded', 'failed', 'canceled', 'skipped', 'forked']);

/**
 * Applies one operation to a scripted Copr (a new build's id goes to `ids`). As in Copr, a chroot that ended never
 * changes again (a rebuild is a new build).
 */
function apply(src: ScriptedCopr, ids: number[], op: Op): void {
  const pick = (n: number) => ids[n % ids.length];
  if (op.kind === 'add') {
    const chroots = CHROOTS.filter((_, i) => op.chroots & (1 << i));
    ids.push(src.addBuild('alice/stack', chroots, { pkg: PACKAGES[op.pkg], dirname: op.dir === 0 ? 'stack:pr:1' : undefined, importing: op.importing === 0, state: STATES[op.state] }));
    return;
  }
  if (ids.length === 0 || op.kind === 'wait') return;
  const id = pick(op.build);
  if (FINAL.has(src.stateOf(id))) return;
  const open = CHROOTS.filter((c) => src.chrootState(id, c) !== undefined && !FINAL.has(src.chrootState(id, c)));
  if (op.kind === 'set' && open.includes(CHROOTS[op.chroot])) src.setChroot(id, CHROOTS[op.chroot], STATES[op.state]);
  else if (op.kind === 'all') for (const c of open) src.setChroot(id, c, STATES[op.state]);
  else if (op.kind === 'cancel') src.cancel(id);
  else if (op.kind === 'import') src.finishImport(id);
}

function snapshot(store: TaskStore): unknown {
  return {
    projects: store.projectNames().sort().map((n) => store.project(n)),
    builds: store.buildIds().sort((a, b) => a - b).map((id) => ({ build: store.build(id), tasks: store.tasks(id) })),
    failures: store.failures().map((f) => `${f.build.id}/${f.task.chroot_name}/${f.acknowledged}`),
  };
}

function announced(h: Harness): unknown {
  return {
    failed: h.failed.flat().map((f) => `${f.build.id}/${f.task.chroot_name}`).sort(),
    finished: h.finished.flat().map((f) => f.build.id).sort((a, b) => a - b),
  };
}

describe('monitor strategy (property)', function () {
  this.timeout(60_000);

  it('ends with the store and the announcements of per-build polling', async () => {
    let runs = 0;
    let monitored = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), fc.array(opArb, { maxLength: 20 }), async (before, ops) => {
        const run = async (strategy: 'perBuild' | 'monitor') => {
          const source = new ScriptedCopr({ monitor: true });
          source.addProject('alice', 'stack');
          const ids: number[] = [];
          for (const op of before) apply(source, ids, op);
          const h = makeHarness({ source, strategy, settings: { maxBuilds: 25 } });
          try {
            await h.start([project('alice', 'stack')]);
            for (const op of ops) {
              apply(source, ids, op);
              await h.clock.advance((op.kind === 'wait' ? op.cycles : 1) * 30 * SEC);
            }
            // Everything ends; then enough time for every build to be read final.
            for (const id of ids) {
              if (FINAL.has(source.stateOf(id))) continue; // canceled while importing: it never gets chroots
              source.finishImport(id);
              for (const c of CHROOTS) if (source.chrootState(id, c) !== undefined && !FINAL.has(source.chrootState(id, c))) source.setChroot(id, c, 'succeeded');
            }
            await h.clock.advance(12 * MIN);
            return { store: snapshot(h.store), announced: announced(h), monitors: source.count('monitor') };
          } finally {
            h.dispose();
          }
        };
        const base = await run('perBuild');
        const mon = await run('monitor');
        runs++;
        if (mon.monitors > 0) monitored++;
        assert.deepEqual(mon.store, base.store);
        assert.deepEqual(mon.announced, base.announced);
      }),
      { numRuns: 200 },
    );
    assert.ok(monitored * 5 >= runs, `the monitor was the cheaper request in only ${monitored} of ${runs} worlds`);
  });
});
