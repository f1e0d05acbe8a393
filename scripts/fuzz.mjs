// `npm run fuzz`: the property tests with many more runs than `npm test` (FUZZ_RUNS, default 20000; pass a number to
// change it, e.g. `npm run fuzz -- 100000`). Same fixed seeds, so a failure is reproducible; runs without a timeout.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const runs = process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? process.env.FUZZ_RUNS ?? '20000';

/** Every test file with fast-check properties: the reliability suite's and the layers' own. */
const FILES = [
  'out/test/unit/reliability/properties.test.js',
  'out/test/unit/api/decode.test.js',
  'out/test/unit/api/urls.test.js',
  'out/test/unit/api/logs.test.js',
  'out/test/unit/api/args.test.js',
  'out/test/unit/details/tailText.test.js',
  'out/test/unit/details/messages.test.js',
  'out/test/unit/triage/property.test.js',
  'out/test/unit/monitor/transitions.property.test.js',
];

console.log('> tsc -p tsconfig.test.json');
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.test.json'], { cwd: root, stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const files = FILES.filter((f) => existsSync(join(root, f)));
console.log(`> FUZZ_RUNS=${runs} mocha ${files.length} property files`);
const mocha = spawnSync(process.execPath, [require.resolve('mocha/bin/mocha.js'), '--timeout', '0', '--exit', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: runs },
});
process.exit(mocha.status ?? 1);
