// The source (SRPM) stage: the simulator's srpm-builds directories, the classifier on each source method's
// failures, and the triage service reading a failed stage's logs when a build never got chroots.
import * as assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { CoprClient } from '../../../src/api';
import { TaskStore } from '../../../src/monitor/taskStore';
import { composeNotifications, formatPlain } from '../../../src/monitor/notificationPolicy';
import { classifyFailure } from '../../../src/triage/classifier';
import type { FailureCategory } from '../../../src/triage/failureReason';
import { resultsRootOf, sourceResultUrl, sourceStageFailed, SRPM_STAGE } from '../../../src/triage/sourceStage';
import { fetchTextVia, TriageService } from '../../../src/triage/triageService';
import { renderSrpmLogs } from '../../copr-sim/srpmLogs';
import { SRPM_FAILURE_KINDS, type SrpmFailureKind } from '../../copr-sim/types';
import { startSimulator, type SimulatorHandle } from '../../copr-sim';

const EXPECTED: Record<SrpmFailureKind, { category: FailureCategory; summary: RegExp }> = {
  'spec-parse': { category: 'spec-error', summary: /^spec error at line \d+: Illegal char '-'/ },
  'source-404': { category: 'source-error', summary: /^sources: cannot download https:\/\/\S+\.tar\.gz \(HTTP 404\)$/ },
  'missing-patch': { category: 'spec-error', summary: /^missing Source\/Patch file: \S+-fix-build\.patch$/ },
  'no-makefile': { category: 'source-error', summary: /^sources: \.copr\/Makefile not found/ },
  'makefile-error': { category: 'unknown', summary: /^unknown failure: make: \*\*\* \[\/var\/lib\/copr-rpmbuild\/workspace\// },
  'repo-not-found': { category: 'source-error', summary: /^sources: git repository not found: / },
  network: { category: 'infrastructure', summary: /^infrastructure: download failed \(unable to access 'https:\/\/src\.example\// },
  pypi: { category: 'source-error', summary: /^sources: PyPI has no matching distribution for / },
  rubygems: { category: 'source-error', summary: /^sources: RubyGems has no gem / },
};

const ctx = (buildId: number) => ({
  buildId, owner: 'jdoe', project: 'tools', dirname: 'tools', package: 'python-foo', version: '1.2-3',
  startedOn: 1755000000, endedOn: 1755000060, frontendUrl: 'https://copr.example',
});

describe('the source (SRPM) stage', () => {
  describe('locating its logs', () => {
    it('derives the results root from a chroot result directory, and the stage directory from it', () => {
      assert.equal(resultsRootOf('https://download.copr.example/results/@rpm-team/python3.14/fedora-42-x86_64/09800015-python3.14/'), 'https://download.copr.example/results/');
      assert.equal(resultsRootOf('http://127.0.0.1:8080/results/alice/hello/fedora-rawhide-x86_64/09800013-hello'), 'http://127.0.0.1:8080/results/');
      assert.equal(resultsRootOf('https://example.org/somewhere/else/'), null);
      assert.equal(resultsRootOf(null), null);
      assert.equal(
        sourceResultUrl('https://download.copr.example/results/', { id: 123456, owner: '@rpm-team', dirname: 'packit-demo:pr:42' }),
        'https://download.copr.example/results/@rpm-team/packit-demo:pr:42/srpm-builds/00123456/',
      );
    });

    it('says the stage failed only for a failed build without chroots', () => {
      const build = { id: 1, owner: 'a', project: 'p', dirname: 'p', package_name: null, package_version: null, submitter: null, submitted_on: 0, started_on: null, ended_on: null, state: 'failed' as const, chroots: [], project_id: null };
      assert.equal(sourceStageFailed(build, undefined), true);
      assert.equal(sourceStageFailed(build, []), true);
      assert.equal(sourceStageFailed({ ...build, chroots: ['fedora-42-x86_64'] }, undefined), false);
      assert.equal(sourceStageFailed({ ...build, state: 'importing' }, []), false);
      assert.equal(sourceStageFailed(undefined, []), false);
    });
  });

  describe("the simulator's source-method failures", () => {
    for (const kind of SRPM_FAILURE_KINDS) {
      it(`classifies "${kind}" as ${EXPECTED[kind].category}, with evidence`, () => {
        for (const id of [9812345, 77, 100200300]) {
          const logs = renderSrpmLogs(kind, ctx(id));
          const reason = classifyFailure({ builderLive: logs.builderLive, backend: logs.backend });
          assert.equal(reason.category, EXPECTED[kind].category, `${kind} (${id}): ${reason.summary}`);
          assert.match(reason.summary, EXPECTED[kind].summary);
          assert.equal(reason.notYourPackage, kind === 'network');
          assert.ok(reason.evidence.length > 0);
        }
      });
    }

    it('a source stage that succeeded reads as no failure', () => {
      const logs = renderSrpmLogs('succeeded', ctx(5));
      assert.equal(classifyFailure({ builderLive: logs.builderLive }).category, 'unknown');
    });
  });

  describe('served by the simulator, read by the triage service', function () {
    let sim: SimulatorHandle;
    let client: CoprClient;
    let store: TaskStore;
    let service: TriageService | undefined;
    before(async () => {
      sim = await startSimulator({ api: 'v3' });
      client = new CoprClient({ baseUrl: sim.url, apiVersion: 'v3' });
    });
    after(async () => sim.close());
    beforeEach(() => {
      store = new TaskStore();
      sim.requests.reset();
    });
    afterEach(() => {
      service?.dispose();
      service = undefined;
      store.dispose();
    });

    async function load(buildId: number): Promise<void> {
      store.putBuild(await client.getBuild(buildId));
      store.putTasks(buildId, await client.listBuildTasks({ buildId }));
      store.flush();
    }

    it('serves the live logs while the stage runs, then the gzipped ones; the build fails with no chroots', async () => {
      const id = sim.world.addBuild({ owner: 'jdoe', project: 'srpm', package: 'python-foo', version: '1.2-3', srpmFailure: 'source-404' });
      const dir = await client.getSourceResultUrl(id);
      assert.equal(dir, `${sim.url}/results/jdoe/srpm/srpm-builds/${String(id).padStart(8, '0')}/`);
      sim.clock.advance(20);
      const live = await fetch(`${dir}builder-live.log`);
      assert.equal(live.status, 200);
      assert.equal((await fetch(`${dir}builder-live.log.gz`)).status, 404);
      assert.equal((await client.getBuild(id)).state, 'importing');
      sim.clock.advance(60);
      const build = await client.getBuild(id);
      assert.equal(build.state, 'failed');
      assert.deepEqual(build.chroots, []);
      assert.deepEqual(await client.listBuildTasks({ buildId: id }), []);
      const gz = await fetch(`${dir}builder-live.log.gz`);
      assert.equal(gz.status, 200);
      assert.match(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8'), /curl: \(22\) The requested URL returned error: 404/);
      assert.equal((await fetch(`${dir}builder-live.log`)).status, 404);
    });

    it("classifies a failed source stage once, writes its reason under 'srpm-builds' and explains the build with it", async () => {
      const id = sim.world.addBuild({ owner: 'jdoe', project: 'srpm', package: 'python-foo', version: '1.2-3', srpmFailure: 'no-makefile' });
      sim.clock.advance(120);
      service = new TriageService({ store, fetchText: fetchTextVia((url, o) => client.fetchLog(url, o)), sourceResultUrl: (b, signal) => client.getSourceResultUrl(b.id, signal) });
      await load(id);
      await service.whenIdle();
      const reason = service.reason(id, SRPM_STAGE);
      assert.equal(reason?.category, 'source-error');
      assert.equal(store.reasonOf(id, SRPM_STAGE), 'sources: .copr/Makefile not found in the repository');
      const build = store.build(id)!;
      assert.equal(service.explain(build, []), 'source package (SRPM): sources: .copr/Makefile not found in the repository');
      const [message] = composeNotifications([{ build, tasks: [] }], 'failures', formatPlain, (f) => service?.explain(f.build, f.tasks));
      assert.equal(message.text, `python-foo: failed before its chroots were built (sources or import). Why: source package (SRPM): sources: .copr/Makefile not found in the repository`);
      const logFetches = sim.requests.count((r) => r.path.includes('/srpm-builds/'));
      assert.ok(logFetches >= 1);
      await load(id);
      store.setReason(id, 'x', 'touch');
      await service.whenIdle();
      assert.equal(sim.requests.count((r) => r.path.includes('/srpm-builds/')), logFetches, 'fetched once');
    });

    it('asks only the logs the source stage has (builder-live, backend): no build.log or root.log, no 404', async () => {
      const asked: string[] = [];
      for (const kind of SRPM_FAILURE_KINDS) {
        const id = sim.world.addBuild({ owner: 'jdoe', project: 'srpm', package: 'python-foo', version: '1.2-3', srpmFailure: kind });
        sim.clock.advance(120);
        service?.dispose();
        store.dispose();
        store = new TaskStore();
        sim.requests.reset();
        service = new TriageService({ store, fetchText: fetchTextVia((url, o) => client.fetchLog(url, o)), sourceResultUrl: (b, signal) => client.getSourceResultUrl(b.id, signal) });
        await load(id);
        await service.whenIdle();
        assert.ok(service.reason(id, SRPM_STAGE), kind);
        asked.push(...sim.requests.list().filter((r) => r.path.includes('/srpm-builds/')).map((r) => `${r.status} ${r.path.replace(/^.*\//, '')}`));
      }
      assert.deepEqual(asked.filter((r) => /(build|root)\.log/.test(r) || r.startsWith('404')), []);
      // One log for a decisive builder-live.log, the backend's too otherwise: never more than the two per failure.
      assert.ok(asked.length <= 2 * SRPM_FAILURE_KINDS.length, asked.join('\n'));
    });

    it('without the server call, finds the stage under the results root of a chroot the store knows; settle waits for it', async () => {
      const other = sim.world.addBuild({ owner: 'jdoe', project: 'srpm', package: 'hello', version: '1-1' });
      const id = sim.world.addBuild({ owner: 'jdoe', project: 'srpm', package: 'python-foo', version: '1.2-3', srpmFailure: 'network' });
      sim.clock.advance(600);
      await load(other);
      service = new TriageService({ store, fetchText: fetchTextVia((url, o) => client.fetchLog(url, o)) });
      const build = await client.getBuild(id);
      await service.settle([{ build, tasks: [] }]);
      assert.match(service.explain(build, []) ?? '', /^source package \(SRPM\): infrastructure: download failed .*\(not your package: a resubmit may be enough\)$/);
    });
  });
});
