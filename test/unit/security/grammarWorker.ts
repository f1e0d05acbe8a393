// Runs one TextMate pattern over long lines through the real highlighter (vscode-textmate on vscode-oniguruma, as VS
// Code does), in a worker thread so that the test can stop a pattern that never finishes. Posts `ready` when the
// scanner is compiled, then the milliseconds each line took, one message per line.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

interface Job {
  match: string;
  lines: string[];
}

async function run(): Promise<void> {
  const { match, lines } = workerData as Job;
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async () => ({ scopeName: 'text.test', patterns: [{ match, name: 'test.one' }] }) as unknown as textmate.IRawGrammar,
  });
  const grammar = await registry.loadGrammar('text.test');
  if (!grammar) throw new Error('the grammar did not load');
  // One short line first: the scanner is compiled before the clock starts.
  grammar.tokenizeLine('warm up', textmate.INITIAL);
  parentPort?.postMessage({ ready: true });
  for (let line = 0; line < lines.length; line++) {
    const started = performance.now();
    grammar.tokenizeLine(lines[line], textmate.INITIAL);
    parentPort?.postMessage({ line, ms: performance.now() - started });
  }
}

run().catch((e: unknown) => parentPort?.postMessage({ error: e instanceof Error ? e.message : String(e) }));
