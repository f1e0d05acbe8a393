import * as assert from 'node:assert/strict';
import { startSimulator, type SimulatorHandle } from '../../copr-sim';
import { BUILDS, GROUP, PROJECTS } from '../../copr-sim/fixtures';
import { get, type V3Build, type V3Chroot, type V3Error, type V3List } from './helpers';

const BUILD_KEYS = ['chroots', 'ended_on', 'id', 'is_background', 'ownername', 'project_dirname', 'projectname', 'repo_url', 'source_package', 'started_on', 'state', 'submitted_on', 'submitter'];

describe('copr-sim API v3', function () {
  this.timeout(20_000);
  let sim: SimulatorHandle;
  before(async () => {
    sim = await startSimulator({ seed: 3 });
  });
  after(() => sim.close());

  it('answers /api_3/ with {"version": 3}', async () => {
    assert.deepEqual((await get(sim, '/api_3/')).json, { version: 3 });
    assert.deepEqual((await get(sim, '/api_3')).json, { version: 3 });
  });

  it('serves a running build with every schema field, started_on = min and ended_on null', async () => {
    const r = await get<V3Build>(sim, `/api_3/build/${BUILDS.running.id}`);
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json).sort(), BUILD_KEYS);
    assert.equal(r.json.state, 'running');
    assert.equal(r.json.started_on, sim.clock.now() - 600);
    assert.equal(r.json.ended_on, null);
    assert.equal(r.json.repo_url, `${sim.url}/results/alice/tools`);
    assert.equal(r.json.source_package.url, `${sim.url}/results/alice/tools/srpm-builds/${pad(BUILDS.running.id)}/python-tools-1.4.0-1.src.rpm`);
  });

  it('accepts the trailing slash', async () => {
    assert.equal((await get<V3Build>(sim, `/api_3/build/${BUILDS.running.id}/`)).json.id, BUILDS.running.id);
    assert.equal((await get<V3List<V3Build>>(sim, '/api_3/build/list/?ownername=alice&projectname=hello')).status, 200);
  });

  it('shows an importing build with chroots [] and null source_package', async () => {
    const r = await get<V3Build>(sim, `/api_3/build/${BUILDS.importing.id}`);
    assert.equal(r.json.state, 'importing');
    assert.deepEqual(r.json.chroots, []);
    assert.deepEqual(r.json.source_package, { name: null, version: null, url: null });
    assert.deepEqual((await get<V3List<V3Chroot>>(sim, `/api_3/build-chroot/list?build_id=${BUILDS.importing.id}`)).json.items, []);
  });

  it('lists builds newest first whatever order/order_type say, echoing them in meta', async () => {
    for (const q of ['', '&order_type=ASC', '&order_type=DESC', '&order=submitted_on&order_type=ASC']) {
      const r = await get<V3List<V3Build>>(sim, `/api_3/build/list?ownername=alice&projectname=tools&limit=3${q}`);
      assert.deepEqual(r.json.items.map((b) => b.id), [BUILDS.pending.id, BUILDS.running.id, BUILDS.canceled.id]);
      assert.equal(r.json.meta.limit, 3);
      assert.equal(r.json.meta.order_type, q.includes('DESC') ? 'DESC' : 'ASC');
    }
  });

  it('returns everything without a limit (meta.limit null)', async () => {
    const r = await get<V3List<V3Build>>(sim, `/api_3/build/list?ownername=${encodeURIComponent(GROUP)}&projectname=python3.14`);
    assert.equal(r.json.meta.limit, null);
    assert.equal(r.json.items.length, 1);
    assert.equal(r.json.items[0]?.chroots.length, 40);
  });

  it('filters status after the offset, on the unfiltered list', async () => {
    // tools, newest first: pending, running, canceled, skipped, forked.
    // The limit cuts after filtering, so the canceled build two places down still comes back with limit=1.
    const r = await get<V3List<V3Build>>(sim, '/api_3/build/list?ownername=alice&projectname=tools&status=canceled&offset=1&limit=1');
    assert.deepEqual(r.json.items.map((b) => b.id), [BUILDS.canceled.id]);
    const skipped = await get<V3List<V3Build>>(sim, '/api_3/build/list?ownername=alice&projectname=tools&status=pending&offset=1');
    assert.deepEqual(skipped.json.items, []); // the only pending build sits before the offset
  });

  it('lists all CoprDirs of a project, Packit PR dirs included', async () => {
    const r = await get<V3List<V3Build>>(sim, '/api_3/build/list?ownername=bob&projectname=packit-demo');
    assert.deepEqual(r.json.items.map((b) => b.project_dirname), ['packit-demo:pr:42', 'packit-demo']);
  });

  it('accepts @group as %40group', async () => {
    const r = await get<V3List<V3Build>>(sim, '/api_3/build/list?ownername=%40rpm-team&projectname=rpm-ci');
    assert.equal(r.json.items[0]?.ownername, '@rpm-team');
  });

  it('reports missing arguments (400), bad limits (500), missing projects and groups (404)', async () => {
    assert.deepEqual(await pick(get<V3Error>(sim, '/api_3/build/list?ownername=alice')), [400, { error: 'Missing argument projectname' }]);
    assert.deepEqual(await pick(get<V3Error>(sim, '/api_3/build-chroot/list')), [400, { error: 'Missing argument build_id' }]);
    assert.deepEqual(await pick(get<V3Error>(sim, '/api_3/build/list?ownername=alice&projectname=tools&limit=ten')),
      [500, { error: "{'limit': ['Not a valid integer value.']}" }]);
    assert.deepEqual(await pick(get<V3Error>(sim, '/api_3/build/list?ownername=alice&projectname=nope')), [404, { error: 'Project alice/nope does not exist.' }]);
    assert.deepEqual(await pick(get<V3Error>(sim, '/api_3/project?ownername=%40nobody&projectname=x')), [404, { error: 'Group nobody does not exist.' }]);
    assert.deepEqual(await pick(get<V3Error>(sim, '/api_3/project?ownername=%40rpm-team&projectname=x')), [404, { error: 'Project @rpm-team/x does not exist.' }]);
    assert.deepEqual(await pick(get<V3Error>(sim, '/api_3/build/1')), [404, { error: 'Build 1 does not exist.' }]);
    assert.deepEqual(await pick(get<V3Error>(sim, '/api_3/no/such/thing')), [404, { error: "Such API endpoint doesn't exist" }]);
  });

  it('serves build-chroot lists in creation order (ASC/DESC) with nulls for unstarted chroots', async () => {
    const r = await get<V3List<V3Chroot>>(sim, `/api_3/build-chroot/list?build_id=${BUILDS.running.id}`);
    assert.deepEqual(r.json.items.map((c) => c.state), ['running', 'running', 'starting', 'pending', 'pending']);
    assert.deepEqual(r.json.items[3], { ended_on: null, name: 'fedora-rawhide-ppc64le', result_url: null, started_on: null, state: 'pending' });
    assert.deepEqual(r.json.meta, { limit: null, offset: 0, order: 'id', order_type: 'ASC' });
    const d = await get<V3List<V3Chroot>>(sim, `/api_3/build-chroot/list?build_id=${BUILDS.running.id}&order_type=DESC&limit=2`);
    assert.deepEqual(d.json.items.map((c) => c.name), ['fedora-rawhide-s390x', 'fedora-rawhide-ppc64le']);
    const legacy = await get<V3List<V3Chroot>>(sim, `/api_3/build-chroot/list/${BUILDS.running.id}`);
    assert.equal(legacy.json.items.length, 5);
  });

  it('serves one build-chroot and its three 404s', async () => {
    const ok = await get<V3Chroot>(sim, `/api_3/build-chroot?build_id=${BUILDS.running.id}&chrootname=fedora-rawhide-x86_64`);
    assert.equal(ok.json.result_url, `${sim.url}/results/alice/tools/fedora-rawhide-x86_64/${pad(BUILDS.running.id)}-python-tools/`);
    assert.deepEqual(await pick(get<V3Error>(sim, `/api_3/build-chroot?build_id=${BUILDS.running.id}&chrootname=fedora-42-x86_64`)),
      [404, { error: `Build ${BUILDS.running.id} was not submitted to fedora-42-x86_64 chroot.` }]);
    assert.deepEqual(await pick(get<V3Error>(sim, `/api_3/build-chroot?build_id=${BUILDS.running.id}&chrootname=foo-1-x86_64`)),
      [404, { error: 'Chroot foo-1-x86_64 does not exist' }]);
    assert.deepEqual(await pick(get<V3Error>(sim, '/api_3/build-chroot?build_id=123&chrootname=fedora-42-x86_64')), [404, { error: 'Build 123 does not exist.' }]);
  });

  it('shows a canceled build: canceled wins, queued chroots keep pending/canceled with ended_on null', async () => {
    const b = await get<V3Build>(sim, `/api_3/build/${BUILDS.canceled.id}`);
    assert.equal(b.json.state, 'canceled');
    assert.equal(b.json.ended_on, null);
    const c = await get<V3List<V3Chroot>>(sim, `/api_3/build-chroot/list?build_id=${BUILDS.canceled.id}`);
    assert.deepEqual(c.json.items.map((x) => [x.state, x.ended_on === null]), [
      ['failed', false], ['succeeded', false], ['pending', true], ['canceled', true], ['pending', true],
    ]);
  });

  it('lists projects of an owner oldest first; an unknown owner is 200 with no items', async () => {
    const r = await get<V3List<{ name: string; full_name: string; chroot_repos: Record<string, string> }>>(sim, '/api_3/project/list?ownername=%40rpm-team');
    assert.deepEqual(r.json.items.map((p) => p.full_name), ['@rpm-team/python3.14', '@rpm-team/rpm-ci']);
    assert.equal(Object.keys(r.json.items[0]?.chroot_repos ?? {}).length, 40);
    assert.deepEqual(await pick(get(sim, '/api_3/project/list?ownername=nobody-at-all')), [200, { items: [], meta: { limit: null, offset: 0, order: 'id', order_type: 'ASC' } }]);
    const one = await get<{ id: number; full_name: string }>(sim, '/api_3/project?ownername=alice&projectname=tools');
    assert.equal(one.json.id, PROJECTS.tools.id);
  });

  it('serves the monitor with the latest build per package and chroot', async () => {
    const r = await get<{ output: string; packages: Array<{ name: string; chroots: Record<string, { state: string; status: number; build_id: number; url_build_log?: string | null }> }> }>(
      sim, '/api_3/monitor?ownername=alice&projectname=tools&additional_fields[]=url_build_log');
    assert.equal(r.json.output, 'ok');
    const tools = r.json.packages.find((p) => p.name === 'python-tools');
    assert.equal(tools?.chroots['fedora-rawhide-x86_64']?.build_id, BUILDS.pending.id);
    assert.equal(tools?.chroots['fedora-rawhide-x86_64']?.status, 4);
    assert.equal(tools?.chroots['fedora-rawhide-x86_64']?.url_build_log, null);
    assert.equal((await get(sim, '/api_3/monitor?ownername=alice&projectname=tools&additional_fields[]=bogus')).status, 400);
  });
});

async function pick<J>(p: Promise<{ status: number; json: J }>): Promise<[number, J]> {
  const r = await p;
  return [r.status, r.json];
}

function pad(id: number): string {
  return String(id).padStart(8, '0');
}
