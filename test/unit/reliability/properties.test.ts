// Property tests (fast-check, fixed seed; FUZZ_RUNS for a longer run via `npm run fuzz`) over what a hostile or broken
// server controls: real Copr documents with random damage through the decoders, any body through the JSON reader,
// any settings, any text through the details page and the log decoder. Each either works or fails as a CoprError
// (or a settings message), and nothing dangerous comes out.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as decode from '../../../src/api/decode';
import { CoprError } from '../../../src/api/errors';
import { parseJsonBody } from '../../../src/api/json';
import { fetchLog } from '../../../src/api/logs';
import type { BuildTask } from '../../../src/api/types';
import { isSafeHttpUrl, taskLogUrls } from '../../../src/api/urls';
import { redactCredentials } from '../../../src/common/log';
import { readSettings } from '../../../src/config/settings';
import { detailsData } from '../../../src/details/detailsModel';
import { renderDetails } from '../../../src/details/renderDetails';
import { startSimulator, type SimulatorHandle } from '../../copr-sim';
import { passed } from './tally';

const SEED = 20250806;
const runs = Number(process.env.FUZZ_RUNS) || 200;
/** Properties that make HTTP requests run a tenth as often. */
const httpRuns = Math.max(20, Math.floor(runs / 10));
const opts = (numRuns = runs) => ({ seed: SEED, numRuns });

const hostileString = fc.oneof(
  fc.string(),
  fc.constantFrom('<img src=x onerror=alert(1)>', '"><script>alert(1)</script>', "javascript:alert('x')", 'data:text/html,<b>', 'file:///etc/passwd',
    '__proto__', 'constructor', '\u0000\u202e', 'https://u:p@h/', `https://x.org/${'a'.repeat(3000)}`, '&amp;&lt;'),
);

/** A JSON value with random damage: a field replaced, deleted, or a hostile value planted. */
function damaged(doc: unknown): fc.Arbitrary<unknown> {
  const paths: Array<Array<string | number>> = [];
  const walk = (v: unknown, p: Array<string | number>) => {
    paths.push(p);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
  };
  walk(doc, []);
  return fc.tuple(fc.array(fc.tuple(fc.constantFrom(...paths), fc.oneof(fc.jsonValue(), hostileString, fc.constant(undefined))), { maxLength: 4 })).map(([edits]) => {
    let out: unknown = structuredClone(doc);
    for (const [path, value] of edits) {
      if (path.length === 0) {
        out = value;
        continue;
      }
      let parent: unknown = out;
      for (const k of path.slice(0, -1)) parent = parent && typeof parent === 'object' ? (parent as Record<string, unknown>)[k] : undefined;
      if (!parent || typeof parent !== 'object') continue;
      const key = path[path.length - 1] as string | number;
      // JSON has no holes: an array element is removed, not deleted.
      if (value === undefined && Array.isArray(parent)) parent.splice(Number(key), 1);
      else if (value === undefined) delete (parent as Record<string | number, unknown>)[key];
      else (parent as Record<string | number, unknown>)[key] = value;
    }
    return out;
  });
}

function assertTaskSafe(t: BuildTask): void {
  assert.ok(t.result_dir_url === null || isSafeHttpUrl(t.result_dir_url), `result_dir_url ${String(t.result_dir_url).slice(0, 80)}`);
  for (const u of Object.values(taskLogUrls(t))) assert.ok(u === null || isSafeHttpUrl(u));
  assert.ok(typeof t.chroot_name === 'string' && t.chroot_name.length > 0);
  assert.ok(Number.isSafeInteger(t.build_id) && t.build_id >= 0);
}

/** Runs `fn`; anything thrown must be a CoprError of kind invalid-response. */
function decodesOrRefuses<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    assert.ok(e instanceof CoprError, `threw ${String(e)}`);
    assert.equal(e.kind, 'invalid-response');
    return undefined;
  }
}

