// The decoders need no server: arbitrary JSON and arbitrary bytes go in, and the only outcomes allowed are a typed
// value or a CoprError 'invalid-response' naming the bad field.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  decodeBackendTaskGitHash,
  decodeV2BuildDetail,
  decodeV2BuildList,
  decodeV2ProjectList,
  decodeV2TaskDetail,
  decodeV2TaskList,
  decodeV3Build,
  decodeV3BuildChroot,
  decodeV3Items,
  decodeV3Project,
  decodeV3Version,
  errorMessageOf,
  type DecodeContext,
} from '../../../src/api/decode';
import { CoprError } from '../../../src/api/errors';
import { exceedsJsonDepth, parseJsonBody } from '../../../src/api/json';
import { ALL_STATES, isTaskState } from '../../../src/api/states';
import type { Build, BuildTask } from '../../../src/api/types';
import { isSafeHttpUrl } from '../../../src/api/urls';

const runs = Number(process.env.FUZZ_RUNS) || 200;
const ctx: DecodeContext = { url: 'http://127.0.0.1/x' };

const decoders: Array<[string, (body: unknown) => unknown]> = [
  ['v2 task list', (b) => decodeV2TaskList(b, ctx)],
  ['v2 task detail', (b) => decodeV2TaskDetail(b, ctx)],
  ['v2 build list', (b) => decodeV2BuildList(b, ctx)],
  ['v2 build detail', (b) => decodeV2BuildDetail(b, ctx)],
  ['v2 project list', (b) => decodeV2ProjectList(b, ctx)],
  ['v3 build-chroot list', (b) => decodeV3Items(b, ctx, (v, p, c) => decodeV3BuildChroot(v, p, c, 1))],
  ['v3 build-chroot', (b) => decodeV3BuildChroot(b, '', ctx, 1)],
  ['v3 build list', (b) => decodeV3Items(b, ctx, decodeV3Build)],
  ['v3 build', (b) => decodeV3Build(b, '', ctx)],
  ['v3 project list', (b) => decodeV3Items(b, ctx, decodeV3Project)],
  ['backend task', (b) => decodeBackendTaskGitHash(b, ctx)],
  ['v3 version', (b) => decodeV3Version(b)],
  ['error message', (b) => errorMessageOf(b)],
];

/** Runs `fn`; passes when it returns or throws a CoprError 'invalid-response' with a message and the URL. */
function onlyValueOrCoprError(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof CoprError, `threw ${String(e)}`);
    assert.equal(e.kind, 'invalid-response');
    assert.ok(e.message.length > 0);
  }
}

function expectInvalid(fn: () => unknown, fieldPath: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof CoprError);
    assert.equal(e.kind, 'invalid-response');
    assert.equal(e.url, ctx.url);
    assert.ok(e.message.includes(fieldPath), `"${e.message}" should name ${fieldPath}`);
    return true;
  });
}

// Shapes close to the real ones, so the fuzzer also reaches the inner checks, not only "items is missing".
const stateArb = fc.oneof(fc.constantFrom(...ALL_STATES), fc.string({ maxLength: 12 }), fc.integer(), fc.constant(null));
const timeArb = fc.oneof(fc.integer({ min: 0, max: 2e9 }), fc.constant(null), fc.double(), fc.string({ maxLength: 4 }));
const v3ChrootArb = fc.record(
  { name: fc.oneof(fc.string({ maxLength: 20 }), fc.integer()), state: stateArb, started_on: timeArb, ended_on: timeArb, result_url: fc.oneof(fc.webUrl(), fc.constant(null), fc.integer(), fc.constant('javascript:alert(1)')) },
  { requiredKeys: [] },
);
const v3BuildArb = fc.record(
  {
    id: fc.oneof(fc.integer({ min: 0, max: 1e8 }), fc.constant(-1), fc.string({ maxLength: 3 })),
    state: stateArb,
    ownername: fc.oneof(fc.string({ maxLength: 10 }), fc.constant('@group')),
    projectname: fc.string({ maxLength: 10 }),
    project_dirname: fc.oneof(fc.string({ maxLength: 10 }), fc.constant(null)),
    source_package: fc.oneof(fc.constant(null), fc.record({ name: fc.oneof(fc.string(), fc.constant(null)), version: fc.oneof(fc.string(), fc.constant(null)) })),
    submitted_on: timeArb,
    started_on: timeArb,
    ended_on: timeArb,
    submitter: fc.oneof(fc.string({ maxLength: 8 }), fc.constant(null)),
    chroots: fc.oneof(fc.array(fc.string({ maxLength: 12 }), { maxLength: 5 }), fc.array(fc.jsonValue(), { maxLength: 2 })),
  },
  { requiredKeys: [] },
);
const v2TaskItemArb = fc.record(
  {
    build_task: fc.record(
      { chroot_name: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null)), build_id: fc.oneof(fc.integer({ min: 0, max: 1e7 }), fc.constant(null)), state: stateArb, started_on: timeArb, ended_on: timeArb, result_dir_url: fc.oneof(fc.webUrl(), fc.constant(null)), git_hash: fc.oneof(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 40 }), fc.constant(null)) },
      { requiredKeys: [] },
    ),
    _links: fc.oneof(fc.constant({ self: { href: '/api_2/build_tasks/106882/fedora-rawhide-x86_64' } }), fc.jsonValue()),
  },
  { requiredKeys: [] },
);

