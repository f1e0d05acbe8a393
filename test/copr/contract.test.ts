// The contract of src/api against the REAL copr-frontend (real-copr/start.sh): main (API v3 + /backend/) and 1.190
// (API v2 and its API v3), with apiVersion v2, v3 and auto. Expectations are the seeded world (seed.py) as the real
// server answers it; run by `npm run test:copr`, never by `npm test`.

import * as assert from 'node:assert/strict';
import { CoprClient } from '../../src/api/client';
import { CoprError } from '../../src/api/errors';
import type { Build, BuildTask, TaskState } from '../../src/api/types';
import { coprBuildState } from '../../src/tree/buildWords';
import { HELLO_CHROOTS, HELLO_STATES, HELLO_VERSIONS, helloBuildIds, realServer, type HelloBuild, type RealServer, type RealVersion } from './realCopr';

const CONFIGS: Array<{ server: RealVersion; api: 'v2' | 'v3' | 'auto' }> = [
  { server: 'head', api: 'v3' },
  { server: 'head', api: 'auto' },
  { server: 'v190', api: 'v2' },
  { server: 'v190', api: 'v3' },
  { server: 'v190', api: 'auto' },
];

const LETTERS = Object.keys(HELLO_VERSIONS) as HelloBuild[];

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function rejection(p: Promise<unknown>): Promise<CoprError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CoprError, `a CoprError, got ${String(e)}`);
    return e;
  }
  return assert.fail('expected a rejection');
}

/** seed.py: every chroot's git_hash is "%040x" % (build.id * 7919). */
const seededHash = (buildId: number) => (buildId * 7919).toString(16).padStart(40, '0');
const key = (t: BuildTask) => `${t.build_id}/${t.chroot_name}`;

