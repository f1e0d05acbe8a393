// GET /api_3/package/list: the decoder against an answer recorded from the real copr-frontend, and the client over
// HTTP against the simulator's endpoint (test/copr-sim/packages.ts).
import * as assert from 'node:assert/strict';
import { CoprClient } from '../../../src/api/client';
import { CoprError } from '../../../src/api/errors';
import { decodePackageList } from '../../../src/api/packages';
import { startSimulator, type SimulatorHandle } from '../../copr-sim';

// GET /api_3/package/list?ownername=alice&projectname=hello&limit=100&offset=0 on the real frontend (main, seed.py),
// after adding four packages through POST /api_3/package/add/alice/hello/<name>/<type> as alice (the form refused
// the scp-like `git@github.com:acme/hello-make` and `ssh://git@…` clone URLs: "clone_url: Invalid URL.").
const REAL = `{"items":[{"id":1,"name":"hello","ownername":"alice","projectname":"hello","source_type":"unset","source_dict":{},"auto_rebuild":false,"builds":{"latest":null,"latest_succeeded":null}},{"id":5,"name":"hello-scm","ownername":"alice","projectname":"hello","source_type":"scm","source_dict":{"type":"git","clone_url":"https://github.com/Acme/Hello.git","subdirectory":"","committish":"main","spec":"hello.spec","source_build_method":"rpkg"},"auto_rebuild":false,"builds":{"latest":null,"latest_succeeded":null}},{"id":6,"name":"hello-pypi","ownername":"alice","projectname":"hello","source_type":"pypi","source_dict":{"pypi_package_name":"hello","pypi_package_version":null,"spec_generator":"pyp2spec","spec_template":"","python_versions":[]},"auto_rebuild":false,"builds":{"latest":null,"latest_succeeded":null}},{"id":7,"name":"hello-make","ownername":"alice","projectname":"hello","source_type":"scm","source_dict":{"type":"git","clone_url":"https://GitLab.com/acme/sub/hello-make/","subdirectory":"pkg","committish":null,"spec":null,"source_build_method":"make_srpm"},"auto_rebuild":false,"builds":{"latest":null,"latest_succeeded":null}},{"id":8,"name":"hello-ssh","ownername":"alice","projectname":"hello","source_type":"scm","source_dict":{"type":"git","clone_url":"ssh://gitlab.com/acme/x.git","subdirectory":null,"committish":null,"spec":null,"source_build_method":"rpkg"},"auto_rebuild":false,"builds":{"latest":null,"latest_succeeded":null}}],"meta":{"limit":100,"offset":0,"order":"id","order_type":"ASC"}}`;

