// The triage service against the simulator over real HTTP, with the real API client and the real store.
import * as assert from 'node:assert/strict';
import { CoprClient } from '../../../src/api';
import type { BuildTask } from '../../../src/api/types';
import { Emitter } from '../../../src/common/event';
import { TaskStore, type FailedTask } from '../../../src/monitor/taskStore';
import { composeNotifications, formatPlain } from '../../../src/monitor/notificationPolicy';
import type { FailureCategory } from '../../../src/triage/failureReason';
import { fetchTextVia, NOT_YOUR_PACKAGE_NOTE, TriageService, type SignalledFetchText } from '../../../src/triage/triageService';
import { VirtualClock } from '../../support/virtualClock';
import { fixtures, startSimulator, FAILURE_KINDS, INFRASTRUCTURE_KINDS, type FailureKind, type SimulatorHandle } from '../../copr-sim';

const { FAILED_BUILDS, FAILED_CHROOT } = fixtures;

const EXPECTED: Record<FailureKind, { category: FailureCategory; summary: RegExp }> = {
  'missing-buildrequires': { category: 'missing-deps', summary: /^missing BuildRequires: python3dist\(hatchling\)/ },
  'build-error': { category: 'section-failed', summary: /^%build failed/ },
  'check-failure': { category: 'section-failed', summary: /^%check failed/ },
  'unpackaged-files': { category: 'unpackaged-files', summary: /^unpackaged files: / },
  'missing-files': { category: 'missing-files', summary: /^File not found: / },
  'spec-error': { category: 'spec-error', summary: /Unknown tag: Recommend/ },
  'no-space': { category: 'infrastructure', summary: /^infrastructure: .*(space|disk)/i },
  'builder-lost': { category: 'infrastructure', summary: /^infrastructure: / },
  'build-timeout': { category: 'infrastructure', summary: /^infrastructure: .*time/i },
};

const isLogPath = (path: string) => /\.log(\.gz)?$/.test(path);

