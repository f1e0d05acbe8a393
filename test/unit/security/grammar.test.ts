// Issue 20 (3): no pattern of the copr-log grammar may freeze highlighting. Every `match` in
// syntaxes/copr-log.tmLanguage.json runs over adversarial lines of 100,000 characters through the real vscode-textmate
// + vscode-oniguruma, in a worker thread, and each line must take at most 200× what a trivial pattern takes on the same
// line, measured in the same run.
//
// Why a ratio and not a time limit: the project forbids timed assertions in unit tests, because CI shares a slow
// machine. Oniguruma exposes no step counter to count instead, so each pattern is compared with a baseline that
// suffers the same load at the same moment. The baseline, `\w+|\W+`, tries every position and makes a token at every
// word boundary, so it also pays vscode-textmate's cost per token (a pattern such as `\bERROR:` matches 16,000 times on
// a line of 'ERROR:'). Measured here (2 shared cores): the baseline takes 8-120 ms per line, linear patterns at most
// about as much, and the old backtracking ones 500-2,000× (`=+ .*\b\d+ failed\b.* =+` 30 s on a line of '=',
// `\*\*\* \[[^\]]*\] Error \d+` 9 s on '*** [' repeated, quadratic). 200× is far above the linear cost and well below
// the quadratic one. The worker is stopped at the limit, so a bad pattern fails instead of hanging.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const N = 100_000;
const FACTOR = 200;

function repeatTo(unit: string, n = N): string {
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
}

/** A fixed pseudo-random mix of the characters the patterns care about. */
function mixed(seed: number): string {
  const alphabet = '= *[]():%1 failedERROR\tStartFAIL';
  let x = seed;
  let out = '';
  for (let i = 0; i < N; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out += alphabet[x % alphabet.length];
  }
  return out;
}

const ADVERSARIAL: string[] = [
  repeatTo('= ', N / 2) + repeatTo('1 failed ', N / 2), // the reported line
  repeatTo('='),
  repeatTo('= 1 failed '),
  repeatTo('1 failed = '),
  repeatTo('*** ['),
  repeatTo('*** [x] Error '),
  repeatTo('error'),
  repeatTo('ERROR:'),
  repeatTo('FAILED '),
  repeatTo('warning'),
  repeatTo('Start('),
  repeatTo('Executing(%'),
  repeatTo('No matching package to install'),
  repeatTo(' '),
  repeatTo('a'),
  `[copr] ${repeatTo('x', N - 7)}`,
  mixed(1),
  mixed(2),
];

/** Every `match` of the grammar, with where it sits. */
function grammarPatterns(): Array<{ where: string; match: string }> {
  const grammar = JSON.parse(readFileSync(join(__dirname, '../../../../syntaxes/copr-log.tmLanguage.json'), 'utf8')) as unknown;
  const out: Array<{ where: string; match: string }> = [];
  const walk = (node: unknown, where: string) => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${where}[${i}]`));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'match' || k === 'begin' || k === 'end') && typeof v === 'string') out.push({ where: `${where}.${k}`, match: v });
        else walk(v, `${where}.${k}`);
      }
    }
  };
  walk(grammar, 'grammar');
  return out;
}

/**
 * Tokenizes each line with one pattern. Resolves to the milliseconds per line, or, when line i is still running after
 * `limitMs(i)`, stops the worker and resolves to { stoppedAt: i }.
 */
function tokenize(match: string, limitMs: (line: number) => number): Promise<{ ms: number[] } | { stoppedAt: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'grammarWorker.js'), { workerData: { match, lines: ADVERSARIAL } });
    const ms: number[] = [];
    let timer: NodeJS.Timeout | undefined;
    const finish = (result?: { ms: number[] } | { stoppedAt: number }, error?: Error) => {
      if (timer) clearTimeout(timer);
      void worker.terminate();
      if (error || !result) reject(error ?? new Error('no result'));
      else resolve(result);
    };
    const watch = (line: number) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => finish({ stoppedAt: line }), limitMs(line));
    };
    worker.on('message', (m: { ready?: boolean; line?: number; ms?: number; error?: string }) => {
      if (m.error) return finish(undefined, new Error(m.error));
      if (m.ready) return watch(0);
      ms[m.line ?? 0] = m.ms ?? 0;
      if (ms.length === ADVERSARIAL.length) finish({ ms });
      else watch(ms.length);
    });
    worker.on('error', (e) => finish(undefined, e));
  });
}

describe('security: the copr-log grammar is linear on 100k-character lines', function () {
  this.timeout(600_000);
  const patterns = grammarPatterns();
  /** Per line: what the trivial pattern costs (median of 3 runs). */
  let baselineMs: number[] = [];

  before(async () => {
    const runs: number[][] = [];
    for (let i = 0; i < 3; i++) {
      const r = await tokenize('\\w+|\\W+', () => 600_000);
      if ('stoppedAt' in r) throw new Error('the baseline pattern did not finish');
      runs.push(r.ms);
    }
    baselineMs = ADVERSARIAL.map((_, line) => Math.max(1, runs.map((r) => r[line]).sort((a, b) => a - b)[1]));
  });

  it('finds the grammar\'s patterns', () => {
    assert.ok(patterns.length >= 10, `only ${patterns.length} patterns found`);
  });

  for (const { where, match } of grammarPatterns()) {
    it(`${where}: ${match.slice(0, 70)}`, async () => {
      const r = await tokenize(match, (line) => baselineMs[line] * FACTOR);
      if ('stoppedAt' in r) {
        const line = ADVERSARIAL[r.stoppedAt];
        assert.fail(`line ${r.stoppedAt} (${JSON.stringify(line.slice(0, 24))}…) still running after ${FACTOR}× the baseline (${Math.round(baselineMs[r.stoppedAt] * FACTOR)} ms): the pattern backtracks`);
      }
    });
  }
});

describe('security: the linear grammar still marks what it marked', () => {
  it('pytest summaries, make errors and the other error lines get the error scope', async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer).catch(() => undefined);
    const path = join(__dirname, '../../../../syntaxes/copr-log.tmLanguage.json');
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async () => textmate.parseRawGrammar(readFileSync(path, 'utf8'), path),
    });
    const grammar = await registry.loadGrammar('text.log.copr');
    assert.ok(grammar);
    const errorText = (line: string) =>
      grammar
        .tokenizeLine(line, textmate.INITIAL)
        .tokens.filter((t) => t.scopes.some((s) => s.startsWith('invalid.illegal.error')))
        .map((t) => line.slice(t.startIndex, t.endIndex))
        .join('');
    assert.equal(errorText('======================== 2 failed, 311 passed in 41.20s ========================'), '======================== 2 failed, 311 passed in 41.20s ========================');
    assert.equal(errorText('make[1]: *** [Makefile:88: src/parser.o] Error 1'), '*** [Makefile:88: src/parser.o] Error 1');
    assert.equal(errorText('==== 5 passed in 1.0s ===='), '');
    assert.ok(errorText('error: Bad exit status from /var/tmp/rpm-tmp.1 (%check)').length > 0);
  });
});
