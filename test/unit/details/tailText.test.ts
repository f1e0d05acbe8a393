import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TailText } from '../../../src/logs/tailText';

const runs = Number(process.env.FUZZ_RUNS) || 200;

describe('TailText', () => {
  it('keeps everything while under the budget', () => {
    const t = new TailText(100);
    t.append('a\nb\n');
    t.append('c');
    assert.equal(t.text(), 'a\nb\nc');
    assert.equal(t.droppedLines, 0);
    assert.equal(t.truncated, false);
  });

  it('keeps a line-aligned tail and counts the dropped lines', () => {
    const t = new TailText(10);
    for (let i = 1; i <= 100; i++) t.append(`L${i}\n`);
    const text = t.text();
    assert.ok(text.length <= 10);
    assert.ok(text.startsWith('L'), text);
    const firstKept = Number(/^L(\d+)/.exec(text)![1]);
    assert.equal(t.droppedLines, firstKept - 1);
    assert.ok(text.endsWith('L100\n'));
    assert.equal(t.totalChars, [...Array(100)].map((_, i) => `L${i + 1}\n`).join('').length);
  });

  it('cuts inside a line longer than the budget instead of dropping everything', () => {
    const t = new TailText(5);
    t.append('x'.repeat(20));
    assert.equal(t.text(), 'xxxxx');
  });

  it('is always a suffix of the whole text, with the dropped part holding droppedLines newlines (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.array(fc.stringMatching(/^[a-c\n]{0,30}$/), { maxLength: 40 }), (max, chunks) => {
        const t = new TailText(max);
        for (const c of chunks) t.append(c);
        const all = chunks.join('');
        const text = t.text();
        assert.ok(all.endsWith(text));
        assert.ok(text.length <= max);
        const dropped = all.slice(0, all.length - text.length);
        assert.equal(t.droppedChars, dropped.length);
        assert.equal(t.droppedLines, dropped.split('\n').length - 1);
      }),
      { seed: 42, numRuns: runs },
    );
  });
});
