// The client against the simulator over real HTTP, once per API version: every query parameter, the seed's
// precedence, paging, nulls, chroots: [], groups and Packit dirnames. Expectations come from the simulated world.

import * as assert from 'node:assert/strict';
import { startSimulator, fixtures, type SimulatorHandle } from '../../copr-sim';
import { CoprClient } from '../../../src/api/client';
import { CoprError } from '../../../src/api/errors';
import type { BuildTask } from '../../../src/api/types';
import { keys, ofOwner, ofProject, worldBuild, worldBuilds, worldTasks } from './sim-world';

const { BUILDS, PROJECTS, SEED_EXAMPLE, GROUP } = fixtures;

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function isNotFound(e: unknown): boolean {
  return e instanceof CoprError && e.kind === 'not-found' && e.status === 404;
}

for (const api of ['v2', 'v3'] as const) {
  describe(`api/client queries (${api})`, function () {
    this.timeout(20_000);
    let sim: SimulatorHandle;
    let client: CoprClient;

    before(async () => {
      sim = await startSimulator({ api });
    });
    after(async () => {
      await sim.close();
    });
    beforeEach(() => {
      client = new CoprClient({ baseUrl: sim.url, apiVersion: 'auto' });
      sim.requests.reset();
    });

    it(`detects ${api}`, async () => {
      assert.equal(await client.resolveVersion(), api);
      assert.equal(await client.resolveVersion(), api);
      assert.equal(sim.requests.count((r) => r.path.startsWith('/api_3')), 1, 'asked once');
    });

    it("answers the seed's example exactly (build 106882 on fedora-rawhide-x86_64)", async () => {
      const expected: BuildTask = {
        chroot_name: SEED_EXAMPLE.chroot,
        build_id: SEED_EXAMPLE.buildId,
        started_on: SEED_EXAMPLE.started_on,
        state: 'succeeded',
        ended_on: SEED_EXAMPLE.ended_on,
        result_dir_url: SEED_EXAMPLE.result_dir_url,
        git_hash: SEED_EXAMPLE.git_hash,
      };
      assert.deepEqual(await client.getBuildTask(SEED_EXAMPLE.buildId, SEED_EXAMPLE.chroot), expected);
      const listed = await client.listBuildTasks({ buildId: SEED_EXAMPLE.buildId });
      // v3 lists carry no git hash (it comes from /backend on demand).
      assert.deepEqual(listed, [{ ...expected, git_hash: api === 'v2' ? SEED_EXAMPLE.git_hash : null }]);
      assert.equal(await client.getGitHash(SEED_EXAMPLE.buildId, SEED_EXAMPLE.chroot), SEED_EXAMPLE.git_hash);
    });

    describe('listBuildTasks', () => {
      it('buildId: every chroot with its state, times and result dir (nulls where the world has none)', async () => {
        const tasks = await client.listBuildTasks({ buildId: BUILDS.running.id });
        const chroots = sim.world.getChroots(BUILDS.running.id) as Array<{ name: string; state: string; started_on: number | null; ended_on: number | null; result_url: string | null }>;
        assert.deepEqual(
          tasks.map((t) => ({ name: t.chroot_name, state: t.state, started_on: t.started_on, ended_on: t.ended_on, result_url: t.result_dir_url })),
          chroots.map(({ name, state, started_on, ended_on, result_url }) => ({ name, state, started_on, ended_on, result_url })),
        );
        assert.ok(tasks.every((t) => t.build_id === BUILDS.running.id));
        const pending = tasks.find((t) => t.chroot_name === 'fedora-rawhide-ppc64le');
        assert.equal(pending?.state, 'pending');
        assert.equal(pending?.started_on, null);
        assert.equal(pending?.ended_on, null);
        assert.equal(pending?.result_dir_url, null);
      });

      it('buildId + state filters', async () => {
        const pending = await client.listBuildTasks({ buildId: BUILDS.running.id, state: 'pending' });
        assert.deepEqual(keys(pending), worldTasks(sim, [worldBuild(sim, BUILDS.running.id)], 'pending'));
        assert.ok(pending.length >= 1);
        assert.deepEqual(await client.listBuildTasks({ buildId: BUILDS.running.id, state: 'skipped' }), []);
      });

      it('buildId + offset/limit page through the chroots', async () => {
        const all = await client.listBuildTasks({ buildId: BUILDS.big.id });
        assert.equal(all.length, fixtures.ALL_CHROOTS.length);
        const pages: BuildTask[] = [];
        for (let offset = 0; offset < all.length; offset += 7) pages.push(...(await client.listBuildTasks({ buildId: BUILDS.big.id, offset, limit: 7 })));
        assert.deepEqual(pages, all);
        assert.deepEqual(await client.listBuildTasks({ buildId: BUILDS.big.id, offset: 38, limit: 5 }), all.slice(38));
        assert.deepEqual(await client.listBuildTasks({ buildId: BUILDS.big.id, offset: 1000 }), []);
      });

      it('an unknown build has no tasks', async () => {
        assert.deepEqual(await client.listBuildTasks({ buildId: 123 }), []);
      });

      it('project: the tasks of its builds, newest build first, paged', async () => {
        const expected = worldTasks(sim, worldBuilds(sim, ofProject('alice', 'tools')));
        const page = await client.listBuildTasks({ project: 'alice/tools', limit: 100 });
        assert.deepEqual(keys(page), expected.slice(0, 100));
        const paged: BuildTask[] = [];
        for (let offset = 0; ; offset += 4) {
          const p = await client.listBuildTasks({ project: 'alice/tools', offset, limit: 4 });
          paged.push(...p);
          if (p.length < 4) break;
        }
        assert.deepEqual(keys(paged), expected);
      });

      it('project + state', async () => {
        const expected = worldTasks(sim, worldBuilds(sim, ofProject('alice', 'tools')), 'failed');
        assert.ok(expected.length > 0);
        assert.deepEqual(keys(await client.listBuildTasks({ project: 'alice/tools', state: 'failed' })), expected);
        assert.deepEqual(keys(await client.listBuildTasks({ project: 'alice/tools', state: 'failed', offset: 1, limit: 1 })), expected.slice(1, 2));
      });

      if (api === 'v2') {
        it('projectId selects the same tasks as project', async () => {
          const byName = await client.listBuildTasks({ project: 'alice/tools' });
          assert.deepEqual(await client.listBuildTasks({ projectId: PROJECTS.tools.id }), byName);
        });
      } else {
        it('projectId alone is refused: v3 has no project ids', async () => {
          await assert.rejects(client.listBuildTasks({ projectId: PROJECTS.tools.id }), (e: unknown) => e instanceof CoprError && e.kind === 'invalid-argument');
        });
      }

      it('owner: every project of a user, merged newest first', async () => {
        const expected = worldTasks(sim, worldBuilds(sim, ofOwner('alice')));
        assert.deepEqual(keys(await collect(client.listAllBuildTasks({ owner: 'alice', limit: 25 }))), expected);
        assert.deepEqual(keys(await client.listBuildTasks({ owner: 'alice', offset: 3, limit: 5 })), expected.slice(3, 8));
      });

      it('owner: a @group', async () => {
        const expected = worldTasks(sim, worldBuilds(sim, ofOwner(GROUP)));
        assert.ok(expected.length >= fixtures.ALL_CHROOTS.length);
        assert.deepEqual(keys(await collect(client.listAllBuildTasks({ owner: GROUP }))), expected);
        if (api === 'v3') assert.ok(sim.requests.list().some((r) => r.path.includes('ownername=%40rpm-team')), 'the @ is percent-encoded');
        else assert.ok(sim.requests.list().some((r) => r.path.includes('group=rpm-team')), 'v2 selects groups with group=');
      });

      it('owner + state', async () => {
        const expected = worldTasks(sim, worldBuilds(sim, ofOwner('alice')), 'succeeded');
        assert.deepEqual(keys(await collect(client.listAllBuildTasks({ owner: 'alice', state: 'succeeded', limit: 10 }))), expected);
      });

      it('precedence: buildId over project over owner', async () => {
        const ofBuild = await client.listBuildTasks({ buildId: BUILDS.succeeded.id });
        assert.deepEqual(await client.listBuildTasks({ buildId: BUILDS.succeeded.id, project: 'alice/tools', owner: 'bob' }), ofBuild);
        const ofHello = await client.listBuildTasks({ project: 'alice/hello' });
        assert.deepEqual(await client.listBuildTasks({ project: 'alice/hello', owner: 'bob' }), ofHello);
        assert.ok(ofHello.every((t) => worldBuild(sim, t.build_id).projectname === 'hello'));
      });

      it('a group project and a Packit dirname', async () => {
        const big = await client.listBuildTasks({ project: `${GROUP}/python3.14`, limit: 100 });
        assert.ok(big.some((t) => t.build_id === BUILDS.big.id));
        const packit = await client.listBuildTasks({ buildId: BUILDS.packit.id });
        assert.equal(packit.length, 3);
        for (const t of packit) if (t.result_dir_url !== null) assert.match(t.result_dir_url, /\/packit-demo:pr:42\//);
      });

      it('chroots: [] — an importing build has no tasks yet, then has them', async () => {
        assert.deepEqual(await client.listBuildTasks({ buildId: BUILDS.importing.id }), []);
        const build = await client.getBuild(BUILDS.importing.id);
        assert.deepEqual(build.chroots, []);
        assert.equal(build.package_name, null);
        sim.clock.advance(100);
        const after = await client.listBuildTasks({ buildId: BUILDS.importing.id });
        assert.deepEqual(after.map((t) => t.chroot_name), ['fedora-rawhide-x86_64', 'fedora-42-x86_64']);
        assert.deepEqual((await client.getBuild(BUILDS.importing.id)).chroots, ['fedora-rawhide-x86_64', 'fedora-42-x86_64']);
      });

      it('nulls on a canceled build: queued chroots keep ended_on null', async () => {
        const tasks = await client.listBuildTasks({ buildId: BUILDS.canceled.id });
        const byName = new Map(tasks.map((t) => [t.chroot_name, t]));
        assert.equal(byName.get('fedora-rawhide-ppc64le')?.state, 'canceled');
        assert.equal(byName.get('fedora-rawhide-ppc64le')?.ended_on, null);
        assert.equal(byName.get('fedora-rawhide-i386')?.state, 'pending');
        assert.equal(byName.get('fedora-rawhide-x86_64')?.state, 'failed');
        assert.equal((await client.getBuild(BUILDS.canceled.id)).state, 'canceled');
      });
    });

    describe('builds and projects', () => {
      it('listBuilds(project): newest first, one page, limit always sent', async () => {
        const expected = worldBuilds(sim, ofProject('alice', 'tools')).map((b) => b.id);
        assert.deepEqual((await client.listBuilds({ project: 'alice/tools' })).map((b) => b.id), expected);
        assert.deepEqual((await client.listBuilds({ project: 'alice/tools', offset: 1, limit: 2 })).map((b) => b.id), expected.slice(1, 3));
        const buildLists = sim.requests.list().filter((r) => r.path.startsWith('/api_3/build/list') || r.path.startsWith('/api_2/builds?'));
        assert.ok(buildLists.length > 0 && buildLists.every((r) => /[?&]limit=\d+/.test(r.path)));
        if (api === 'v3') assert.ok(sim.requests.list().every((r) => !/[?&]status=/.test(r.path)), 'never sends status=');
      });

      it('listBuilds(owner) merges the projects newest first; groups too', async () => {
        for (const owner of ['alice', GROUP]) {
          const expected = worldBuilds(sim, ofOwner(owner)).map((b) => b.id);
          assert.deepEqual((await client.listBuilds({ owner, limit: 100 })).map((b) => b.id), expected.slice(0, 100));
          assert.deepEqual((await client.listBuilds({ owner, offset: 2, limit: 3 })).map((b) => b.id), expected.slice(2, 5));
        }
      });

      it('getBuild maps every field of the Build model', async () => {
        const b = await client.getBuild(BUILDS.succeeded.id);
        const w = worldBuild(sim, BUILDS.succeeded.id);
        assert.deepEqual(
          { ...b, project_id: undefined },
          {
            id: w.id, owner: 'alice', project: 'hello', dirname: 'hello', package_name: 'hello', package_version: '2.12.1-1', submitter: 'alice',
            // A v2 build has no started_on/ended_on (1.190's BuildSchema); only its tasks tell.
            submitted_on: w.submitted_on, started_on: api === 'v2' ? null : w.started_on, ended_on: api === 'v2' ? null : w.ended_on,
            state: 'succeeded', chroots: w.chroots, project_id: undefined,
          },
        );
        assert.equal(b.project_id, api === 'v2' ? PROJECTS.hello.id : null);
        assert.equal((await client.getBuild(BUILDS.webhook.id)).submitter, null);
        const group = await client.getBuild(BUILDS.big.id);
        assert.equal(group.owner, GROUP);
        assert.equal(group.chroots.length, fixtures.ALL_CHROOTS.length);
      });

      it('the Packit dirname', async () => {
        const b = (await client.listBuilds({ project: 'bob/packit-demo' })).find((x) => x.id === BUILDS.packit.id);
        assert.ok(b);
        // v3 builds carry the dirname; on v2 it is read from the tasks' result directories (as on the real 1.190).
        assert.equal(b.dirname, 'packit-demo:pr:42');
        assert.equal(b.project, 'packit-demo');
      });

      it('listProjects and getProject (users and groups)', async () => {
        const alice = await client.listProjects('alice');
        for (const name of ['hello', 'tools', 'failures']) assert.ok(alice.some((p) => p.name === name && p.owner === 'alice' && p.full_name === `alice/${name}`), name);
        const group = await client.listProjects(GROUP);
        assert.deepEqual(group.map((p) => p.name).sort(), ['python3.14', 'rpm-ci']);
        assert.ok(group.every((p) => p.owner === GROUP));
        assert.deepEqual(await client.listProjects('nobody-here'), []);
        const hello = await client.getProject('alice', 'hello');
        assert.deepEqual(hello, { id: api === 'v2' ? PROJECTS.hello.id : null, owner: 'alice', name: 'hello', full_name: 'alice/hello', chroots: [...PROJECTS.hello.chroots] });
        assert.equal((await client.getProject(GROUP, 'rpm-ci')).chroots.length, PROJECTS.ci.chroots.length);
      });

      it('an unknown project or build is not-found', async () => {
        await assert.rejects(client.getProject('alice', 'nope'), isNotFound);
        await assert.rejects(client.listBuilds({ project: 'alice/nope' }), isNotFound);
        await assert.rejects(client.listBuildTasks({ project: 'alice/nope' }), isNotFound);
        await assert.rejects(client.getBuild(123), isNotFound);
      });
    });

    describe('getBuildTask and getGitHash', () => {
      it('fills every field, git_hash included', async () => {
        const t = await client.getBuildTask(BUILDS.running.id, 'fedora-rawhide-x86_64');
        assert.equal(t.build_id, BUILDS.running.id);
        assert.equal(t.state, 'running');
        assert.match(t.git_hash ?? '', /^[0-9a-f]{40}$/);
        assert.ok(t.result_dir_url?.startsWith(sim.url));
      });

      it('an unknown build or chroot is not-found with status 404', async () => {
        await assert.rejects(client.getBuildTask(123, 'fedora-rawhide-x86_64'), isNotFound);
        await assert.rejects(client.getBuildTask(BUILDS.running.id, 'fedora-42-x86_64'), isNotFound);
        await assert.rejects(client.getBuildTask(BUILDS.running.id, 'foo-1-x86_64'), isNotFound);
      });

      it('getGitHash: null when the server cannot tell, cached once known', async () => {
        assert.equal(await client.getGitHash(123, 'fedora-rawhide-x86_64'), null);
        const hash = await client.getGitHash(BUILDS.succeeded.id, 'fedora-rawhide-x86_64');
        assert.match(hash ?? '', /^[0-9a-f]{40}$/);
        const before = sim.requests.count();
        assert.equal(await client.getGitHash(BUILDS.succeeded.id, 'fedora-rawhide-x86_64'), hash);
        assert.equal(sim.requests.count(), before, 'served from the cache');
      });
    });

    it('listAllBuildTasks stops early when the consumer breaks', async () => {
      sim.requests.reset();
      const first: BuildTask[] = [];
      for await (const t of client.listAllBuildTasks({ owner: GROUP, limit: 5 })) {
        first.push(t);
        if (first.length === 3) break;
      }
      assert.equal(first.length, 3);
      const total = worldTasks(sim, worldBuilds(sim, ofOwner(GROUP))).length;
      assert.ok(sim.requests.count() < total, 'did not fetch everything');
    });
  });
}
