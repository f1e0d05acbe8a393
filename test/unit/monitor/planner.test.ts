// The planner as plain data in, plan out: no store, no clock, no I/O.
import * as assert from 'node:assert/strict';
import { planBuilds, planOwners, planPages, type BuildFacts, type PlanClock } from '../../../src/monitor/planner';

const MIN = 60_000;
const at = (now: number, level: PlanClock['level'] = 'due'): PlanClock => ({ now, level, idleMs: 5 * MIN });

describe('planner', () => {
  it('lists an owner\'s projects first, then at the idle cadence, and whenever the user asks', () => {
    const owners = [{ owner: 'new' }, { owner: 'fresh', listedAt: 10 * MIN }, { owner: 'stale', listedAt: 0 }];
    assert.deepEqual(planOwners(owners, at(5 * MIN + 1)), ['new', 'stale']);
    assert.deepEqual(planOwners(owners, at(11 * MIN, 'all')), ['new', 'fresh', 'stale']);
    assert.deepEqual(planOwners(owners, at(11 * MIN, 'pages')), ['new', 'stale'], 'a focus refresh does not re-list owners');
  });

  it('asks a page every cycle while the project has unfinished builds, else at the idle cadence', () => {
    const projects = [
      { name: 'a/busy', loaded: true, pageAt: 100, unfinished: true },
      { name: 'a/quiet', loaded: true, pageAt: 100, unfinished: false },
      { name: 'a/old', loaded: true, pageAt: 0, unfinished: false },
      { name: 'a/new', loaded: false, unfinished: false },
    ];
    assert.deepEqual(planPages(projects, at(5 * MIN)), ['a/busy', 'a/old', 'a/new']);
    assert.deepEqual(planPages(projects, at(5 * MIN, 'pages')), ['a/busy', 'a/quiet', 'a/old', 'a/new']);
  });

  it('reads chroots of unfinished builds, records of importing ones not read this cycle, and settles the rest', () => {
    const b = (id: number, extra: Partial<BuildFacts>): BuildFacts => ({ id, chroots: 3, final: false, needsPolling: true, recordFresh: false, ...extra });
    const steps = planBuilds([
      b(1, {}),
      b(2, { final: true, needsPolling: false }),
      b(3, { chroots: 0 }),
      b(4, { chroots: 0, recordFresh: true }),
      b(5, { chroots: 0, final: true }),
      b(6, { final: true }),
    ]);
    assert.deepEqual(steps, [
      { id: 1, kind: 'tasks' },
      { id: 3, kind: 'record' },
      { id: 5, kind: 'settle' },
      { id: 6, kind: 'tasks' },
    ]);
  });
});