describe('Copr package list (API v3 package/list)', function () {
  this.timeout(20_000);

  it("decodes the real frontend's answer: names, source types, SCM sources with their nulls and empty strings", () => {
    assert.deepEqual(decodePackageList(JSON.parse(REAL), {}), [
      { name: 'hello', project: 'alice/hello', sourceType: 'unset' },
      { name: 'hello-scm', project: 'alice/hello', sourceType: 'scm', scm: { cloneUrl: 'https://github.com/Acme/Hello.git', committish: 'main', subdirectory: '', spec: 'hello.spec' } },
      { name: 'hello-pypi', project: 'alice/hello', sourceType: 'pypi' },
      { name: 'hello-make', project: 'alice/hello', sourceType: 'scm', scm: { cloneUrl: 'https://GitLab.com/acme/sub/hello-make/', committish: null, subdirectory: 'pkg', spec: null } },
      { name: 'hello-ssh', project: 'alice/hello', sourceType: 'scm', scm: { cloneUrl: 'ssh://gitlab.com/acme/x.git', committish: null, subdirectory: null, spec: null } },
    ]);
  });

  it('refuses damaged answers with the path of the fault; an SCM package without a clone URL has no source', () => {
    const item = (o: Record<string, unknown>) => ({ items: [{ name: 'p', ownername: 'o', projectname: 'x', source_type: 'scm', source_dict: { clone_url: 'https://h/a/b' }, ...o }] });
    assert.throws(() => decodePackageList({ meta: {} }, {}), /items is missing/);
    assert.throws(() => decodePackageList(item({ name: 7 }), {}), /items\[0\]\.name should be a non-empty string/);
    assert.throws(() => decodePackageList(item({ source_dict: [] }), {}), /items\[0\]\.source_dict should be an object/);
    assert.throws(() => decodePackageList(item({ source_dict: { clone_url: 3 } }), {}), /items\[0\]\.source_dict\.clone_url should be a string or null/);
    assert.equal(decodePackageList(item({ source_dict: { clone_url: null } }), {})[0].scm, undefined);
    assert.equal(decodePackageList(item({ source_dict: { clone_url: 'x'.repeat(10_000) } }), {})[0].scm?.cloneUrl.length, 2000, 'bounded');
    const hostile = decodePackageList(JSON.parse('{"items":[{"name":"p","ownername":"o","projectname":"x","source_type":"scm","source_dict":{"__proto__":{"clone_url":"https://evil/a/b"}}}]}'), {});
    assert.equal(hostile[0].scm, undefined, 'only own properties are read');
  });

  describe('client over HTTP against the simulator', () => {
    let sim: SimulatorHandle;
    let client: CoprClient;
    before(async () => {
      sim = await startSimulator({ api: 'v3' });
      client = new CoprClient({ baseUrl: sim.url, apiVersion: 'v3' });
    });
    after(() => sim.close());

    it('one page per request, oldest first, SCM packages with their clone URLs and packages of imported builds', async () => {
      sim.clock.advance(600); // past the fixture builds' imports
      sim.requests.reset();
      const page = await client.listPackages({ project: 'alice/tools' });
      assert.deepEqual(sim.requests.list().map((r) => r.path), ['/api_3/package/list?ownername=alice&projectname=tools&offset=0&limit=100']);
      assert.deepEqual(page?.map((p) => [p.name, p.sourceType, p.scm?.cloneUrl]), [
        ['python-tools', 'scm', 'https://GitHub.com/Alice/python-tools/'],
        ['tools-x86-only', 'unset', undefined],
      ]);
      const second = await client.listPackages({ project: 'alice/tools', offset: 1, limit: 1 });
      assert.deepEqual(second?.map((p) => p.name), ['tools-x86-only']);
    });

    it('a package appears with its first build\'s import', async () => {
      sim.world.addProject('carol', 'fresh', ['fedora-rawhide-x86_64']);
      sim.world.addBuild({ owner: 'carol', project: 'fresh', package: 'newpkg', version: '1-1' });
      assert.deepEqual(await client.listPackages({ project: 'carol/fresh' }), []);
      sim.clock.advance(120);
      assert.deepEqual((await client.listPackages({ project: 'carol/fresh' }))?.map((p) => p.name), ['newpkg']);
    });

    it('a missing project is CoprError not-found; invalid queries are refused before asking', async () => {
      await assert.rejects(client.listPackages({ project: 'alice/nope' }), (e: unknown) => e instanceof CoprError && e.kind === 'not-found' && /alice\/nope does not exist/.test(e.message));
      sim.requests.reset();
      await assert.rejects(client.listPackages({ project: 'alice' }), (e: unknown) => e instanceof CoprError && e.kind === 'invalid-argument');
      await assert.rejects(client.listPackages({ project: 'alice/tools', limit: 101 }), /limit must be an integer from 1 to 100/);
      await assert.rejects(client.listPackages({ project: 'alice/tools', offset: -1 }), /offset must be a non-negative integer/);
      assert.equal(sim.requests.count(), 0);
    });

    it('API v2 has no package list: null', async () => {
      const v2 = await startSimulator({ api: 'v2' });
      try {
        assert.equal(await new CoprClient({ baseUrl: v2.url, apiVersion: 'v2' }).listPackages({ project: 'alice/tools' }), null);
      } finally {
        await v2.close();
      }
    });
  });
});
