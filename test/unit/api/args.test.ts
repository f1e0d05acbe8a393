import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizeBuildQuery, normalizeTaskQuery, parseProject } from '../../../src/api/args';
import { CoprError } from '../../../src/api/errors';
import { parseRetryAfter } from '../../../src/api/http';
import type { BuildTaskQuery } from '../../../src/api/types';

const runs = Number(process.env.FUZZ_RUNS) || 200;

function invalidArgument(fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof CoprError && e.kind === 'invalid-argument' && e.message.length > 0);
}

describe('api/args', function () {
  // A long FUZZ_RUNS run takes as long as it takes.
  this.timeout(process.env.FUZZ_RUNS ? 0 : 10_000);

  it('defaults: limit 100, offset 0', () => {
    const q = normalizeTaskQuery({ buildId: 1 });
    assert.equal(q.limit, 100);
    assert.equal(q.offset, 0);
  });

  it('precedence: buildId over projectId/project over owner', () => {
    assert.deepEqual(normalizeTaskQuery({ buildId: 7, projectId: 3, project: 'a/b', owner: 'c' }).scope, { kind: 'build', buildId: 7 });
    assert.deepEqual(normalizeTaskQuery({ projectId: 3, owner: 'c' }).scope, { kind: 'project', project: undefined, projectId: 3 });
    assert.deepEqual(normalizeTaskQuery({ project: '@g/p', owner: 'c' }).scope, { kind: 'project', project: { owner: '@g', name: 'p' }, projectId: undefined });
    assert.deepEqual(normalizeTaskQuery({ owner: '@g' }).scope, { kind: 'owner', owner: '@g' });
  });

  it('refuses limits outside 1..100, negative or fractional offsets, malformed projects, unknown states', () => {
    for (const q of [
      { buildId: 1, limit: 0 },
      { buildId: 1, limit: 101 },
      { buildId: 1, limit: 1.5 },
      { buildId: 1, offset: -1 },
      { buildId: 1, offset: 0.5 },
      { buildId: 1, offset: Number.NaN },
      { project: 'nameonly' },
      { project: 'a/b/c' },
      { project: '/b' },
      { project: 'a/' },
      { project: 'a b/c' },
      { buildId: 1, project: 'bad' }, // checked even when precedence ignores it
      { buildId: 0 },
      { buildId: 1.5 },
      { projectId: -3 },
      { buildId: 1, state: 'imported' },
      {},
    ] as BuildTaskQuery[]) {
      invalidArgument(() => normalizeTaskQuery(q));
    }
    invalidArgument(() => normalizeBuildQuery({}));
    invalidArgument(() => normalizeBuildQuery({ owner: 'x', limit: 500 }));
  });

  it('parses user and group projects', () => {
    assert.deepEqual(parseProject('bob/packit-demo'), { owner: 'bob', name: 'packit-demo' });
    assert.deepEqual(parseProject('@rpm-team/python3.14'), { owner: '@rpm-team', name: 'python3.14' });
  });

  it('property: any limit/offset pair is either accepted within bounds or refused as invalid-argument', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double()), fc.oneof(fc.integer(), fc.double()), (limit, offset) => {
        try {
          const q = normalizeTaskQuery({ buildId: 1, limit, offset });
          assert.ok(q.limit >= 1 && q.limit <= 100 && Number.isInteger(q.limit));
          assert.ok(q.offset >= 0 && Number.isInteger(q.offset));
        } catch (e) {
          assert.ok(e instanceof CoprError && e.kind === 'invalid-argument');
        }
      }),
      { seed: 42, numRuns: runs },
    );
  });

  it('property: a project string is parsed or refused, never thrown otherwise', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (project) => {
        try {
          const ref = parseProject(project);
          assert.equal(`${ref.owner}/${ref.name}`, project);
        } catch (e) {
          assert.ok(e instanceof CoprError && e.kind === 'invalid-argument');
        }
      }),
      { seed: 42, numRuns: runs },
    );
  });

  it('Retry-After: seconds or HTTP-date', () => {
    const now = Date.parse('2025-08-12T12:00:00Z');
    assert.equal(parseRetryAfter('120', now), 120);
    assert.equal(parseRetryAfter('Tue, 12 Aug 2025 12:00:30 GMT', now), 30);
    assert.equal(parseRetryAfter('Tue, 12 Aug 2025 11:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });
});
