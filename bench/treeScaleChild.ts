// Child-process entry of the tree-scale benchmark: points `vscode` at the plain-data stub before any tree module
// loads, runs the benchmark and sends the result to the parent.
import Module from 'node:module';
import * as path from 'node:path';

const stub = path.join(__dirname, 'vscodeStub.js');
const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = loader._resolveFilename;
loader._resolveFilename = (request: string, ...rest: unknown[]) => (request === 'vscode' ? stub : resolve.call(Module, request, ...rest));

void (async () => {
  const { treeScale } = await import('./treeScaleWork');
  const reps = Number(process.argv[2] ?? 15);
  const result = await treeScale(reps);
  process.send?.(result);
})().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
