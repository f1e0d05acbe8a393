// Build This Commit's decisions from git facts: the https clone URL Copr can use, and whether it can fetch HEAD.
import * as assert from 'node:assert/strict';
import { commitVerdict, httpsCloneUrl, specLocation } from '../../../src/common/gitRemote';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('auth/git remote and commit checks (Build This Commit)', () => {
  it('turns forge remotes into https clone URLs, without credentials', () => {
    assert.equal(httpsCloneUrl('https://github.com/alice/hello.git'), 'https://github.com/alice/hello.git');
    assert.equal(httpsCloneUrl('https://alice:pw@gitlab.com/alice/hello.git'), 'https://gitlab.com/alice/hello.git');
    assert.equal(httpsCloneUrl('git@github.com:alice/hello.git'), 'https://github.com/alice/hello.git');
    assert.equal(httpsCloneUrl('ssh://git@pagure.io:22/alice/hello.git'), 'https://pagure.io/alice/hello.git');
  });

  it('refuses remotes Copr cannot clone over https', () => {
    for (const r of ['http://example.org/x.git', '/home/alice/hello', 'file:///srv/git/hello', 'git://example.org/x.git', 'localhost:repo', '']) {
      assert.equal(httpsCloneUrl(r), undefined, r);
    }
  });

  it('refuses a commit Copr cannot fetch: none, no upstream, ahead; warns for uncommitted changes', () => {
    assert.deepEqual(commitVerdict({ dirty: false }), { ok: false, reason: 'no-commit' });
    assert.deepEqual(commitVerdict({ commit: SHA, dirty: false }), { ok: false, reason: 'no-upstream' });
    assert.deepEqual(commitVerdict({ commit: SHA, upstream: 'origin/main', ahead: 2, dirty: false }), { ok: false, reason: 'ahead', ahead: 2 });
    assert.deepEqual(commitVerdict({ commit: SHA, upstream: 'origin/main', ahead: 0, dirty: true }), { ok: true, warning: 'dirty' });
    assert.deepEqual(commitVerdict({ commit: SHA, upstream: 'origin/main', ahead: 0, dirty: false }), { ok: true });
  });

  it('gives the spec as subdirectory + name relative to the repository root', () => {
    assert.deepEqual(specLocation('/w/repo', '/w/repo/hello.spec'), { subdirectory: '', spec: 'hello.spec' });
    assert.deepEqual(specLocation('/w/repo/', '/w/repo/rpm/sub/hello.spec'), { subdirectory: 'rpm/sub', spec: 'hello.spec' });
    assert.equal(specLocation('/w/repo', '/w/other/hello.spec'), undefined);
  });
});
