import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MAX_CONFIG_BYTES, nestingDepth, PackitConfigError, parsePackitConfig } from '../../../src/discovery/packitConfig';
import { forgeRepoOf, normaliseCoprProjectName, packitDefaultProject, packitPrNumber } from '../../../src/discovery/packitNames';
import { gitRemotes, headBranch, headCommit, packedRef, prOfBranch } from '../../../src/discovery/gitInfo';
import { markCurrent, prsOfDirs, prsOfNamespace } from '../../../src/discovery/prs';
import type { Build } from '../../../src/api/types';
import { parseYaml } from './support';

const acme = { host: 'github.com', namespace: 'acme', repo: 'hello' };

describe('discovery rules: Packit config', () => {
  it('reads copr_build jobs and their old spellings (job: build, keys under metadata:, targets as a mapping)', () => {
    const cfg = parsePackitConfig(
      [
        'downstream_package_name: hello',
        'jobs:',
        '- job: build',
        '  trigger: pull_request',
        '  metadata: {owner: me, project: hello-ci, targets: [fedora-all]}',
        '- job: copr_build',
        '  trigger: commit',
        '  targets: {fedora-rawhide-x86_64: {}, epel-9-x86_64: {additional_repos: []}}',
        '  identifier: asan',
        '- job: tests',
        '  trigger: pull_request',
        '- job: copr_build',
        '  trigger: koji_build',
      ].join('\n'),
      parseYaml,
    );
    assert.deepEqual(cfg.packages, [{ name: 'hello', specfilePath: undefined, paths: [] }]);
    assert.deepEqual(cfg.jobs, [
      { job: 'build', trigger: 'pull_request', owner: 'me', project: 'hello-ci', targets: ['fedora-all'], identifier: undefined, branch: undefined },
      { job: 'copr_build', trigger: 'commit', owner: undefined, project: undefined, targets: ['fedora-rawhide-x86_64', 'epel-9-x86_64'], identifier: 'asan', branch: undefined },
    ]);
    assert.deepEqual(cfg.problems, ['job 4 (copr_build) has trigger "koji_build", not pull_request, commit or release: ignored']);
  });

  it('YAML anchors and merge keys (as in Copr\'s own monorepo config) are followed', () => {
    const cfg = parsePackitConfig('base: &b {owner: me, project: p}\njobs:\n- <<: *b\n  job: copr_build\n  trigger: commit\n', parseYaml);
    assert.equal(cfg.jobs[0].owner, 'me');
    assert.equal(cfg.jobs[0].project, 'p');
  });

  it('refuses oversized and deeply nested input before parsing, and non-mappings after', () => {
    const parseNever = () => assert.fail('the parser must not be reached');
    assert.throws(() => parsePackitConfig('a'.repeat(MAX_CONFIG_BYTES + 1), parseNever), (e) => e instanceof PackitConfigError && /larger than 256 KB/.test(e.message));
    assert.throws(() => parsePackitConfig(`jobs: ${'['.repeat(10_000)}`, parseNever), (e) => e instanceof PackitConfigError && /nested deeper/.test(e.message));
    assert.throws(() => parsePackitConfig('- a\n- b\n', parseYaml), /not a mapping/);
    assert.throws(() => parsePackitConfig('', parseYaml), /empty/);
    assert.throws(() => parsePackitConfig('jobs: [1, 2\n', parseYaml), /not valid YAML/);
    assert.equal(nestingDepth('a:\n  b:\n    c: [1, {d: 2}]\n'), 4);
  });

  it('an alias bomb ("billion laughs") is only ever read at the keys we need', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`);
    lines.push('jobs: *l');
    const cfg = parsePackitConfig(lines.join('\n'), parseYaml);
    // 9 jobs, each a list, none a mapping: 9 problems (the 9^12 leaves are never visited).
    assert.equal(cfg.jobs.length, 0);
    assert.equal(cfg.problems.length, 9);
  });
});

describe("discovery rules: Packit's default Copr project names", () => {
  it('GitHub: <namespace>-<repo>-<PR>, -<branch> for commits, -releases for releases; identifier appended', () => {
    assert.equal(packitDefaultProject(acme, '7'), 'acme-hello-7');
    assert.equal(packitDefaultProject(acme, 'main'), 'acme-hello-main');
    assert.equal(packitDefaultProject(acme, 'releases'), 'acme-hello-releases');
    assert.equal(packitDefaultProject(acme, '7', 'asan'), 'acme-hello-7-asan');
    assert.equal(packitDefaultProject(acme, '7', 'asan', true), 'acme-hello-7', 'a monorepo package job gets no identifier suffix');
  });

  it('other forges: hostname prefix, slashes in the namespace become dashes, other characters are normalised', () => {
    const gl = { host: 'gitlab.com', namespace: 'group/sub', repo: 'tool' };
    assert.equal(packitDefaultProject(gl, '12'), 'gitlab.com-group-sub-tool-12');
    assert.equal(packitDefaultProject(acme, 'feature/x+y'), 'acme-hello-feature-x-y');
    assert.equal(normaliseCoprProjectName('a b:c_d.e-f'), 'a-b-c_d.e-f');
  });

  it('a project name gives back its PR number only when it follows the rule', () => {
    assert.equal(packitPrNumber('acme-hello-42', acme), 42);
    assert.equal(packitPrNumber('acme-hello-42-asan', acme, 'asan'), 42);
    assert.equal(packitPrNumber('acme-hello-main', acme), undefined);
    assert.equal(packitPrNumber('acme-hello-world-42', acme), undefined);
    assert.equal(packitPrNumber('acme-hello-042', acme), undefined);
  });

  it('git remote URLs: https, scp-like ssh, ssh://, nested GitLab groups; others refused', () => {
    assert.deepEqual(forgeRepoOf('https://github.com/acme/hello.git'), acme);
    assert.deepEqual(forgeRepoOf('git@github.com:acme/hello.git'), acme);
    assert.deepEqual(forgeRepoOf('ssh://git@GitHub.com/acme/hello/'), acme);
    assert.deepEqual(forgeRepoOf('https://gitlab.com/group/sub/tool'), { host: 'gitlab.com', namespace: 'group/sub', repo: 'tool' });
    assert.equal(forgeRepoOf('/srv/git/hello.git'), undefined);
    assert.equal(forgeRepoOf('file:///srv/git/acme/hello.git'), undefined);
    assert.equal(forgeRepoOf('https://github.com/hello'), undefined);
  });
});

describe('discovery rules: git metadata as text', () => {
  it('remotes (origin first), HEAD, loose and packed refs, PR numbers in branch names', () => {
    const cfg = '[remote "fork"]\n\turl = https://github.com/me/hello\n[remote "origin"]\n\turl = https://github.com/acme/hello\n[branch "x"]\n\turl = nope\n';
    assert.deepEqual(gitRemotes(cfg), [{ name: 'origin', url: 'https://github.com/acme/hello' }, { name: 'fork', url: 'https://github.com/me/hello' }]);
    assert.equal(headBranch('ref: refs/heads/feature/a\n'), 'feature/a');
    assert.equal(headBranch('0123456789012345678901234567890123456789\n'), undefined);
    assert.equal(headCommit('0123456789012345678901234567890123456789\n'), '0123456789012345678901234567890123456789');
    assert.equal(packedRef(`# pack-refs\n${'a'.repeat(40)} refs/heads/main\n${'b'.repeat(40)} refs/tags/v1\n`, 'main'), 'a'.repeat(40));
    assert.deepEqual(['pr/42', 'pull/7/head', 'pr-3', 'mr/5', 'main', 'fix-pr-4', undefined].map(prOfBranch), [42, 7, 3, 5, undefined, undefined, undefined]);
  });
});

