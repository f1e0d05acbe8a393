// The triage part of `npm run bench`: how fast the classifier reads a big log, whether its time stays linear in the
// log's size (the time per MB of a 100 MB log against that of a 10 MB one, both in the same run), and — when a local
// copy of fedora-copr/logdetective-sample is given (--logdetective=PATH) — its score on that public benchmark.
import { measureThroughput, type ThroughputResult } from '../test/unit/triage/throughput';
import { scoreAll } from './logdetective';
import type { Row } from './report';

export interface TriageBenchResult {
  big: ThroughputResult;
  small: ThroughputResult;
  /** CPU seconds per MB at 100 MB over the same at 10 MB: 1.0 is perfectly linear. */
  linearity: number;
  logdetective?: { right: number; scored: number; samples: number; misses: string[] };
}

function median(results: ThroughputResult[]): ThroughputResult {
  return [...results].sort((a, b) => a.cpuSeconds - b.cpuSeconds)[Math.floor(results.length / 2)];
}

export function triageBench(options: { quick: boolean; logdetective?: string }): TriageBenchResult {
  const reps = options.quick ? 1 : 3;
  const small = median(Array.from({ length: reps }, () => measureThroughput(10)));
  const big = median(Array.from({ length: reps }, () => measureThroughput(100)));
  const perMb = (r: ThroughputResult) => r.cpuSeconds / r.megabytes;
  const result: TriageBenchResult = { big, small, linearity: perMb(big) / perMb(small) };
  if (options.logdetective) {
    const scores = scoreAll(options.logdetective);
    const scored = scores.filter((s) => s.reason);
    const misses = scored.filter((s) => !(s.categoryRight && s.evidenceRight)).map((s) => `${s.id.slice(0, 8)} ${s.project}: got ${s.reason?.category}, expected ${s.expected}`);
    result.logdetective = { right: scored.length - misses.length, scored: scored.length, samples: scores.length, misses };
  }
  return result;
}

export function triageRows(t: TriageBenchResult): Row[] {
  const S = 'triage';
  const rows: Row[] = [
    {
      section: S, metric: `classify a ${t.big.megabytes.toFixed(0)} MB log (${t.big.lines.toLocaleString('en-US')} lines)`,
      value: `${t.big.megabytesPerCpuSecond.toFixed(0)} MB/CPU-s (${t.big.megabytesPerSecond.toFixed(0)} MB/s wall)`, baseline: '', target: '', ok: null,
    },
    {
      section: S, metric: 'CPU time per MB, 100 MB log / 10 MB log', value: `×${t.linearity.toFixed(2)}`,
      baseline: `10 MB: ${t.small.megabytesPerCpuSecond.toFixed(0)} MB/CPU-s`, target: '≤ ×1.5 (linear)', ok: t.linearity <= 1.5,
    },
  ];
  if (t.logdetective) {
    const l = t.logdetective;
    rows.push({
      section: S, metric: 'logdetective-sample: right category and evidence line', value: `${l.right}/${l.scored} (${((100 * l.right) / Math.max(1, l.scored)).toFixed(0)} %)`,
      baseline: `${l.samples - l.scored} of ${l.samples} samples without their logs`, target: '≥ 90 %', ok: l.scored > 0 ? l.right / l.scored >= 0.9 : null,
    });
  }
  return rows;
}
