import * as assert from 'node:assert/strict';
import { startSimulator, type SimulatorHandle } from '../../copr-sim';
import { BUILDS, PROJECTS, SEED_EXAMPLE } from '../../copr-sim/fixtures';
import { get, type V2Error, type V2TaskItem, type V2TaskList } from './helpers';

describe('copr-sim API v2', function () {
  this.timeout(20_000);
  let sim: SimulatorHandle;
  before(async () => {
    sim = await startSimulator({ seed: 7 });
  });
  after(() => sim.close());

  it('serves the seed document example verbatim on the list, with build_id and _links.build', async () => {
    const r = await get<V2TaskList>(sim, `/api_2/build_tasks?build_id=${SEED_EXAMPLE.buildId}`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /application\/json/);
    assert.deepEqual(r.json, {
      build_tasks: [{
        build_task: {
          chroot_name: 'fedora-rawhide-x86_64', build_id: 106882, started_on: 1440753865, state: 'succeeded', ended_on: 1440753919,
          result_dir_url: 'http://copr-be-dev.cloud.fedoraproject.org/results/vgologuz/aeghqawgt/fedora-rawhide-x86_64/00106882-python-marshmallow',
          git_hash: 'd241064b14f9dcd5d9032d0aca3b4e78fbd1aafd',
        },
        _links: {
          project: { href: '/api_2/projects/3985' }, build: { href: '/api_2/builds/106882' },
          self: { href: '/api_2/build_tasks/106882/fedora-rawhide-x86_64' },
        },
      }],
      _links: { self: { href: '/api_2/build_tasks?build_id=106882&limit=100' } },
    });
  });

  it('serves the seed detail with the real build id (not the document\'s 3985)', async () => {
    const r = await get<V2TaskItem>(sim, '/api_2/build_tasks/106882/fedora-rawhide-x86_64');
    assert.equal(r.status, 200);
    assert.equal(r.json.build_task.build_id, 106882);
    assert.equal(r.json.build_task.result_dir_url, SEED_EXAMPLE.result_dir_url);
    assert.equal(r.json._links.self.href, '/api_2/build_tasks/106882/fedora-rawhide-x86_64');
  });

  it('answers the detail 404 with the literal unformatted message and no data', async () => {
    for (const path of ['/api_2/build_tasks/106882/fedora-42-x86_64', '/api_2/build_tasks/1/fedora-rawhide-x86_64']) {
      const r = await get<V2Error>(sim, path);
      assert.equal(r.status, 404);
      assert.deepEqual(r.json, { message: 'Build task {} for build {} not found' });
    }
  });

  it('answers 200 with an empty list for a build id that does not exist', async () => {
    const r = await get<V2TaskList>(sim, '/api_2/build_tasks?build_id=123');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.build_tasks, []);
  });

  for (const limit of ['-1', '0', '105', '1000']) {
    it(`rewrites limit=${limit} to 100 in _links.self`, async () => {
      const r = await get<V2TaskList>(sim, `/api_2/build_tasks?project_id=${PROJECTS.python.id}&limit=${limit}`);
      assert.equal(r.json._links.self.href, `/api_2/build_tasks?project_id=${PROJECTS.python.id}&limit=100`);
      assert.equal(r.json.build_tasks.length, 40);
    });
  }

  it('rejects an unknown state with 400 {message, data}', async () => {
    const r = await get<V2Error>(sim, '/api_2/build_tasks?owner=alice&state=imported');
    assert.equal(r.status, 400);
    assert.equal(r.json.message, 'Failed to validate query parameter: state');
    assert.match(String(r.json.data?.help), /allowed states: failed succeeded canceled running pending skipped starting importing forked waiting unknown/);
  });

  it('accepts all eleven StatusEnum states as filters', async () => {
    for (const s of ['failed', 'succeeded', 'canceled', 'running', 'pending', 'skipped', 'starting', 'importing', 'forked', 'waiting', 'unknown']) {
      assert.equal((await get(sim, `/api_2/build_tasks?owner=alice&state=${s}`)).status, 200, s);
    }
  });

  it('lets build_id win over project_id, and project_id over owner', async () => {
    const a = await get<V2TaskList>(sim, `/api_2/build_tasks?build_id=${BUILDS.running.id}&project_id=${PROJECTS.hello.id}&owner=bob`);
    assert.deepEqual(new Set(a.json.build_tasks.map((t) => t.build_task.build_id)), new Set([BUILDS.running.id]));
    assert.equal(a.json._links.self.href, `/api_2/build_tasks?owner=bob&project_id=${PROJECTS.hello.id}&build_id=${BUILDS.running.id}&limit=100`);
    const b = await get<V2TaskList>(sim, `/api_2/build_tasks?project_id=${PROJECTS.hello.id}&owner=bob`);
    const ids = new Set(b.json.build_tasks.map((t) => t.build_task.build_id));
    assert.deepEqual(ids, new Set([BUILDS.succeeded.id, BUILDS.webhook.id])); // the importing build has no tasks yet
  });

  it('applies the state filter on top of the chosen filter', async () => {
    const r = await get<V2TaskList>(sim, `/api_2/build_tasks?build_id=${BUILDS.running.id}&state=running`);
    assert.deepEqual(r.json.build_tasks.map((t) => t.build_task.chroot_name), ['fedora-rawhide-x86_64', 'fedora-rawhide-aarch64']);
  });

  it('pages an owner\'s tasks with offset/limit, every task exactly once', async () => {
    const all: string[] = [];
    for (let offset = 0; ; offset += 7) {
      const r = await get<V2TaskList>(sim, `/api_2/build_tasks?owner=alice&offset=${offset}&limit=7`);
      all.push(...r.json.build_tasks.map((t) => `${t.build_task.build_id}/${t.build_task.chroot_name}`));
      if (r.json.build_tasks.length < 7) break;
    }
    const whole = await get<V2TaskList>(sim, '/api_2/build_tasks?owner=alice');
    assert.equal(new Set(all).size, all.length);
    assert.deepEqual(all, whole.json.build_tasks.map((t) => `${t.build_task.build_id}/${t.build_task.chroot_name}`));
    assert.ok(all.includes(`${BUILDS.canceled.id}/fedora-rawhide-i386`));
  });

  it('filters groups with group=, not owner=@group', async () => {
    const g = await get<V2TaskList>(sim, '/api_2/build_tasks?group=rpm-team&limit=100');
    assert.ok(g.json.build_tasks.length > 0);
    const o = await get<V2TaskList>(sim, '/api_2/build_tasks?owner=%40rpm-team');
    assert.deepEqual(o.json.build_tasks, []);
  });

  it('keeps nulls for tasks that have not started', async () => {
    const r = await get<V2TaskItem>(sim, `/api_2/build_tasks/${BUILDS.pending.id}/fedora-rawhide-x86_64`);
    assert.equal(r.json.build_task.state, 'pending');
    assert.equal(r.json.build_task.started_on, null);
    assert.equal(r.json.build_task.ended_on, null);
    assert.equal(r.json.build_task.result_dir_url, null);
  });

  it('points result_dir_url at the simulator\'s own results, with a trailing slash', async () => {
    const r = await get<V2TaskItem>(sim, `/api_2/build_tasks/${BUILDS.packit.id}/epel-9-x86_64`);
    assert.equal(r.json.build_task.result_dir_url, `${sim.url}/results/bob/packit-demo:pr:42/epel-9-x86_64/${String(BUILDS.packit.id).padStart(8, '0')}-packit-demo/`);
  });

  it('lists builds newest first with the 1..100 clamp, and the build object', async () => {
    const r = await get<{ builds: Array<{ build: { id: number; state: string } }>; _links: { self: { href: string } } }>(
      sim, `/api_2/builds?project_id=${PROJECTS.tools.id}&limit=0`);
    assert.equal(r.json.builds.length, 1);
    assert.equal(r.json._links.self.href, `/api_2/builds?project_id=${PROJECTS.tools.id}&limit=1`);
    const all = await get<{ builds: Array<{ build: { id: number } }> }>(sim, `/api_2/builds?project_id=${PROJECTS.tools.id}`);
    const ids = all.json.builds.map((b) => b.build.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    assert.equal(ids.length, 5);
    const one = await get<{ build: { id: number; state: string; package_name: string } }>(sim, `/api_2/builds/${BUILDS.canceled.id}`);
    assert.equal(one.json.build.state, 'canceled');
    const missing = await get<V2Error>(sim, '/api_2/builds/5');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { message: 'Build with id `5` not found', data: { build_id: 5 } });
  });

  it('lists projects by owner in id order and reports a missing project', async () => {
    const r = await get<{ projects: Array<{ project: { id: number; name: string }; _links: Record<string, { href: string }> }> }>(sim, '/api_2/projects?owner=alice');
    assert.deepEqual(r.json.projects.map((p) => p.project.name), ['hello', 'tools', 'failures']);
    assert.equal(r.json.projects[0]?._links.build_tasks?.href, `/api_2/build_tasks?project_id=${PROJECTS.hello.id}`);
    const missing = await get<V2Error>(sim, '/api_2/projects/999999');
    assert.deepEqual(missing.json, { message: 'Project with id `999999` not found', data: { project_id: 999999 } });
  });

  it('answers unknown /api_2 routes with an HTML 404', async () => {
    const r = await get(sim, '/api_2/builds_tasks?build_id=106882');
    assert.equal(r.status, 404);
    assert.match(r.headers.get('content-type') ?? '', /text\/html/);
  });
});