function build(id: number, dirname: string, version = '1.0-1'): Build {
  return { id, owner: 'bob', project: 'demo', dirname, package_name: 'demo', package_version: version, submitter: null, submitted_on: id, started_on: null, ended_on: null, state: 'succeeded', chroots: [], project_id: null };
}

describe('discovery rules: pull requests with builds', () => {
  it('PR projects of a search, newest first; names of other repositories ignored', () => {
    const ns = { owner: 'packit', prefix: 'acme-hello-', forge: acme, monorepoPackage: false, packages: [], reasons: [] };
    const names = ['acme-hello-3', 'acme-hello-main', 'acme-hello-12', 'acme-hello-world-5', 'acme-hello-7'];
    const prs = prsOfNamespace(ns, [...names.map((name) => ({ owner: 'packit', name })), { owner: 'packit-stg', name: 'acme-hello-99' }]);
    assert.deepEqual(prs.map((p) => [p.number, p.project]), [[12, 'packit/acme-hello-12'], [7, 'packit/acme-hello-7'], [3, 'packit/acme-hello-3']]);
  });

  it(':pr:<n> directories, the one with the newest build first; the main directory is not a PR', () => {
    const prs = prsOfDirs('bob/demo', [build(10, 'demo:pr:3'), build(12, 'demo'), build(11, 'demo:pr:5'), build(14, 'demo:pr:3'), build(9, 'demo:custom:x')]);
    assert.deepEqual(prs.map((p) => [p.number, p.dirname]), [[3, 'demo:pr:3'], [5, 'demo:pr:5']]);
  });

  it("the current branch's PR: by branch name, else by HEAD's short hash in a build's release", () => {
    const prs = prsOfDirs('bob/demo', [build(10, 'demo:pr:3', '1.0-1.20260101.pr3.2.g1a2b3c4'), build(11, 'demo:pr:5', '1.0-1.20260102.pr5.1.g9999999')]);
    const buildsOf = (p: { dirname?: string }) => [build(10, 'demo:pr:3', '1.0-1.20260101.pr3.2.g1a2b3c4'), build(11, 'demo:pr:5', '1.0-1.g9999999')].filter((b) => b.dirname === p.dirname);
    assert.deepEqual(markCurrent(prs, 3, undefined, buildsOf).map((p) => p.current), [false, true]);
    assert.deepEqual(markCurrent(prs, undefined, '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d', buildsOf).map((p) => [p.number, p.current]), [[5, false], [3, true]]);
    assert.deepEqual(markCurrent(prs, undefined, undefined, buildsOf).map((p) => p.current), [false, false]);
  });
});

const ADAPTERS = ['workspaceDiscovery.ts', 'wiring.ts'];

describe('discovery: the rules stay free of vscode', () => {
  it('only the adapters (workspaceDiscovery.ts, wiring.ts) import vscode', () => {
    const dir = resolve(__dirname, '../../../../src/discovery');
    for (const file of readdirSync(dir)) {
      const text = readFileSync(join(dir, file), 'utf8');
      const importsVscode = /from 'vscode'|require\('vscode'\)/.test(text);
      assert.equal(importsVscode, ADAPTERS.includes(file), `${file} ${importsVscode ? 'imports' : 'does not import'} vscode`);
    }
  });
});
