// Property: whatever the order of chroot endings, new builds and outages, every build seen running (or born while
// watching) is announced exactly once when it ends, every chroot that fails is reported exactly once, and the announcement carries the final chroots.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TaskState } from '../../../src/api/types';
import { CoprError } from '../../../src/api/errors';
import { makeHarness, MIN, networkDown, project, SEC } from './harness';

type Step =
  | { kind: 'wait'; ms: number }
  | { kind: 'end'; build: number; chroot: number; state: TaskState }
  | { kind: 'outage'; on: boolean; error: 'network' | '503' }
  | { kind: 'glitch' }
  | { kind: 'submit' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1 * SEC, max: 4 * MIN }) }),
  fc.record({
    kind: fc.constant('end' as const),
    build: fc.nat(5),
    chroot: fc.nat(2),
    state: fc.constantFrom<TaskState>('failed', 'succeeded', 'running'),
  }),
  fc.record({ kind: fc.constant('outage' as const), on: fc.boolean(), error: fc.constantFrom<'network' | '503'>('network', '503') }),
  fc.record({ kind: fc.constant('glitch' as const) }),
  fc.record({ kind: fc.constant('submit' as const) }),
);

describe('transitions across outages (property)', () => {
  it('announces each end and each failure exactly once', async function () {
    this.timeout(120_000); // virtual time, but many cycles per run
    const runs = Number(process.env.FUZZ_RUNS) || 40;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.array(step, { maxLength: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), async (nBuilds, steps, r) => {
        const h = makeHarness({ random: () => r, settings: { maxBuilds: 12 } });
        try {
          const p = h.source.addProject('alice', 'hello');
          const chroots = ['c0', 'c1', 'c2'];
          const ids = Array.from({ length: nBuilds }, () => h.source.addBuild(p, chroots, { state: 'running' }));
          const final = new Map<string, TaskState>();
          await h.start([project('alice', 'hello')]);
          for (const s of steps) {
            if (s.kind === 'wait') await h.clock.advance(s.ms);
            else if (s.kind === 'end') {
              const id = ids[s.build % ids.length];
              const key = `${id}/${chroots[s.chroot]}`;
              if (final.has(key) || s.state === 'running') continue;
              h.source.setChroot(id, chroots[s.chroot], s.state);
              final.set(key, s.state);
            } else if (s.kind === 'outage') {
              h.source.down = s.on ? (s.error === 'network' ? networkDown() : new CoprError('http', 'busy', undefined, 503, 90)) : undefined;
            } else if (s.kind === 'submit') {
              if (ids.length < 10) ids.push(h.source.addBuild(p, chroots, { state: 'pending' }));
            } else h.source.failNext(networkDown());
          }
          h.source.down = undefined;
          for (const id of ids) for (const c of chroots) if (!final.has(`${id}/${c}`)) {
            h.source.setChroot(id, c, 'succeeded');
            final.set(`${id}/${c}`, 'succeeded');
          }
          await h.clock.advance(60 * MIN);

          const announced = h.finished.flat().map((f) => f.build.id).sort((a, b) => a - b);
          assert.deepEqual(announced, [...ids].sort((a, b) => a - b), 'each build once');
          for (const f of h.finished.flat()) {
            assert.deepEqual(f.tasks.map((t) => t.state), chroots.map((c) => final.get(`${f.build.id}/${c}`)), 'final chroots');
          }
          const reported = h.failed.flat().map((f) => `${f.build.id}/${f.task.chroot_name}`).sort();
          const expected = [...final].filter(([, s]) => s === 'failed').map(([k]) => k).sort();
          assert.deepEqual(reported, expected, 'each failure once');
          assert.equal(h.health.filter((x) => x.state === 'backoff').length, h.health.filter((x) => x.state === 'ok').length, 'one backoff and one recovery per outage');
        } finally {
          h.dispose();
        }
        assert.equal(h.clock.pendingTimers(), 0);
      }),
      { seed: 42, numRuns: runs },
    );
  });
});
