// Packit's PR projects are found with one project search ("packit/<prefix>"), answered by the simulator the way
// copr-frontend answers it (ILIKE on owner and name, newest first); the rules then keep the exact PR names.
import * as assert from 'node:assert/strict';
import { CoprClient } from '../../../src/api';
import { prsOfNamespace } from '../../../src/discovery/prs';
import { startSimulator, type SimulatorHandle } from '../../copr-sim';

describe('discovery: Packit PR projects through project/search (simulator, API v3)', () => {
  let sim: SimulatorHandle;
  before(async () => {
    sim = await startSimulator({ api: 'v3' });
    for (const name of ['acme-hello-3', 'acme-hello-main', 'acme-hello-12', 'acme_hello-9', 'other-acme-hello-5']) sim.world.addProject('packit', name, ['fedora-rawhide-x86_64']);
    sim.world.addProject('bob', 'acme-hello-4', ['fedora-rawhide-x86_64']);
    sim.world.addProject('packit-stg', 'acme-hello-99', ['fedora-rawhide-x86_64']);
  });
  after(() => sim.close());

  it('one request finds the PR projects, newest first; other owners and look-alike names are dropped', async () => {
    const client = new CoprClient({ baseUrl: sim.url, apiVersion: 'v3' });
    sim.requests.reset();
    const found = await client.searchProjects('packit', 'acme-hello-');
    assert.equal(sim.requests.count((r) => r.path.startsWith('/api_3/project/search')), 1);
    // Like copr-frontend: owner and name are substrings (ILIKE '%packit%', '%acme-hello-%'), newest first.
    assert.deepEqual(found?.map((p) => p.full_name), ['packit-stg/acme-hello-99', 'packit/other-acme-hello-5', 'packit/acme-hello-12', 'packit/acme-hello-main', 'packit/acme-hello-3']);
    const ns = { owner: 'packit', prefix: 'acme-hello-', forge: { host: 'github.com', namespace: 'acme', repo: 'hello' }, monorepoPackage: false, packages: [], reasons: [] };
    assert.deepEqual(prsOfNamespace(ns, found ?? []).map((p) => p.project), ['packit/acme-hello-12', 'packit/acme-hello-3']);
  });

  it("a workspace project's page is its package's builds only: build/list with packagename, one request", async () => {
    sim.world.addBuild({ owner: 'packit', project: 'acme-hello-3', package: 'hello', version: '1-1' });
    sim.world.addBuild({ owner: 'packit', project: 'acme-hello-3', package: 'other', version: '1-1' });
    sim.world.addBuild({ owner: 'packit', project: 'acme-hello-3', package: 'hello', version: '1-2' });
    sim.clock.advance(120); // past the import: a build has no package name before it
    const client = new CoprClient({ baseUrl: sim.url, apiVersion: 'v3' });
    sim.requests.reset();
    const builds = await client.listBuilds({ project: 'packit/acme-hello-3', packageName: 'hello', limit: 25 });
    assert.deepEqual(builds.map((b) => [b.package_name, b.package_version]), [['hello', '1-2'], ['hello', '1-1']]);
    assert.deepEqual(sim.requests.list().map((r) => r.path), ['/api_3/build/list?ownername=packit&projectname=acme-hello-3&offset=0&limit=25&packagename=hello']);
    await assert.rejects(client.listBuilds({ project: 'packit/acme-hello-3', packageName: 'a b' }), /packageName "a b" is not/);
  });

  it('refuses a name part that is not one, before asking', async () => {
    const client = new CoprClient({ baseUrl: sim.url, apiVersion: 'v3' });
    await assert.rejects(client.searchProjects('packit', '%'), /not part of a Copr project name/);
  });

  it('API v2 has no such search: null', async () => {
    const v2 = await startSimulator({ api: 'v2' });
    try {
      assert.equal(await new CoprClient({ baseUrl: v2.url, apiVersion: 'v2' }).searchProjects('packit', 'acme-hello-'), null);
    } finally {
      await v2.close();
    }
  });
});