for (const { server: version, api } of CONFIGS) {
  describe(`real Copr ${version}, apiVersion ${api}`, function () {
    this.timeout(60_000);
    let server: RealServer;
    let ids: Record<HelloBuild, number>;
    let client: CoprClient;
    const speaks = api === 'v2' ? 'v2' : 'v3';
    /** Every task of alice/hello, newest build first, chroots in the project's order. */
    let helloTasks: Array<{ build_id: number; chroot_name: string; state: string }>;

    before(async () => {
      server = realServer(version);
      ids = await helloBuildIds(server);
      helloTasks = [...LETTERS]
        .sort((a, b) => ids[b] - ids[a])
        .flatMap((l) => HELLO_CHROOTS.map((c, i) => ({ build_id: ids[l], chroot_name: c, state: HELLO_STATES[l].chroots[i] as string })));
    });
    beforeEach(() => {
      client = new CoprClient({ baseUrl: server.url, apiVersion: api });
    });

    it(`speaks ${speaks}`, async () => {
      assert.equal(await client.resolveVersion(), speaks);
    });

    it('lists alice/hello newest first with every build state, package, submitter, chroots and directory', async () => {
      const builds = await client.listBuilds({ project: 'alice/hello' });
      assert.deepEqual(builds.map((b) => b.id), LETTERS.map((l) => ids[l]).sort((a, b) => b - a));
      for (const l of LETTERS) {
        const b = builds.find((x) => x.id === ids[l]) as Build;
        assert.equal(b.state, HELLO_STATES[l].build, `build ${l} state`);
        assert.equal(b.owner, 'alice');
        assert.equal(b.project, 'hello');
        assert.equal(b.package_name, 'hello');
        assert.equal(b.package_version, HELLO_VERSIONS[l]);
        assert.equal(b.submitter, 'alice');
        assert.deepEqual(b.chroots, HELLO_CHROOTS);
        assert.equal(b.dirname, HELLO_STATES[l].dirname, `build ${l} directory`);
        assert.equal(typeof b.submitted_on, 'number');
      }
      assert.deepEqual(await client.getBuild(ids.G), builds.find((b) => b.id === ids.G));
    });

    it("every seeded build's state is what the tree computes from its chroots (Copr's own aggregation)", async () => {
      for (const l of LETTERS) {
        const build = await client.getBuild(ids[l]);
        const tasks = await client.listBuildTasks({ buildId: ids[l] });
        assert.deepEqual(tasks.map((t) => t.state), HELLO_STATES[l].chroots, `build ${l} chroots`);
        assert.equal(coprBuildState(build, tasks), build.state, `build ${l}`);
      }
    });

    it('one task by build and chroot, with all seven fields (git hash included)', async () => {
      const task = await client.getBuildTask(ids.A, 'fedora-40-x86_64');
      assert.deepEqual(Object.keys(task).sort(), ['build_id', 'chroot_name', 'ended_on', 'git_hash', 'result_dir_url', 'started_on', 'state']);
      assert.equal(task.build_id, ids.A);
      assert.equal(task.chroot_name, 'fedora-40-x86_64');
      assert.equal(task.state, 'succeeded');
      assert.equal(typeof task.started_on, 'number');
      assert.equal(typeof task.ended_on, 'number');
      assert.ok((task.ended_on as number) > (task.started_on as number));
      assert.match(task.result_dir_url ?? '', /\/results\/alice\/hello\/fedora-40-x86_64\/0*\d+-hello\/$/);
      assert.equal(task.git_hash, seededHash(ids.A));
      const running = await client.getBuildTask(ids.A, 'fedora-rawhide-x86_64');
      assert.equal(running.state, 'running');
      assert.equal(running.ended_on, null);
    });

    it('the git hash is the one /backend/get-build-task tells (v3) or the task carries (v2)', async () => {
      assert.equal(await client.getGitHash(ids.G, 'fedora-40-aarch64'), seededHash(ids.G));
      const listed = await client.listBuildTasks({ buildId: ids.G });
      // v3 lists carry no hash (it is fetched on demand); v2 lists do.
      assert.deepEqual(listed.map((t) => t.git_hash), HELLO_CHROOTS.map(() => (speaks === 'v2' ? seededHash(ids.G) : null)));
      if (speaks === 'v2' || version === 'head') {
        const backend = await fetch(`${server.url}/backend/get-build-task/${ids.G}-fedora-40-aarch64`);
        assert.equal(((await backend.json()) as { git_hash: string }).git_hash, seededHash(ids.G));
      }
    });

    it('a project\'s tasks come newest first whatever order the server lists them in, with offset and limit', async () => {
      const all = await collect(client.listAllBuildTasks({ project: 'alice/hello' }));
      assert.deepEqual(all.map((t) => ({ build_id: t.build_id, chroot_name: t.chroot_name, state: t.state })), helloTasks);
      const page = await client.listBuildTasks({ project: 'alice/hello', offset: 2, limit: 5 });
      assert.deepEqual(page.map(key), helloTasks.slice(2, 7).map((t) => `${t.build_id}/${t.chroot_name}`));
      const first = await client.listBuildTasks({ project: 'alice/hello', limit: 1 });
      assert.deepEqual(first.map(key), [`${ids.D}/fedora-40-x86_64`]);
    });

    it('filters tasks by every state the world holds, newest first', async () => {
      const states: TaskState[] = ['waiting', 'pending', 'starting', 'running', 'failed', 'succeeded', 'canceled', 'skipped', 'forked', 'importing'];
      for (const state of states) {
        const got = await collect(client.listAllBuildTasks({ project: 'alice/hello', state, limit: 2 }));
        const want = helloTasks.filter((t) => t.state === state).map((t) => `${t.build_id}/${t.chroot_name}`);
        assert.deepEqual(got.map(key), want, `state ${state}`);
        assert.ok(got.every((t) => t.state === state));
      }
      const page = await client.listBuildTasks({ project: 'alice/hello', state: 'succeeded', offset: 1, limit: 2 });
      assert.deepEqual(page.map(key), helloTasks.filter((t) => t.state === 'succeeded').slice(1, 3).map((t) => `${t.build_id}/${t.chroot_name}`));
    });

    it("an owner's tasks are that owner's only, newest first; a @group's are the group's", async () => {
      const alice = await client.listBuildTasks({ owner: 'alice', limit: 25 });
      assert.deepEqual(alice.slice(0, 21).map(key), helloTasks.map((t) => `${t.build_id}/${t.chroot_name}`));
      const ownBuilds = new Set([...Object.values(ids)]);
      const rest = alice.slice(21);
      assert.ok(rest.length === 4 && rest.every((t) => !ownBuilds.has(t.build_id) && t.chroot_name === 'fedora-39-x86_64'), 'then alice/many');
      const group = await client.listBuildTasks({ owner: '@packagers' });
      assert.deepEqual(group.map((t) => [t.chroot_name, t.state]).sort(), [['epel-9-x86_64', 'failed'], ['fedora-40-x86_64', 'succeeded']]);
      const bob = await client.listBuildTasks({ owner: 'bob' });
      assert.deepEqual(bob.map((t) => t.state), ['succeeded']);
      const aliceBuilds = await client.listBuilds({ owner: 'alice', limit: 10 });
      assert.deepEqual(aliceBuilds.slice(0, 7).map((b) => b.id), LETTERS.map((l) => ids[l]).sort((a, b) => b - a));
      assert.ok(aliceBuilds.every((b) => b.owner === 'alice'), 'no group build under alice');
    });

    it("projects of a user and of a @group (the group's project is not the creator's)", async () => {
      assert.deepEqual((await client.listProjects('alice')).map((p) => p.full_name), ['alice/hello', 'alice/many']);
      assert.deepEqual((await client.listProjects('@packagers')).map((p) => p.full_name), ['@packagers/tools']);
      assert.deepEqual((await client.listProjects('nobody')).map((p) => p.full_name), []);
      const tools = await client.getProject('@packagers', 'tools');
      assert.equal(tools.full_name, '@packagers/tools');
      assert.deepEqual([...tools.chroots].sort(), ['epel-9-x86_64', 'fedora-40-x86_64']);
      const hello = await client.getProject('alice', 'hello');
      assert.deepEqual([...hello.chroots].sort(), [...HELLO_CHROOTS].sort());
      const builds = await client.listBuilds({ project: '@packagers/tools' });
      assert.equal(builds.length, 1);
      assert.equal(builds[0]?.owner, '@packagers');
      assert.equal(builds[0]?.state, 'failed');
    });

    it('pages past 100 builds (alice/many: 120)', async () => {
      const first = await client.listBuilds({ project: 'alice/many', limit: 100 });
      const second = await client.listBuilds({ project: 'alice/many', offset: 100, limit: 100 });
      assert.equal(first.length, 100);
      assert.equal(second.length, 20);
      const all = [...first, ...second].map((b) => b.id);
      assert.equal(new Set(all).size, 120);
      assert.deepEqual(all, [...all].sort((a, b) => b - a), 'newest first across pages');
      const tasks = await collect(client.listAllBuildTasks({ project: 'alice/many' }));
      assert.equal(tasks.length, 120);
      assert.deepEqual(tasks.map((t) => t.build_id), all);
      const page = await client.listBuildTasks({ project: 'alice/many', offset: 110, limit: 100 });
      assert.deepEqual(page.map((t) => t.build_id), all.slice(110));
    });

    it('not found: build, task, chroot of a build, project; an unknown build has no tasks', async () => {
      const build = await rejection(client.getBuild(999999));
      assert.equal(build.kind, 'not-found');
      assert.equal(build.status, 404);
      const task = await rejection(client.getBuildTask(999999, 'fedora-40-x86_64'));
      assert.equal(task.kind, 'not-found');
      const chroot = await rejection(client.getBuildTask(ids.A, 'epel-9-x86_64'));
      assert.equal(chroot.kind, 'not-found');
      assert.match(chroot.message, new RegExp(`${ids.A}.*epel-9-x86_64|epel-9-x86_64.*${ids.A}`));
      assert.doesNotMatch(chroot.message, /\{\}/, 'no unformatted placeholders from the server');
      const project = await rejection(client.getProject('alice', 'nope'));
      assert.equal(project.kind, 'not-found');
      assert.match(project.message, /alice\/nope/);
      assert.equal((await rejection(client.listBuilds({ project: 'alice/nope' }))).kind, 'not-found');
      assert.deepEqual(await client.listBuildTasks({ buildId: 999999 }), []);
      assert.equal(await client.getGitHash(999999, 'fedora-40-x86_64'), null);
    });

    it('a chroot Copr has never heard of is "not found" for the user (1.190 answers 500 on API v2)', async () => {
      const e = await rejection(client.getBuildTask(ids.A, 'fedora-99-x86_64'));
      assert.equal(e.kind, 'not-found', e.message);
      assert.match(e.message, /fedora-99-x86_64/);
      assert.doesNotMatch(e.message, /retry|having trouble/i, 'a missing chroot is not a server outage');
    });
  });
}
