// The git remote as a discovery source (pure rules): URL normalisation, matching against Copr packages' clone URLs,
// which projects are asked, and how a match joins what the workspace's files said.
import * as assert from 'node:assert/strict';
import type { CoprPackage } from '../../../src/api/packages';
import { discover } from '../../../src/discovery/discover';
import { matchRemotes, MAX_REMOTE_PROJECTS, normaliseRemoteUrl, remoteCandidates, withRemoteMatches } from '../../../src/discovery/remoteMatch';
import { fixtureFacts, parseYaml } from './support';

const scm = (project: string, name: string, cloneUrl: string): CoprPackage => ({ name, project, sourceType: 'scm', scm: { cloneUrl, committish: null, subdirectory: null, spec: null } });

describe('discovery: the git remote', () => {
  it('normalises https, http, ssh://, git://, scp-like forms, users, ports, .git and trailing slashes to one spelling', () => {
    const same = [
      'https://github.com/acme/hello',
      'https://github.com/acme/hello.git',
      'https://github.com/acme/hello/',
      'https://github.com/acme/hello.git/',
      'http://GitHub.com/acme/hello',
      'https://user@github.com/acme/hello.git',
      'ssh://git@github.com/acme/hello.git',
      'ssh://git@github.com:22/acme/hello',
      'git://github.com/acme/hello.git',
      'git@github.com:acme/hello.git',
      'git@GITHUB.COM:acme/hello',
      '  github.com:acme/hello.git  ',
    ];
    for (const url of same) assert.equal(normaliseRemoteUrl(url), 'github.com/acme/hello', url);
    // GitHub and GitLab ignore the path's case; other forges keep it.
    assert.equal(normaliseRemoteUrl('https://github.com/Acme/Hello.git'), 'github.com/acme/hello');
    assert.equal(normaliseRemoteUrl('https://GitLab.com/acme/Sub/hello-make/'), 'gitlab.com/acme/sub/hello-make');
    assert.equal(normaliseRemoteUrl('https://src.fedoraproject.org/rpms/Hello.git'), 'src.fedoraproject.org/rpms/Hello');
    assert.notEqual(normaliseRemoteUrl('https://pagure.io/Hello'), normaliseRemoteUrl('https://pagure.io/hello'));
  });

  it('refuses what is not a repository URL', () => {
    assert.equal(normaliseRemoteUrl('https://pagure.io/koji.git'), 'pagure.io/koji', 'Pagure: a repository without a namespace');
    for (const url of ['', 'hello', 'https://github.com/', 'file:///srv/git/hello.git', '/srv/git/hello', 'javascript:alert(1)', 'https://github.com/acme/he llo']) {
      assert.equal(normaliseRemoteUrl(url), undefined, url);
    }
  });

  it('a package matches when its clone URL is one of the remotes\' repositories; other source types never do', () => {
    const remotes = [{ name: 'origin', url: 'git@github.com:acme/hello.git' }, { name: 'fork', url: 'https://gitlab.com/me/hello' }];
    const packages: CoprPackage[] = [
      scm('alice/hello', 'hello', 'https://GitHub.com/Acme/Hello/'),
      scm('alice/hello', 'hello-docs', 'https://github.com/acme/hello-docs.git'),
      scm('alice/other', 'hello-fork', 'https://gitlab.com/me/hello.git'),
      scm('alice/other', 'look-alike', 'https://github.com.evil.example/acme/hello'),
      { name: 'hello-pypi', project: 'alice/hello', sourceType: 'pypi' },
      { name: 'hello-unset', project: 'alice/hello', sourceType: 'unset' },
    ];
    assert.deepEqual(matchRemotes(remotes, packages), [
      { project: 'alice/hello', package: 'hello', remote: 'github.com/acme/hello' },
      { project: 'alice/other', package: 'hello-fork', remote: 'gitlab.com/me/hello' },
    ]);
    assert.deepEqual(matchRemotes([], packages), []);
    assert.deepEqual(matchRemotes([{ name: 'origin', url: 'not a url' }], packages), []);
  });

  it(`asks at most ${MAX_REMOTE_PROJECTS} projects, those named like the repository first, else in the configured order`, () => {
    const remotes = [{ name: 'origin', url: 'git@github.com:alice/python-tools.git' }];
    const configured = ['alice/a', 'alice/b', 'alice/tools', 'alice/c', 'alice/python-tools', 'alice/d', 'alice/e', 'alice/a'];
    assert.deepEqual(remoteCandidates(remotes, configured), ['alice/python-tools', 'alice/tools', 'alice/a', 'alice/b', 'alice/c']);
    assert.equal(MAX_REMOTE_PROJECTS, 5);
    assert.deepEqual(remoteCandidates([], configured), [], 'no remote: nothing to ask');
    assert.deepEqual(remoteCandidates(remotes, []), []);
  });

  it('a match adds the project, its package and the reason; a project the files found already gets one more reason', async () => {
    const d = discover(await fixtureFacts('packit-explicit'), parseYaml);
    const merged = withRemoteMatches(d, [
      { project: 'bob/packit-demo', package: 'packit-demo', remote: 'github.com/bob/packit-demo' },
      { project: 'alice/tools', package: 'python-tools', remote: 'github.com/bob/packit-demo' },
    ]);
    assert.deepEqual(merged.projects.map((p) => [`${p.owner}/${p.project}`, p.packages, p.reasons]), [
      ['bob/packit-demo', ['packit-demo'], ['from .packit.yaml, copr_build on pull_request', 'from .packit.yaml, copr_build on commit', 'from the git remote github.com/bob/packit-demo, package packit-demo in bob/packit-demo']],
      ['alice/tools', ['python-tools'], ['from the git remote github.com/bob/packit-demo, package python-tools in alice/tools']],
    ]);
    assert.equal(merged.projects[0].prDirs, true, 'what the files said stays');
    assert.ok(merged.packages.includes('python-tools'));
    assert.equal(d.projects[0].reasons.length, 2, 'the discovery given is not changed');
  });

  it('the remote alone makes the workspace found (no Packit config, no spec: the remote-only fixture)', async () => {
    const facts = await fixtureFacts('remote-only');
    const d = discover(facts, parseYaml);
    assert.equal(d.found, false);
    const packages = [scm('alice/tools', 'python-tools', 'https://GitHub.com/Alice/python-tools/'), scm('alice/tools', 'tools-x86-only', 'https://github.com/alice/tools-x86-only')];
    const matched = withRemoteMatches(d, matchRemotes(facts.remotes, packages));
    assert.equal(matched.found, true);
    assert.deepEqual(matched.projects.map((p) => [`${p.owner}/${p.project}`, p.packages, p.reasons]), [
      ['alice/tools', ['python-tools'], ['from the git remote github.com/alice/python-tools, package python-tools in alice/tools']],
    ]);
    assert.equal(withRemoteMatches(d, []), d, 'no match: nothing changes');
  });
});