function assertTask(t: BuildTask): void {
  assert.equal(typeof t.chroot_name, 'string');
  assert.ok(Number.isSafeInteger(t.build_id) && t.build_id >= 0);
  assert.ok(isTaskState(t.state));
  for (const v of [t.started_on, t.ended_on]) assert.ok(v === null || (Number.isInteger(v) && v >= 0));
  assert.ok(t.result_dir_url === null || isSafeHttpUrl(t.result_dir_url), 'only http(s) result dirs get through');
  assert.ok(t.git_hash === null || typeof t.git_hash === 'string');
}

function assertBuild(b: Build): void {
  assert.ok(Number.isSafeInteger(b.id) && b.id >= 0);
  assert.ok(isTaskState(b.state));
  assert.ok(b.owner.length > 0 && b.project.length > 0 && b.dirname.length > 0);
  assert.ok(Array.isArray(b.chroots) && b.chroots.every((c) => typeof c === 'string'));
  assert.ok(Number.isInteger(b.submitted_on));
}

describe('api/decode', function () {
  // A long FUZZ_RUNS run takes as long as it takes.
  this.timeout(process.env.FUZZ_RUNS ? 0 : 10_000);

  describe('arbitrary input', () => {
    for (const [name, decode] of decoders) {
      it(`${name}: arbitrary JSON gives a value or a CoprError`, () => {
        fc.assert(fc.property(fc.jsonValue(), (v) => onlyValueOrCoprError(() => decode(v))), { seed: 42, numRuns: runs });
      });
    }

    it('arbitrary bytes through parseJsonBody and every decoder give a value or a CoprError', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
          const text = new TextDecoder().decode(bytes);
          for (const [, decode] of decoders) onlyValueOrCoprError(() => decode(parseJsonBody(text, ctx.url)));
        }),
        { seed: 42, numRuns: runs },
      );
    });

    it('JSON text with bits of Copr shapes (mutated strings) gives a value or a CoprError', () => {
      const base = JSON.stringify({ items: [{ name: 'fedora-rawhide-x86_64', state: 'running', started_on: 1, ended_on: null, result_url: null }], meta: {} });
      fc.assert(
        fc.property(fc.nat(base.length), fc.string({ maxLength: 5 }), (at, insert) => {
          const text = base.slice(0, at) + insert + base.slice(at + 1);
          for (const [, decode] of decoders) onlyValueOrCoprError(() => decode(parseJsonBody(text, ctx.url)));
        }),
        { seed: 42, numRuns: runs },
      );
    });

    it('near-real v3 build-chroots decode into valid tasks or name a field', () => {
      fc.assert(
        fc.property(fc.array(v3ChrootArb, { maxLength: 5 }), (items) => {
          try {
            const tasks = decodeV3Items({ items }, ctx, (v, p, c) => decodeV3BuildChroot(v, p, c, 77));
            tasks.forEach(assertTask);
            assert.ok(tasks.every((t) => t.build_id === 77 && t.git_hash === null));
          } catch (e) {
            assert.ok(e instanceof CoprError && e.kind === 'invalid-response');
            assert.match(e.message, /items(\[\d+\](\.\w+)?)?/);
          }
        }),
        { seed: 42, numRuns: runs },
      );
    });

    it('near-real v3 builds decode into valid builds or name a field', () => {
      fc.assert(
        fc.property(fc.array(v3BuildArb, { maxLength: 4 }), (items) => {
          try {
            decodeV3Items({ items }, ctx, decodeV3Build).forEach(assertBuild);
          } catch (e) {
            assert.ok(e instanceof CoprError && e.kind === 'invalid-response');
            assert.match(e.message, /items\[\d+\]/);
          }
        }),
        { seed: 42, numRuns: runs },
      );
    });

    it('near-real v2 task lists decode into valid tasks or name a field', () => {
      fc.assert(
        fc.property(fc.array(v2TaskItemArb, { maxLength: 4 }), (items) => {
          try {
            decodeV2TaskList({ build_tasks: items }, ctx).forEach(assertTask);
          } catch (e) {
            assert.ok(e instanceof CoprError && e.kind === 'invalid-response');
            assert.match(e.message, /build_tasks\[\d+\]/);
          }
        }),
        { seed: 42, numRuns: runs },
      );
    });
  });

  describe('field paths and leniency', () => {
    const chroot = { name: 'fedora-rawhide-x86_64', state: 'running', started_on: 1755000420, ended_on: null, result_url: null };

    it('names the item and field: items[3].state', () => {
      const items = [chroot, chroot, chroot, { ...chroot, state: 7 }];
      expectInvalid(() => decodeV3Items({ items }, ctx, (v, p, c) => decodeV3BuildChroot(v, p, c, 1)), 'items[3].state');
    });

    it('names a missing list: build_tasks', () => {
      expectInvalid(() => decodeV2TaskList({ tasks: [] }, ctx), 'build_tasks');
    });

    it('names a nested field: items[0].chroots[1]', () => {
      const build = { id: 1, state: 'running', ownername: 'a', projectname: 'p', submitted_on: 1, chroots: ['x', 5] };
      expectInvalid(() => decodeV3Items({ items: [build] }, ctx, decodeV3Build), 'items[0].chroots[1]');
    });

    it('an unknown state becomes "unknown" and is reported once per string', () => {
      const seen: string[] = [];
      const c: DecodeContext = { onUnknownState: (raw) => seen.push(raw) };
      const raw = 'levitating-decode-test';
      const a = decodeV3BuildChroot({ ...chroot, state: raw }, '', c, 1);
      const b = decodeV3BuildChroot({ ...chroot, state: raw }, '', c, 1);
      assert.equal(a.state, 'unknown');
      assert.equal(b.state, 'unknown');
      assert.deepEqual(seen, [raw]);
    });

    it('v2: build_id comes from the item, else from _links.self.href', () => {
      const task = { chroot_name: 'fedora-rawhide-x86_64', state: 'succeeded', started_on: 1, ended_on: 2, result_dir_url: null, git_hash: null };
      const self = { self: { href: '/api_2/build_tasks/106882/fedora-rawhide-x86_64' } };
      assert.equal(decodeV2TaskList({ build_tasks: [{ build_task: { ...task, build_id: 5 }, _links: self }] }, ctx)[0]?.build_id, 5);
      assert.equal(decodeV2TaskList({ build_tasks: [{ build_task: task, _links: self }] }, ctx)[0]?.build_id, 106882);
      expectInvalid(() => decodeV2TaskList({ build_tasks: [{ build_task: task }] }, ctx), 'build_tasks[0].build_task.build_id');
    });

    it('v2: a group project is owned by @group', () => {
      const project = { id: 5003, name: 'python3.14', owner: '@rpm-team', group: 'rpm-team', is_a_group_project: true };
      const [p] = decodeV2ProjectList({ projects: [{ project }] }, ctx);
      assert.deepEqual(p, { id: 5003, owner: '@rpm-team', name: 'python3.14', full_name: '@rpm-team/python3.14', chroots: [] });
    });

    it('a result dir that is not an http(s) URL is dropped (null), never handed to the UI', () => {
      assert.equal(decodeV3BuildChroot({ ...chroot, result_url: 'javascript:alert(1)' }, '', ctx, 1).result_dir_url, null);
      assert.equal(decodeV3BuildChroot({ ...chroot, result_url: 'https://x.org/r/' }, '', ctx, 1).result_dir_url, 'https://x.org/r/');
    });

    it('keys such as __proto__ never reach the prototype', () => {
      const body = JSON.parse('{"__proto__": {"items": []}}') as unknown;
      expectInvalid(() => decodeV3Items(body, ctx, decodeV3Project), 'items');
    });

    it('v3 project chroots are the keys of chroot_repos; the id is null', () => {
      const p = decodeV3Project({ id: 12, name: 'copr-dev', ownername: '@copr', chroot_repos: { 'fedora-rawhide-x86_64': 'u/' } }, '', ctx);
      assert.deepEqual(p, { id: null, owner: '@copr', name: 'copr-dev', full_name: '@copr/copr-dev', chroots: ['fedora-rawhide-x86_64'] });
    });

    it('error bodies: {"error"} (v3), {"message"} (v2), {"msg"} (backend)', () => {
      assert.equal(errorMessageOf({ error: 'Build 1 does not exist.' }), 'Build 1 does not exist.');
      assert.equal(errorMessageOf({ message: 'Build task {} for build {} not found' }), 'Build task {} for build {} not found');
      assert.equal(errorMessageOf({ msg: 'nope' }), 'nope');
      assert.equal(errorMessageOf(['error']), null);
    });
  });

  describe('json', () => {
    it('refuses nesting deeper than the limit without a stack overflow', () => {
      for (const text of ['['.repeat(200_000), '{"a":'.repeat(100_000), '['.repeat(65) + ']'.repeat(65)]) {
        assert.throws(() => parseJsonBody(text), (e: unknown) => e instanceof CoprError && e.kind === 'invalid-response' && /nested/.test(e.message));
      }
      assert.deepEqual(parseJsonBody('['.repeat(64) + ']'.repeat(64)) !== undefined, true);
    });

    it('brackets inside strings do not count as nesting', () => {
      assert.equal(exceedsJsonDepth(JSON.stringify({ a: '['.repeat(500) + '\\"{{{' })), false);
    });

    it('empty and non-JSON bodies are invalid-response, never a SyntaxError', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 50 }), (s) => {
          try {
            parseJsonBody(s);
          } catch (e) {
            assert.ok(e instanceof CoprError && e.kind === 'invalid-response');
          }
        }),
        { seed: 42, numRuns: runs },
      );
    });
  });
});
