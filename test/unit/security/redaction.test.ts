// Issue 20 (6): a password in a URL is never echoed, whole or in part. Redaction reads the userinfo as the URL parser
// does — up to the LAST `@` of the authority — so `alice:s3cr@t@copr.example.org` no longer leaves `t@…` behind, and a
// password holding `/`, `?` or `#` (which the parser cannot read) is removed too.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { redactCredentials, redactUrl } from '../../../src/common/log';
import { readSettings } from '../../../src/config/settings';

const SEED = 20250806;
const runs = Number(process.env.FUZZ_RUNS) || 1000;

const part = (minLength: number) =>
  fc.string({ unit: fc.constantFrom(...'abcXYZ019:@/?#%!$&*+=~.-_'.split('')), minLength, maxLength: 12 });
/**
 * A user and a password. Left out: a password of digits followed by / ? # or \ that also ends in '/' — `alice:80/x/@host`
 * reads exactly like `host:80/x/@group` (a port, then a Copr group path), and the second is common.
 */
const credentials = fc
  .tuple(part(3).filter((u) => !/[:/?#@]/.test(u)), part(3))
  .filter(([, p]) => !(/^\d*[/?#]/.test(p) && p.endsWith('/')));

describe('security: credentials in URLs are never echoed', () => {
  it('the two reported values', () => {
    for (const url of ['alice:s3cr@t@copr.example.org', 'alice:pa/ss@copr.example.org']) {
      const { problems } = readSettings((k) => (k === 'url' ? url : undefined));
      for (const p of problems) {
        assert.ok(!p.includes('s3cr') && !p.includes('t@copr') && !p.includes('pa/ss') && !p.includes('alice'), p);
      }
    }
    assert.equal(redactCredentials('GET https://alice:s3cr@t@copr.example.org/api_3/ failed'), 'GET https://copr.example.org/api_3/ failed');
  });

  it('property: no user or password survives, in a text or in a setting, and the host and path stay', () => {
    fc.assert(
      fc.property(credentials, fc.constantFrom('https://', 'http://', ''), ([user, password], scheme) => {
        const url = `${scheme}${user}:${password}@copr.example.org/coprs/x/`;
        const out = scheme ? redactCredentials(`Could not reach ${url} (timeout)`) : redactUrl(url);
        assert.ok(!out.includes(`${user}:`), `user kept: ${out}`);
        if (password.length >= 3) assert.ok(!out.includes(password), `password kept: ${out}`);
        assert.ok(out.includes('copr.example.org/coprs/x/'), `host or path lost: ${out}`);
        const { problems } = readSettings((k) => (k === 'url' ? url : undefined));
        for (const p of problems) {
          assert.ok(!p.includes(`${user}:`), `a setting's message repeats the user: ${p}`);
          if (password.length >= 3) assert.ok(!p.includes(password), `a setting's message repeats the password: ${p}`);
        }
      }),
      { seed: SEED, numRuns: runs },
    );
  });

  it('URLs without credentials are left alone, Copr group paths and ports included', () => {
    for (const url of [
      'https://copr.fedorainfracloud.org/coprs/g/copr/copr-dev/',
      'https://download.copr.fedorainfracloud.org/results/@copr/copr-dev/fedora-rawhide-x86_64/',
      'http://127.0.0.1:8080/results/@group/p/',
      'https://host.example/a?b=c@d',
    ]) {
      assert.equal(redactCredentials(`see ${url} now`), `see ${url} now`);
    }
  });
});
