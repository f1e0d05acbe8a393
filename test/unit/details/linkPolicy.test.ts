import * as assert from 'node:assert/strict';
import { checkExternalUrl } from '../../../src/details/linkPolicy';
import { isValidGitHash } from '../../../src/details/gitHash';

describe('checkExternalUrl', () => {
  it('accepts http and https URLs', () => {
    assert.deepEqual(checkExternalUrl('https://download.copr.example/results/o/p/c/0001-x/'), {
      ok: true,
      url: 'https://download.copr.example/results/o/p/c/0001-x/',
    });
    assert.equal(checkExternalUrl('http://copr-be-dev.cloud.fedoraproject.org/results/vgologuz/x').ok, true);
  });

  it('refuses other schemes, credentials, control characters and overlong URLs with a reason', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'command:workbench.action.terminal.new',
      'vscode://file/etc/passwd',
      'https://user:pw@copr.example/',
      'https://copr.example/a b',
      `https://copr.example/${'a'.repeat(2100)}`,
      'not a url',
      '',
      null,
      42,
    ]) {
      const r = checkExternalUrl(bad);
      assert.equal(r.ok, false, String(bad));
      if (!r.ok) assert.match(r.reason, /\w/);
    }
    const js = checkExternalUrl('javascript:alert(1)');
    assert.ok(!js.ok && /javascript: URL/.test(js.reason));
    const long = checkExternalUrl(`https://copr.example/${'a'.repeat(2100)}`);
    assert.ok(!long.ok && /2048/.test(long.reason));
  });
});

describe('isValidGitHash', () => {
  it('accepts 40 and 64 hex digits only', () => {
    assert.equal(isValidGitHash('d241064b14f9dcd5d9032d0aca3b4e78fbd1aafd'), true);
    assert.equal(isValidGitHash('A'.repeat(64)), true);
    for (const bad of ['', 'd241064', 'g'.repeat(40), 'a'.repeat(41), 'a'.repeat(63), `${'a'.repeat(40)}\n`, null, 40]) {
      assert.equal(isValidGitHash(bad), false, String(bad));
    }
  });
});
