import * as assert from 'node:assert/strict';
import { discover } from '../../../src/discovery/discover';
import { fixtureFacts, parseYaml } from './support';

describe('discovery: the fixture workspaces', () => {
  it('Packit with explicit owner/project: one project, both jobs as reasons, PR directories listed, branch pr/42 current', async () => {
    const facts = await fixtureFacts('packit-explicit');
    assert.equal(facts.branch, 'pr/42');
    const d = discover(facts, parseYaml);
    assert.deepEqual(d.problems, []);
    assert.deepEqual(d.prNamespaces, []);
    assert.equal(d.projects.length, 1);
    const p = d.projects[0];
    assert.equal(`${p.owner}/${p.project}`, 'bob/packit-demo');
    assert.deepEqual(p.packages, ['packit-demo']);
    assert.deepEqual(p.reasons, ['from .packit.yaml, copr_build on pull_request', 'from .packit.yaml, copr_build on commit']);
    assert.equal(p.prDirs, true);
    assert.deepEqual(p.targets, ['fedora-rawhide-x86_64', 'fedora-42-x86_64', 'epel-9-x86_64']);
    assert.equal(d.currentPr, 42);
    assert.equal(d.found, true);
  });

  it("Packit defaults: PRs in packit/acme-hello-<n>, commits in packit/acme-hello-main, releases in packit/acme-hello-releases", async () => {
    const facts = await fixtureFacts('packit-defaults');
    // origin wins over the other remote; HEAD's commit comes from the loose ref; the default branch from origin/HEAD.
    assert.equal(facts.commit, '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d');
    assert.equal(facts.defaultBranch, 'main');
    const d = discover(facts, parseYaml);
    assert.deepEqual(d.problems, []);
    assert.deepEqual(d.projects.map((p) => [`${p.owner}/${p.project}`, p.packages, p.reasons, p.prDirs]), [
      ['packit/acme-hello-main', ['hello'], ['from .packit.yaml, copr_build on commit'], false],
      ['packit/acme-hello-releases', ['hello'], ['from .packit.yaml, copr_build on release'], false],
    ]);
    assert.equal(d.prNamespaces.length, 1);
    const ns = d.prNamespaces[0];
    assert.deepEqual([ns.owner, ns.prefix, ns.packages, ns.reasons], ['packit', 'acme-hello-', ['hello'], ['from .packit.yaml, copr_build on pull_request']]);
    assert.equal(d.currentPr, undefined, 'branch fix-greeting names no PR');
  });

  it('.copr/Makefile + spec: the package is known, no project: it filters the configured projects', async () => {
    const d = discover(await fixtureFacts('makefile-spec'), parseYaml);
    assert.deepEqual(d.projects, []);
    assert.deepEqual(d.unplaced, { packages: ['hello'], reason: 'from .copr/Makefile, hello.spec' });
    assert.deepEqual(d.packages, ['hello']);
    assert.equal(d.found, true);
  });

  it('monorepo: two packages, each job limited to its package; the PR job builds only copr-cli in Packit\'s namespace', async () => {
    const d = discover(await fixtureFacts('monorepo'), parseYaml);
    assert.deepEqual(d.problems, []);
    assert.deepEqual(d.projects.map((p) => [`${p.owner}/${p.project}`, p.packages, p.reasons.length]), [['@copr/copr-dev', ['python-copr', 'copr-cli'], 1]]);
    assert.deepEqual(d.prNamespaces.map((n) => [n.prefix, n.packages, n.monorepoPackage]), [['fedora-copr-copr-', ['copr-cli'], true]]);
    assert.deepEqual(d.packages.sort(), ['copr-cli', 'python-copr']);
    // Spec diagnostics learn which spec stands for which package from specfile_path.
    assert.deepEqual(d.specPackages.get('cli/copr-cli.spec'), ['copr-cli']);
    assert.deepEqual(d.specPackages.get('python/python-copr.spec'), ['python-copr']);
  });

  it('garbage YAML: one row for the broken config, one for the config Packit would not read; never an exception', async () => {
    const d = discover(await fixtureFacts('garbage'), parseYaml);
    assert.deepEqual(d.projects, []);
    assert.equal(d.problems.length, 2);
    assert.equal(d.problems[0].file, '.packit.yaml');
    assert.match(d.problems[0].message, /^not a Packit config: not valid YAML \(/);
    assert.deepEqual(d.problems[1], { file: 'packit.yml', message: 'ignored: Packit reads .packit.yaml first' });
    assert.equal(d.found, true);
  });

  it('without a YAML reader (web host) a Packit config is one row saying so', async () => {
    const d = discover(await fixtureFacts('packit-explicit'), undefined);
    assert.deepEqual(d.projects, []);
    assert.match(d.problems[0].message, /desktop extension host/);
  });

  it('an empty folder, or one with only a spec file, finds nothing (the root is not shown)', () => {
    assert.equal(discover({ packit: [], specs: [], remotes: [] }, parseYaml).found, false);
    const specOnly = discover({ packit: [], specs: [{ path: 'hello.spec', names: ['hello'] }], remotes: [{ name: 'origin', url: 'https://github.com/acme/hello' }] }, parseYaml);
    assert.equal(specOnly.found, false);
    assert.deepEqual(specOnly.packages, ['hello'], 'the spec still names the package (spec diagnostics)');
  });

  it('an oversized config is one row, not read', () => {
    const d = discover({ packit: [{ path: '.packit.yaml', text: '', tooBig: true }], specs: [], remotes: [] }, parseYaml);
    assert.deepEqual(d.problems, [{ file: '.packit.yaml', message: 'not a Packit config: larger than 256 KB' }]);
  });

  it('Packit defaults without a git remote: one row naming why, the explicit jobs still found', () => {
    const text = 'jobs:\n- job: copr_build\n  trigger: pull_request\n- job: copr_build\n  trigger: commit\n  owner: me\n  project: nightly\n';
    const d = discover({ packit: [{ path: '.packit.yaml', text }], specs: [], remotes: [] }, parseYaml);
    assert.deepEqual(d.projects.map((p) => `${p.owner}/${p.project}`), ['me/nightly']);
    assert.equal(d.problems.length, 1);
    assert.match(d.problems[0].message, /no git remote/);
  });

  it('a config with no copr_build job says so', () => {
    const d = discover({ packit: [{ path: '.packit.yaml', text: 'jobs:\n- job: propose_downstream\n  trigger: release\n' }], specs: [], remotes: [] }, parseYaml);
    assert.deepEqual(d.problems, [{ file: '.packit.yaml', message: 'has no copr_build job' }]);
  });
});