describe('TriageService (simulator, real client)', function () {
  let sim: SimulatorHandle;
  let client: CoprClient;
  let store: TaskStore;
  let service: TriageService | undefined;

  before(async () => {
    sim = await startSimulator({ api: 'v3' });
    client = new CoprClient({ baseUrl: sim.url, apiVersion: 'v3' });
  });
  after(async () => {
    await sim.close();
  });
  beforeEach(() => {
    store = new TaskStore();
    sim.requests.reset();
  });
  afterEach(() => {
    service?.dispose();
    service = undefined;
    store.dispose();
  });

  const realFetch = (): SignalledFetchText => fetchTextVia((url, options) => client.fetchLog(url, options));

  /** What the scheduler would write: the build and its chroots. */
  async function load(buildId: number): Promise<BuildTask[]> {
    const [build, tasks] = await Promise.all([client.getBuild(buildId), client.listBuildTasks({ buildId })]);
    store.putBuild(build);
    store.putTasks(buildId, tasks);
    store.flush();
    return tasks;
  }

  it('classifies the failed chroot of every simulator failure kind and writes the reason to the store', async () => {
    service = new TriageService({ store, fetchText: realFetch() });
    for (const kind of FAILURE_KINDS) await load(FAILED_BUILDS[kind]);
    await service.whenIdle();
    const wrong: string[] = [];
    for (const kind of FAILURE_KINDS) {
      const id = FAILED_BUILDS[kind];
      const reason = service.reason(id, FAILED_CHROOT);
      const text = store.reasonOf(id, FAILED_CHROOT);
      const infra = INFRASTRUCTURE_KINDS.includes(kind);
      const ok =
        reason !== undefined &&
        reason.category === EXPECTED[kind].category &&
        EXPECTED[kind].summary.test(reason.summary) &&
        reason.notYourPackage === infra &&
        reason.evidence.length > 0 &&
        text === reason.summary + (infra ? NOT_YOUR_PACKAGE_NOTE : '');
      if (!ok) wrong.push(`${kind}: ${reason?.category} "${text}"`);
      // The chroot that succeeded is left alone.
      assert.equal(store.reasonOf(id, 'fedora-rawhide-aarch64'), undefined);
    }
    assert.deepEqual(wrong, [], `${FAILURE_KINDS.length - wrong.length}/${FAILURE_KINDS.length} kinds right`);
  });

  it('fetches a finished chroot’s logs once, however often the store announces the build', async () => {
    service = new TriageService({ store, fetchText: realFetch() });
    const id = FAILED_BUILDS['build-error'];
    await load(id);
    await service.whenIdle();
    const fetched = sim.requests.count((r) => isLogPath(r.path));
    assert.ok(fetched >= 1);
    store.setReason(id, 'fedora-rawhide-aarch64', 'touch'); // another change of the same build
    await load(id);
    assert.equal(await service.reasonFor(id, FAILED_CHROOT), service.reason(id, FAILED_CHROOT));
    await service.whenIdle();
    assert.equal(sim.requests.count((r) => isLogPath(r.path)), fetched);
  });

  it('fires onDidClassify once per chroot with the full reason', async () => {
    service = new TriageService({ store, fetchText: realFetch() });
    const seen: string[] = [];
    service.onDidClassify((r) => seen.push(`${r.buildId}/${r.chroot}/${r.reason.category}`));
    const id = FAILED_BUILDS['missing-buildrequires'];
    await load(id);
    await load(id);
    await service.whenIdle();
    assert.deepEqual(seen, [`${id}/${FAILED_CHROOT}/missing-deps`]);
    assert.deepEqual(service.reason(id, FAILED_CHROOT)?.packages?.slice().sort(), ['python3dist(hatchling)', 'python3dist(pytest) >= 8']);
  });

  it('classifies the scheduler’s new failures, also of builds whose chroots the store does not list', async () => {
    const failed = new Emitter<FailedTask[]>();
    service = new TriageService({ store, fetchText: realFetch(), onChrootsFailed: failed.event });
    const id = FAILED_BUILDS['check-failure'];
    const [build, tasks] = await Promise.all([client.getBuild(id), client.listBuildTasks({ buildId: id })]);
    const task = tasks.find((t) => t.chroot_name === FAILED_CHROOT)!;
    failed.fire([{ build, task, acknowledged: false }]);
    await service.whenIdle();
    assert.equal(store.reasonOf(id, FAILED_CHROOT), '%check failed');
  });

  it('answers reasonFor on demand, and undefined for chroots that did not fail', async () => {
    service = new TriageService({ store, fetchText: realFetch() });
    store.onDidChange(() => undefined);
    const id = FAILED_BUILDS['unpackaged-files'];
    await load(id);
    const reason = await service.reasonFor(id, FAILED_CHROOT);
    assert.equal(reason?.category, 'unpackaged-files');
    assert.equal(await service.reasonFor(id, 'fedora-rawhide-aarch64'), undefined);
    assert.equal(await service.reasonFor(123, FAILED_CHROOT), undefined);
  });

  it('says the reason across chroots: "only s390x", or one reason for all', async () => {
    service = new TriageService({ store, fetchText: realFetch() });
    const s390 = sim.world.addBuild({ owner: 'alice', project: 'tools', package: 'python-tools', outcome: { 'fedora-rawhide-s390x': 'failed' }, failureKind: 'check-failure' });
    const all = sim.world.addBuild({
      owner: 'alice', project: 'tools', package: 'python-tools',
      outcome: Object.fromEntries(fixtures.PROJECTS.tools.chroots.map((c) => [c, 'failed'])),
      failureKind: 'missing-buildrequires',
    });
    sim.clock.advance(2000);
    for (const id of [s390, all]) {
      const tasks = await load(id);
      const build = store.build(id)!;
      await service.settle([{ build, tasks }]);
      assert.ok(service.summarize(build, tasks), `build ${id} summarized`);
    }
    const s390Build = store.build(s390)!;
    assert.equal(service.explain(s390Build, store.tasks(s390)!), 'only s390x: %check failed');
    const allBuild = store.build(all)!;
    assert.match(service.explain(allBuild, store.tasks(all)!)!, new RegExp(`^${fixtures.PROJECTS.tools.chroots.length} chroots: missing BuildRequires: `));
  });

  it('has at most two log fetches in flight', async () => {
    let inFlight = 0;
    let most = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const real = realFetch();
    const started: string[] = [];
    service = new TriageService({
      store,
      fetchText: async (url, signal) => {
        inFlight++;
        most = Math.max(most, inFlight);
        started.push(url);
        try {
          await gate;
          return await real(url, signal);
        } finally {
          inFlight--;
        }
      },
    });
    for (const kind of FAILURE_KINDS) await load(FAILED_BUILDS[kind]);
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    assert.equal(started.length, 2, 'two fetches started while both are held');
    release();
    await service.whenIdle();
    assert.equal(most, 2);
    for (const kind of FAILURE_KINDS) assert.ok(store.reasonOf(FAILED_BUILDS[kind], FAILED_CHROOT), kind);
  });

  it('never throws: unreadable logs leave no reason, are retried a few times, then wait to be asked', async () => {
    let calls = 0;
    service = new TriageService({
      store,
      maxAttempts: 2,
      fetchText: async () => {
        calls++;
        throw new Error('network down');
      },
    });
    const id = FAILED_BUILDS['build-error'];
    await load(id);
    await service.whenIdle();
    assert.equal(store.reasonOf(id, FAILED_CHROOT), undefined);
    const afterFirst = calls;
    assert.ok(afterFirst > 0);
    store.setReason(id, 'fedora-rawhide-aarch64', 'x'); // store change: a second try
    await service.whenIdle();
    assert.ok(calls > afterFirst);
    const afterSecond = calls;
    store.setReason(id, 'fedora-rawhide-aarch64', 'y'); // tries used up
    await service.whenIdle();
    assert.equal(calls, afterSecond);
    assert.equal(await service.reasonFor(id, FAILED_CHROOT), undefined); // asked: tries again, resolves
    assert.ok(calls > afterSecond);
  });

  it('aborts its fetches on dispose and writes nothing afterwards', async () => {
    const signals: AbortSignal[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const real = realFetch();
    service = new TriageService({
      store,
      fetchText: async (url, signal) => {
        signals.push(signal);
        await gate;
        return real(url, signal);
      },
    });
    const id = FAILED_BUILDS['spec-error'];
    await load(id);
    await new Promise((r) => setImmediate(r));
    assert.ok(signals.length > 0);
    service.dispose();
    assert.ok(signals.every((s) => s.aborted));
    release();
    await service.whenIdle();
    assert.equal(store.reasonOf(id, FAILED_CHROOT), undefined);
    assert.equal(await service.reasonFor(id, FAILED_CHROOT), undefined);
  });

  it('forgets everything when the store is reset (another server)', async () => {
    service = new TriageService({ store, fetchText: realFetch() });
    const id = FAILED_BUILDS['no-space'];
    await load(id);
    await service.whenIdle();
    assert.ok(service.reason(id, FAILED_CHROOT));
    store.reset();
    assert.equal(service.reason(id, FAILED_CHROOT), undefined);
    await load(id);
    await service.whenIdle();
    assert.match(store.reasonOf(id, FAILED_CHROOT) ?? '', /not your package/);
  });

  it('settle waits for the reasons, but no longer than its bound', async () => {
    const clock = new VirtualClock();
    service = new TriageService({ store, clock, fetchText: () => new Promise<string | null>(() => undefined) });
    const id = FAILED_BUILDS['build-error'];
    const tasks = await load(id);
    let settled = false;
    const done = service.settle([{ build: store.build(id)!, tasks }], 5000).then(() => (settled = true));
    await clock.advance(4000);
    assert.equal(settled, false);
    await clock.advance(1000);
    await done;
    assert.equal(settled, true);
  });

  it('fetchTextVia: a missing log is null, other errors reject', async () => {
    const fetchText = realFetch();
    const signal = new AbortController().signal;
    assert.equal(await fetchText(`${sim.url}/results/alice/failures/nowhere/builder-live.log.gz`, signal), null);
    await assert.rejects(fetchText('ftp://example.org/x.log', signal));
  });
});

describe('failure notifications with the triage explanation', () => {
  const build = (id: number, state: 'failed' | 'succeeded') => ({
    id, owner: 'alice', project: 'tools', dirname: 'tools', package_name: 'python-tools', package_version: '1.0-1', submitter: 'alice',
    submitted_on: 1, started_on: 2, ended_on: 3, state, chroots: ['a-x86_64', 'a-s390x'], project_id: null,
  });
  const task = (id: number, chroot: string, state: 'failed' | 'succeeded'): BuildTask => ({
    chroot_name: chroot, build_id: id, state, started_on: 2, ended_on: 3, result_dir_url: null, git_hash: null,
  });
  const failed = { build: build(1, 'failed'), tasks: [task(1, 'a-x86_64', 'succeeded'), task(1, 'a-s390x', 'failed')] };
  const ok = { build: build(2, 'succeeded'), tasks: [task(2, 'a-x86_64', 'succeeded'), task(2, 'a-s390x', 'succeeded')] };

  it('adds the reason to a single failed build’s message, and nothing when none is known', () => {
    const [m] = composeNotifications([failed], 'failures', formatPlain, () => 'only s390x: %check failed');
    assert.equal(m.text, 'python-tools 1.0-1: 1 of 2 chroots failed — a-s390x. Why: only s390x: %check failed');
    const [plain] = composeNotifications([failed], 'failures', formatPlain, () => undefined);
    assert.equal(plain.text, 'python-tools 1.0-1: 1 of 2 chroots failed — a-s390x');
  });

  it('never explains a success, and clips reasons in the summary of several builds', () => {
    const long = `only s390x: ${'x'.repeat(200)}`;
    const [m] = composeNotifications([failed, ok], 'all', formatPlain, () => long);
    assert.match(m.text, /python-tools 1\.0-1 failed \(1 of 2 chroots\): only s390x: x+…; python-tools 1\.0-1 succeeded$/);
    assert.ok(m.text.length < 200);
  });
});
