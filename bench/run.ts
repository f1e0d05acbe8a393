// `npm run bench`: load on Copr, tree scale, cold start and footprint. Prints one table (each figure beside its
// baseline from the same run and its target) and writes bench/results.json. Not part of `npm test`.
//   node out/bench/run.js [--quick] [--only=load,scale,tree,cold,footprint] [--clients=monitor,baseline,bound,naive,coprCli]
//                         [--no-build] [--seed=N] [--strict] [--logdetective=PATH]
// --quick (for .ci/run): the same load scenario and checks, fewer repetitions, copr-cli's loop left out.
// --strict: exit 1 when a target is missed (default: report only; the exit code is 1 only when a benchmark breaks).
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { coldStart, type ColdStartResult } from './coldStart';
import { footprint, type FootprintResult } from './footprint';
import { runLoad, type ClientKind, type LoadRun } from './loadBench';
import type { TreeScaleResult } from './treeScaleWork';
import { report, type Row } from './report';
import { runScale, type ScaleRun } from './scaleBench';
import { triageBench, type TriageBenchResult } from './triageBench';

const ROOT = path.resolve(__dirname, '..', '..');

interface Args {
  quick: boolean;
  only: Set<string>;
  build: boolean;
  seed: number;
  strict: boolean;
  clients: ClientKind[] | undefined;
  /** A local copy of fedora-copr/logdetective-sample, scored by the triage part when given. */
  logdetective: string | undefined;
}

function parseArgs(argv: string[]): Args {
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const seed = Number(argv.find((a) => a.startsWith('--seed='))?.slice('--seed='.length) ?? 1);
  return {
    quick: argv.includes('--quick'),
    only: new Set((only ?? 'load,tree,cold,footprint,triage').split(',').map((s) => s.trim())),
    build: !argv.includes('--no-build'),
    seed: Number.isFinite(seed) ? seed : 1,
    strict: argv.includes('--strict'),
    logdetective: argv.find((a) => a.startsWith('--logdetective='))?.slice('--logdetective='.length),
    clients: argv.find((a) => a.startsWith('--clients='))?.slice('--clients='.length).split(',').map((s) => s.trim() as ClientKind),
  };
}

function treeScaleInChild(reps: number): Promise<TreeScaleResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'treeScaleChild.js'), [String(reps)], { execArgv: ['--expose-gc'], stdio: 'inherit' });
    let result: TreeScaleResult | undefined;
    child.on('message', (m) => void (result = m as TreeScaleResult));
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`tree-scale child exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const results: {
    machine: Record<string, unknown>;
    mode: string;
    seed: number;
    load?: Partial<Record<ClientKind, LoadRun>>;
    scale?: ScaleRun[];
    tree?: TreeScaleResult;
    cold?: ColdStartResult;
    footprint?: FootprintResult;
    triage?: TriageBenchResult;
    rows?: Row[];
    failedTargets?: string[];
  } = {
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 10) / 10),
    },
    mode: args.quick ? 'quick' : 'full',
    seed: args.seed,
  };

  if (args.only.has('load')) {
    const kinds: ClientKind[] = args.clients ?? (args.quick ? ['monitor', 'baseline', 'bound', 'naive'] : ['monitor', 'baseline', 'bound', 'naive', 'coprCli']);
    results.load = {};
    for (const kind of kinds) {
      process.stderr.write(`bench: load, ${kind}…\n`);
      results.load[kind] = await runLoad(kind, { seed: args.seed, phaseSeconds: 3600 });
    }
  }
  if (args.only.has('load') || args.only.has('scale')) {
    results.scale = [];
    for (const id of ['stack', 'wide', 'fleet'] as const) {
      for (const phase of ['focused', 'unfocused'] as const) {
        for (const strategy of ['perBuild', 'monitor'] as const) {
          process.stderr.write(`bench: load, ${id} scenario, ${strategy}, ${phase} hour…\n`);
          results.scale.push(await runScale(id, strategy, args.seed, phase));
        }
      }
    }
  }
  if (args.only.has('tree')) {
    process.stderr.write('bench: tree scale…\n');
    results.tree = await treeScaleInChild(args.quick ? 5 : 15);
  }
  if (args.only.has('cold')) {
    process.stderr.write('bench: cold start…\n');
    results.cold = await coldStart(args.quick ? 3 : 9);
  }
  if (args.only.has('footprint')) {
    process.stderr.write('bench: footprint…\n');
    results.footprint = footprint(ROOT, args.build);
  }

  if (args.only.has('triage')) {
    process.stderr.write('bench: triage…\n');
    results.triage = triageBench({ quick: args.quick, logdetective: args.logdetective });
  }

  results.machine.loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 10) / 10);
  const { rows, table, failed } = report(results);
  results.rows = rows;
  results.failedTargets = failed;
  const out = path.join(ROOT, 'bench', 'results.json');
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(table);
  console.log(`\n${failed.length ? `${failed.length} target(s) missed: ${failed.join('; ')}` : 'All targets met.'}`);
  const m = results.machine;
  console.log(`Machine: ${String(m.cpus)} × ${String(m.cpuModel)}, Node ${String(m.node)}, load average ${JSON.stringify(m.loadAverageAtStart)} → ${JSON.stringify(m.loadAverageAtEnd)}.`);
  console.log(`Wrote ${path.relative(process.cwd(), out)} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  if (args.strict && failed.length) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
