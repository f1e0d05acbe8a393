import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { CoprError } from '../../../src/api/errors';
import { ALL_STATES } from '../../../src/api/states';
import {
  buildIdWebUrl,
  buildWebUrl,
  isSafeHttpUrl,
  normalizeBaseUrl,
  parseBuildUrl,
  projectWebUrl,
  resultFileUrl,
  taskLogUrls,
} from '../../../src/api/urls';

const runs = Number(process.env.FUZZ_RUNS) || 200;
const BASE = 'https://copr.fedorainfracloud.org';
const RESULT = 'https://download.copr.fedorainfracloud.org/results/@python/python3.14/fedora-rawhide-x86_64/09812345-python3.14/';

describe('api/urls', function () {
  // A long FUZZ_RUNS run takes as long as it takes.
  this.timeout(process.env.FUZZ_RUNS ? 0 : 10_000);

  describe('web URLs', () => {
    it('user and group build pages (groups under /g/ without the @)', () => {
      assert.equal(buildWebUrl(BASE, { id: 2088282, owner: 'praiskup', project: 'ping' }), `${BASE}/coprs/praiskup/ping/build/2088282/`);
      assert.equal(buildWebUrl(BASE, { id: 9812345, owner: '@python', project: 'python3.14' }), `${BASE}/coprs/g/python/python3.14/build/9812345/`);
      assert.equal(buildIdWebUrl(`${BASE}/`, 42), `${BASE}/coprs/build/42/`);
      assert.equal(projectWebUrl(BASE, '@copr', 'copr-dev'), `${BASE}/coprs/g/copr/copr-dev/builds/`);
    });

    it('percent-encodes path segments', () => {
      assert.equal(buildWebUrl(BASE, { id: 1, owner: 'a b', project: 'x/y?z' }), `${BASE}/coprs/a%20b/x%2Fy%3Fz/build/1/`);
    });

    it('drops credentials, query and trailing slashes from the base URL, keeps a path prefix', () => {
      assert.equal(normalizeBaseUrl('https://user:secret@copr.example.org/copr/?x=1#f'), 'https://copr.example.org/copr');
      assert.throws(() => normalizeBaseUrl('ftp://copr.example.org'), (e: unknown) => e instanceof CoprError && e.kind === 'invalid-argument');
      assert.throws(() => normalizeBaseUrl('not a url'), (e: unknown) => e instanceof CoprError && e.kind === 'invalid-argument' && !/secret/.test(e.message));
    });

    it('property: every build page URL parses back to its id', () => {
      // Copr names: not empty, a user name never starts with @ (that is how groups are written), and never a
      // dot segment ("." and ".." — Copr names start with a letter), which no URL can carry as a path segment.
      const name = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !s.startsWith('@') && s !== '.' && s !== '..');
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 40 }), name, fc.boolean(), name, (id, owner, group, project) => {
          const url = buildWebUrl(BASE, { id, owner: group ? `@${owner}` : owner, project });
          assert.ok(isSafeHttpUrl(url));
          assert.equal(parseBuildUrl(url), id);
          assert.equal(parseBuildUrl(buildIdWebUrl(BASE, id)), id);
        }),
        { seed: 42, numRuns: runs },
      );
    });
  });

  describe('parseBuildUrl', () => {
    it('accepts ids and every build URL form', () => {
      const cases: Array<[string, number | null]> = [
        ['106882', 106882],
        [' #106882 ', 106882],
        ['https://copr.fedorainfracloud.org/coprs/praiskup/ping/build/2088282/', 2088282],
        ['https://copr.fedorainfracloud.org/coprs/praiskup/ping/build/2088282', 2088282],
        ['https://copr.fedorainfracloud.org/coprs/g/python/python3.14/build/9812345/', 9812345],
        ['https://copr.fedorainfracloud.org/coprs/build/9812345/', 9812345],
        ['copr.fedorainfracloud.org/coprs/build/9812345', 9812345],
        ['http://127.0.0.1:8080/coprs/bob/packit-demo/build/9800030/?tab=logs#x', 9800030],
        ['0', null],
        ['-5', null],
        ['12a', null],
        ['', null],
        ['https://copr.fedorainfracloud.org/coprs/praiskup/ping/builds/', null],
        ['https://copr.fedorainfracloud.org/coprs/praiskup/ping/build/abc/', null],
        ['javascript:alert(1)//coprs/build/1/', null],
        ['ftp://copr.fedorainfracloud.org/coprs/build/1/', null],
        ['99999999999999999999', null],
      ];
      for (const [text, id] of cases) assert.equal(parseBuildUrl(text), id, text);
    });

    it('property: never throws and returns null or a positive safe integer', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string({ unit: 'binary' })), (text) => {
          const id = parseBuildUrl(text);
          assert.ok(id === null || (Number.isSafeInteger(id) && id > 0));
        }),
        { seed: 42, numRuns: runs },
      );
    });
  });

  describe('isSafeHttpUrl', () => {
    it('only http(s), at most 2048 characters', () => {
      assert.equal(isSafeHttpUrl('https://copr.fedorainfracloud.org/'), true);
      assert.equal(isSafeHttpUrl('http://127.0.0.1:1/x'), true);
      for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/plain,x', 'vscode://x', '', 'https://', `https://a.org/${'x'.repeat(2048)}`, 42, null]) {
        assert.equal(isSafeHttpUrl(bad), false, String(bad));
      }
    });

    it('property: true only for parseable http(s) URLs of at most 2048 characters', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.constantFrom('javascript:', 'file:', 'data:').chain((s) => fc.string().map((t) => s + t))), (url) => {
          if (isSafeHttpUrl(url)) {
            assert.ok(url.length <= 2048);
            assert.ok(['http:', 'https:'].includes(new URL(url).protocol));
          }
        }),
        { seed: 42, numRuns: runs },
      );
    });
  });

  describe('log URLs', () => {
    it('live plain logs while running, .gz once ended, none before start', () => {
      assert.deepEqual(taskLogUrls({ result_dir_url: RESULT, state: 'running' }), {
        builderLive: `${RESULT}builder-live.log`,
        backend: `${RESULT}backend.log`,
        build: null,
        root: null,
      });
      assert.deepEqual(taskLogUrls({ result_dir_url: RESULT, state: 'starting' }), { builderLive: null, backend: `${RESULT}backend.log`, build: null, root: null });
      assert.deepEqual(taskLogUrls({ result_dir_url: RESULT, state: 'failed' }), {
        builderLive: `${RESULT}builder-live.log.gz`,
        backend: `${RESULT}backend.log.gz`,
        build: `${RESULT}build.log.gz`,
        root: `${RESULT}root.log.gz`,
      });
      const none = { builderLive: null, backend: null, build: null, root: null };
      for (const state of ['pending', 'waiting', 'skipped', 'forked', 'unknown'] as const) assert.deepEqual(taskLogUrls({ result_dir_url: RESULT, state }), none);
      assert.deepEqual(taskLogUrls({ result_dir_url: null, state: 'succeeded' }), none);
    });

    it('adds the slash the seed-style result dir lacks', () => {
      const seedDir = 'http://copr-be-dev.cloud.fedoraproject.org/results/vgologuz/aeghqawgt/fedora-rawhide-x86_64/00106882-python-marshmallow';
      assert.equal(resultFileUrl(seedDir, 'build.log.gz'), `${seedDir}/build.log.gz`);
    });

    it('property: a server-sent result dir never yields a non-http URL', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.constant('javascript:alert(1)/')), fc.constantFrom(...ALL_STATES), (dir, state) => {
          for (const url of Object.values(taskLogUrls({ result_dir_url: dir, state }))) assert.ok(url === null || isSafeHttpUrl(url));
        }),
        { seed: 42, numRuns: runs },
      );
    });
  });
});