describe('reliability: properties (fast-check)', function () {
  this.timeout(process.env.FUZZ_RUNS ? 0 : 60_000);
  let sim: SimulatorHandle;
  let docs: { v3Build: unknown; v3Chroots: unknown; v2Tasks: unknown; v2Build: unknown; v3Projects: unknown; v2Projects: unknown; buildId: number };
  before(async () => {
    sim = await startSimulator({ seed: 3 });
    const { BUILDS } = await import('../../copr-sim/fixtures');
    const id = BUILDS.running.id;
    const j = async (p: string) => (await fetch(sim.url + p)).json() as Promise<unknown>;
    docs = {
      buildId: id,
      v3Build: await j(`/api_3/build/${id}`),
      v3Chroots: await j(`/api_3/build-chroot/list?build_id=${id}`),
      v2Tasks: await j(`/api_2/build_tasks?build_id=${id}`),
      v2Build: await j(`/api_2/builds/${id}`),
      v3Projects: await j('/api_3/project/list?ownername=alice'),
      v2Projects: await j('/api_2/projects?owner=alice'),
    };
  });
  after(() => sim.close());

  it('decoders: real documents with random damage decode to safe models or fail as invalid-response', () => {
    const ctx = { url: 'http://copr.test/x' };
    fc.assert(fc.property(damaged(docs.v3Build), (doc) => {
      const b = decodesOrRefuses(() => decode.decodeV3Build(doc, '', ctx));
      if (b) assert.ok(Array.isArray(b.chroots) && Number.isSafeInteger(b.id));
    }), opts());
    fc.assert(fc.property(damaged(docs.v3Chroots), (doc) => {
      for (const t of decodesOrRefuses(() => decode.decodeV3Items(doc, ctx, (v, p, c) => decode.decodeV3BuildChroot(v, p, c, docs.buildId))) ?? []) assertTaskSafe(t);
    }), opts());
    fc.assert(fc.property(damaged(docs.v2Tasks), (doc) => {
      for (const t of decodesOrRefuses(() => decode.decodeV2TaskList(doc, ctx)) ?? []) assertTaskSafe(t);
    }), opts());
    fc.assert(fc.property(damaged(docs.v2Build), (doc) => void decodesOrRefuses(() => decode.decodeV2BuildDetail(doc, ctx))), opts());
    fc.assert(fc.property(damaged(docs.v3Projects), (doc) => void decodesOrRefuses(() => decode.decodeV3Items(doc, ctx, decode.decodeV3Project))), opts());
    fc.assert(fc.property(damaged(docs.v2Projects), (doc) => void decodesOrRefuses(() => decode.decodeV2ProjectList(doc, ctx))), opts());
    fc.assert(fc.property(fc.anything(), (v) => {
      assert.ok(decode.errorMessageOf(v) === null || (decode.errorMessageOf(v) as string).length <= 300);
    }), opts());
    passed('properties', 'decoders');
  });

  it('JSON bodies: any text, and any nesting, parses or fails as invalid-response', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json(), fc.integer({ min: 0, max: 5000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
      fc.tuple(fc.integer({ min: 1, max: 300 }), fc.string()).map(([n, s]) => `${'{"a":'.repeat(n)}${JSON.stringify(s)}${'}'.repeat(n)}`)), (text) => {
      void decodesOrRefuses(() => parseJsonBody(text, 'http://copr.test/'));
    }), opts());
    passed('properties', 'json bodies');
  });

  it('credentials: any user and password in any URL in any text are removed', () => {
    const part = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(...'abcXYZ019-_.~!$&\'()*+,;=%'.split('')) });
    fc.assert(fc.property(fc.string(), part, part, fc.constantFrom('http', 'https', 'git+ssh'), fc.string(), (before, user, pass, scheme, after) => {
      const secret = `${user}:${pass}`;
      const text = `${before} ${scheme}://${secret}@copr.example.org/x ${after}`;
      const out = redactCredentials(text);
      assert.ok(!out.includes(`${secret}@`), out);
    }), opts());
    passed('properties', 'redaction');
  });

  it('settings: any value of any setting gives safe settings and messages that name the setting', () => {
    const keys = ['url', 'apiVersion', 'owner', 'projects', 'maxBuilds', 'stateFilter', 'pollInterval', 'idleRefreshMinutes', 'notifications', 'specDiagnostics'];
    fc.assert(fc.property(fc.dictionary(fc.constantFrom(...keys), fc.oneof(fc.anything(), hostileString, fc.array(hostileString))), (values) => {
      const { settings, problems } = readSettings((k) => values[k]);
      for (const p of problems) assert.ok(keys.some((k) => p.startsWith(`copr.${k}`)), p);
      assert.ok(isSafeHttpUrl(settings.url) && !/@/.test(new URL(settings.url).host));
      assert.ok(settings.maxBuilds >= 1 && settings.maxBuilds <= 100 && Number.isInteger(settings.maxBuilds));
      assert.ok(settings.pollIntervalSec >= 10 && settings.pollIntervalSec <= 3600);
      for (const p of settings.projects) assert.match(p, /^@?[A-Za-z0-9_][A-Za-z0-9_.-]*\/[A-Za-z0-9_.+-]+$/);
    }), opts());
    passed('properties', 'settings');
  });

  it('details page: any server strings in any field render inert', () => {
    fc.assert(fc.property(hostileString, hostileString, hostileString, hostileString, hostileString, (pkg, version, submitter, chroot, hash) => {
      const name = chroot || 'c';
      const task: BuildTask = { chroot_name: name, build_id: 7, state: 'failed', started_on: 1, ended_on: 2, result_dir_url: isSafeHttpUrl(hash) ? hash : null, git_hash: hash };
      const build = { id: 7, owner: submitter || 'o', project: pkg || 'p', dirname: 'p', package_name: pkg, package_version: version, submitter, submitted_on: 1, started_on: 1, ended_on: 2, state: 'failed' as const, chroots: [name, version || 'v'], project_id: null };
      const page = renderDetails({
        cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'abcdefghijklmnopqrstuvwxyz012345', scriptUri: 'https://x/s.js', styleUri: 'https://x/s.css',
        data: detailsData({ buildId: 7, chroot: name, task, build, tasks: [task], reason: { summary: version, notYourPackage: false, evidence: [{ log: 'build', line: 1, text: pkg }] }, fetchedGitHash: hash, buildUrl: undefined, nowSeconds: 3 }),
      });
      assert.equal([...page.matchAll(/<script\b/gi)].length, 1);
      const tags = [...page.matchAll(/<[a-z][^>]*>/gi)].map((m) => m[0].replace(/"[^"]*"/g, '""'));
      for (const t of tags) {
        assert.doesNotMatch(t, /\son\w+\s*=/i, t);
        assert.doesNotMatch(t, /^<(img|iframe|object|embed|base|form)/i, t);
      }
    }), opts());
    passed('properties', 'details page');
  });

  it('log decoder: a live log read from any sequence of offsets is the log, byte for byte', async () => {
    const id = sim.world.addBuild({ owner: 'alice', project: 'hello', package: 'pkg-ünïcødé-日本語-🙂', durationSeconds: 900 });
    sim.clock.advance(400);
    const dir = `${sim.url}/results/alice/hello/fedora-rawhide-x86_64/${String(id).padStart(8, '0')}-pkg-ünïcødé-日本語-🙂/`;
    const url = new URL(`${dir}builder-live.log`).href;
    const whole = await (await fetch(url)).text();
    assert.ok(whole.includes('日本語'), 'the log holds multi-byte characters');
    const size = Buffer.byteLength(whole);
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 30 }), async (steps) => {
      let text = '';
      let offset = 0;
      for (const max of steps) {
        const chunk = await fetchLog(url, { range: offset, maxBytes: max });
        assert.ok(!chunk.restarted);
        text += chunk.text;
        offset = chunk.nextOffset;
        if (offset >= size) break;
      }
      for (;;) {
        const chunk = await fetchLog(url, { range: offset });
        text += chunk.text;
        if (chunk.nextOffset === offset) break;
        offset = chunk.nextOffset;
      }
      assert.equal(text, whole);
    }), opts(httpRuns));
    passed('properties', 'log decoder');
  });
});
