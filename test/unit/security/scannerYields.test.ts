// Issue 20 (7): the log scanner held the extension host for 1.2 s on a 16 MB log. It now scans in slices of whole
// lines and yields to the event loop between them. Tested without a clock: a setImmediate chain counts how often the
// event loop ran during the scan (never during the old one-piece scan), and the sliced scan finds exactly what the
// one-piece scan finds.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { LogName } from '../../../src/triage/failureReason';
import { SCAN_SLICE_CHARS, scanLog, scanLogSliced } from '../../../src/triage/logScanner';

const FIXTURES = join(__dirname, '../../../../test/fixtures/logs');

/** Counts event-loop turns while `work` runs. */
async function turnsDuring(work: () => unknown): Promise<number> {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  try {
    await work();
  } finally {
    running = false;
  }
  return turns;
}

function bigLog(): string {
  const sample = readFileSync(join(FIXTURES, 'gcc-build-error.builder-live.log'), 'utf8');
  const filler = 'gcc -O2 -g -c src/module.c -o src/module.o # building the package, nothing wrong here\n';
  return filler.repeat(Math.ceil((16 * 1024 * 1024) / filler.length)) + sample;
}

describe('security: the log scanner yields on large logs', function () {
  this.timeout(120_000);

  it('a 16 MB log: the event loop runs between slices (and never during the one-piece scan)', async () => {
    const text = bigLog();
    const slices = Math.ceil(text.length / SCAN_SLICE_CHARS);
    assert.equal(await turnsDuring(() => scanLog('builder-live', text)), 0, 'the one-piece scan holds the loop');
    const turns = await turnsDuring(() => scanLogSliced('builder-live', text));
    assert.ok(turns >= slices - 1, `${turns} event-loop turns for ${slices} slices`);
  });

  it('the sliced scan finds what the one-piece scan finds: every fixture, and the 16 MB log', async () => {
    for (const name of readdirSync(FIXTURES).filter((n) => n.endsWith('.log'))) {
      const log = (name.split('.').slice(-2, -1)[0] ?? 'build') as LogName;
      const text = readFileSync(join(FIXTURES, name), 'utf8');
      assert.deepEqual(await scanLogSliced(log, text), scanLog(log, text), name);
    }
    const text = bigLog();
    assert.deepEqual(await scanLogSliced('builder-live', text), scanLog('builder-live', text));
  });

  it('property: slice boundaries never change the findings (lines cut anywhere, long lines, no final newline)', async () => {
    const sample = readFileSync(join(FIXTURES, 'missing-deps-dnf5.builder-live.log'), 'utf8');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: SCAN_SLICE_CHARS * 2 }), fc.integer({ min: 0, max: 3000 }), fc.boolean(), async (pad, longLine, newlineAtEnd) => {
        const text = `${'x'.repeat(pad)}\n${'y'.repeat(longLine)}\n${sample}${newlineAtEnd ? '' : 'tail without newline'}`;
        assert.deepEqual(await scanLogSliced('builder-live', text, async () => undefined), scanLog('builder-live', text));
      }),
      { seed: 20250806, numRuns: 25 },
    );
  });
});
