// `npm run sim`: a simulator on a real-time clock for demos and manual testing. Prints its URL; Ctrl+C stops it.

import { startSimulator } from './simulator';
import type { ApiMode, SimulatorOptions } from './types';

const USAGE = `usage: node out/test/copr-sim/cli.js [--port N] [--seed N] [--speed X] [--api v2|v3|both]
                 [--gzip file|encoding] [--world default|empty|bench] [--start UNIX_SECONDS]`;

export function parseArgs(argv: readonly string[]): SimulatorOptions {
  // The demo starts at the wall-clock time, so ages and durations read naturally in the extension.
  const opts: SimulatorOptions = { clock: 'realtime', api: 'both', port: 8765, startTime: Math.floor(Date.now() / 1000) };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--help' || flag === '-h') throw new Error(USAGE);
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    i++;
    switch (flag) {
      case '--port': opts.port = Number(value); break;
      case '--seed': opts.seed = Number(value); break;
      case '--speed': opts.speed = Number(value); break;
      case '--api':
        if (!['v2', 'v3', 'both'].includes(value)) throw new Error(`--api must be v2, v3 or both\n${USAGE}`);
        opts.api = value as ApiMode;
        break;
      case '--gzip': opts.gzipMode = value === 'encoding' ? 'encoding' : 'file'; break;
      case '--world': opts.world = value as SimulatorOptions['world']; break;
      case '--start': opts.startTime = Number(value); break;
      default: throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  for (const k of ['port', 'seed', 'speed', 'startTime'] as const) {
    if (opts[k] !== undefined && !Number.isFinite(opts[k])) throw new Error(`--${k} must be a number\n${USAGE}`);
  }
  return opts;
}

async function main(): Promise<void> {
  let opts: SimulatorOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 2;
    return;
  }
  const sim = await startSimulator(opts);
  console.log(sim.url);
  console.error(`copr-sim: api ${opts.api}, seed ${opts.seed ?? 1}, speed ×${opts.speed ?? 1}; admin API under ${sim.url}/__sim/`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) void main();
