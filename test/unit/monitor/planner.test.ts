// The planner as plain data in, plan out: no store, no clock, no I/O.
import * as assert from 'node:assert/strict';
import {
  dormantPeriod, DORMANT_AFTER_MS, DORMANT_MAX_MS, monitorCost, planBuilds, planMonitors, planOwners, planPages, type BuildFacts, type PlanClock,
} from '../../../src/monitor/planner';

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

  it('reads chroots of unfinished builds (not those the monitor vouched for), records of importing ones, and settles the rest', () => {
    const b = (id: number, extra: Partial<BuildFacts>): BuildFacts => ({ id, chroots: 3, final: false, needsPolling: true, recordFresh: false, ...extra });
    const steps = planBuilds([
      b(1, {}),
      b(2, { final: true, needsPolling: false }),
      b(3, { chroots: 0 }),
      b(4, { chroots: 0, recordFresh: true }),
      b(5, { chroots: 0, final: true }),
      b(6, { final: true }),
      b(7, { unchanged: true }),
      b(8, { final: true, unchanged: true }),
    ]);
    assert.deepEqual(steps, [
      { id: 1, kind: 'tasks' },
      { id: 3, kind: 'record' },
      { id: 5, kind: 'settle' },
      { id: 6, kind: 'tasks' },
      { id: 8, kind: 'settle' },
    ]);
  });
});

describe('planner: monitor or chroot lists', () => {
  const stack = { name: 'a/stack', hidden: 0, pageBytes: 25 * 650, changeRate: 0.3 };
  const builds = (n: number, chroots: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, chroots }));

  it('asks the monitor of a small project whose unfinished builds it shows: fewer requests, fewer bytes', () => {
    const f = { ...stack, builds: builds(5, 20), packages: 5, entries: 100 };
    const cost = monitorCost(f);
    assert.deepEqual(cost.perBuild.requests, 6);
    assert.ok(cost.monitor.requests < 3 && cost.monitor.bytes < cost.perBuild.bytes / 2);
    assert.deepEqual(planMonitors([f]), ['a/stack']);
  });

  it('keeps chroot lists for a project of many packages, and where the page is asked anyway for one build', () => {
    assert.deepEqual(planMonitors([{ ...stack, builds: builds(5, 20), packages: 800, entries: 16_000 }]), []);
    assert.deepEqual(planMonitors([{ ...stack, builds: builds(5, 20), packages: Number.POSITIVE_INFINITY, entries: Number.POSITIVE_INFINITY }]), []);
    assert.deepEqual(planMonitors([{ ...stack, hidden: 3, builds: builds(1, 20), packages: 1, entries: 20 }]), [], 'one list is one request too');
    assert.deepEqual(planMonitors([{ ...stack, builds: [], packages: 1, entries: 20 }]), []);
  });
});

describe('planner: dormant projects', () => {
  const DAY = 24 * 60 * MIN;
  it('doubles the idle period per unchanged answer of a project whose newest build ended over a day ago, up to an hour', () => {
    let p: number | undefined;
    const seen: Array<number | undefined> = [];
    for (let i = 0; i < 6; i++) seen.push((p = dormantPeriod(p, 5 * MIN, { unchanged: true, newestEndedAgoMs: 2 * DAY })));
    assert.deepEqual(seen.map((x) => (x ?? 0) / MIN), [10, 20, 40, 60, 60, 60]);
    assert.equal(DORMANT_MAX_MS, 60 * MIN);
  });

  it('is back to the idle cadence on any change, a recent end, or a project without builds', () => {
    assert.equal(dormantPeriod(60 * MIN, 5 * MIN, { unchanged: false, newestEndedAgoMs: 2 * DAY }), undefined);
    assert.equal(dormantPeriod(60 * MIN, 5 * MIN, { unchanged: true, newestEndedAgoMs: DORMANT_AFTER_MS - 1 }), undefined);
    assert.equal(dormantPeriod(undefined, 5 * MIN, { unchanged: true, newestEndedAgoMs: null }), undefined);
    assert.deepEqual(planPages([{ name: 'a/old', loaded: true, pageAt: 0, unfinished: false, idleMs: 40 * MIN }], at(39 * MIN)), []);
    assert.deepEqual(planPages([{ name: 'a/old', loaded: true, pageAt: 0, unfinished: false, idleMs: 40 * MIN }], at(40 * MIN)), ['a/old']);
  });
});
