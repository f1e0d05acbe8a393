// Turns the raw results into table rows: each figure, the baseline measured in the same run, and the target.
import type { ColdStartResult } from './coldStart';
import type { FootprintResult } from './footprint';
import type { ClientKind, LatencyFigures, LoadRun } from './loadBench';
import type { ScaleRun } from './scaleBench';
import type { TreeScaleResult } from './treeScaleWork';
import { triageRows, type TriageBenchResult } from './triageBench';

export interface Row {
  section: string;
  metric: string;
  value: string;
  baseline: string;
  target: string;
  /** null = no target, or not measured. */
  ok: boolean | null;
}

interface Results {
  load?: Partial<Record<ClientKind, LoadRun>>;
  scale?: ScaleRun[];
  tree?: TreeScaleResult;
  cold?: ColdStartResult;
  footprint?: FootprintResult;
  triage?: TriageBenchResult;
}

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
const n1 = (x: number) => x.toFixed(1);
const n2 = (x: number) => x.toFixed(2);
const kb = (bytes: number) => `${n1(bytes / 1024)} KB`;
const mb = (bytes: number) => `${n2(bytes / 1024 / 1024)} MB`;
const KB = 1024;

function lat(l: LatencyFigures | undefined): string {
  if (!l || l.failures === 0) return 'no failures';
  if (l.detected === 0) return `0/${l.failures} seen`;
  return `median ${l.medianSeconds} s, max ${l.maxSeconds} s (${l.detected}/${l.failures} seen)`;
}

function loadRows(load: Partial<Record<ClientKind, LoadRun>>): Row[] {
  const rows: Row[] = [];
  const a = load.monitor;
  const bound = load.bound;
  const naive = load.naive;
  const cli = load.coprCli;
  const S = 'load';
  if (a && bound) {
    for (const p of ['focused', 'unfocused'] as const) {
      const ratio = bound[p].requests ? a[p].requests / bound[p].requests : Number.POSITIVE_INFINITY;
      rows.push({
        section: S, metric: `(a) monitor, requests/h, ${p} hour`, value: n0(a[p].requestsPerHour),
        baseline: `bound ${n0(bound[p].requestsPerHour)} (×${n2(ratio)})`, target: '≤ 1.25× bound', ok: ratio <= 1.25,
      });
    }
    for (const p of ['focused', 'unfocused'] as const) {
      rows.push({ section: S, metric: `(a) monitor, bytes/h, ${p} hour`, value: mb(a[p].bytesPerHour), baseline: `bound ${mb(bound[p].bytesPerHour)}`, target: '', ok: null });
    }
  }
  if (a && naive) {
    const ratio = naive.total.requests / Math.max(1, a.total.requests);
    rows.push({
      section: S, metric: '(a) monitor, requests over 2 h', value: n0(a.total.requests),
      baseline: `(b) naive ${n0(naive.total.requests)} (${n1(ratio)}× more)`, target: '≥ 5× fewer than (b)', ok: ratio >= 5,
    });
    rows.push({
      section: S, metric: '(a) monitor, bytes over 2 h', value: mb(a.total.bytes),
      baseline: `(b) naive ${mb(naive.total.bytes)} (${n1(naive.total.bytes / Math.max(1, a.total.bytes))}×)`, target: '', ok: null,
    });
  }
  if (naive) rows.push({ section: S, metric: '(b) naive poller, requests/h (bytes/h)', value: `${n0(naive.total.requestsPerHour)} (${mb(naive.total.bytesPerHour)})`, baseline: '', target: '', ok: null });
  if (cli) rows.push({ section: S, metric: '(c) copr-cli watch-build, requests/h (bytes/h)', value: `${n0(cli.total.requestsPerHour)} (${mb(cli.total.bytesPerHour)})`, baseline: '', target: '', ok: null });
  if (a) {
    const f = a.latency.focused;
    rows.push({
      section: S, metric: '(a) detection latency, focused', value: lat(f), baseline: bound ? `bound: ${lat(bound.latency.focused)}` : '',
      target: '≤ 30 s (one poll)', ok: f.failures === 0 ? null : f.detected === f.failures && (f.maxSeconds ?? 0) <= 30,
    });
    const u = a.latency.unfocusedPolling;
    rows.push({
      section: S, metric: '(a) detection latency, unfocused ≤ 30 min', value: lat(u), baseline: bound ? `bound: ${lat(bound.latency.unfocusedPolling)}` : '',
      target: '≤ 120 s (one poll)', ok: u.failures === 0 ? null : u.detected === u.failures && (u.maxSeconds ?? 0) <= 120,
    });
    rows.push({
      section: S, metric: '(a) failures while stopped (unfocused > 30 min)', value: lat(a.latency.unfocusedStopped),
      baseline: bound ? `bound: ${lat(bound.latency.unfocusedStopped)}` : '', target: 'seen on refocus (by design)', ok: null,
    });
  }
  if (naive) rows.push({ section: S, metric: '(b) detection latency, whole run', value: lat(merge(naive)), baseline: '', target: '', ok: null });
  if (cli) rows.push({ section: S, metric: '(c) detection latency, whole run', value: lat(merge(cli)), baseline: '', target: '', ok: null });
  if (a && bound) {
    const parts: string[] = [];
    for (const p of ['focused', 'unfocused'] as const) {
      const keys = new Set([...Object.keys(a[p].byEndpoint), ...Object.keys(bound[p].byEndpoint)]);
      const diffs = [...keys]
        .map((k) => [k, (a[p].byEndpoint[k] ?? 0) - (bound[p].byEndpoint[k] ?? 0)] as const)
        .filter(([, d]) => d !== 0)
        .map(([k, d]) => `${k} ${d > 0 ? '+' : ''}${d}`);
      parts.push(`${p}: ${diffs.join(', ') || 'none'}`);
    }
    rows.push({ section: S, metric: '(a) − bound, requests by endpoint', value: parts.join('; '), baseline: '', target: '', ok: null });
    rows.push({ section: S, metric: 'active builds (mean), focused / unfocused', value: `${n2(a.meanActive.focused)} / ${n2(a.meanActive.unfocused)}`, baseline: '', target: '3–6', ok: null });
  }
  return rows;
}

/** (a) against the scheduler before issue #16, in the same run. */
function standardVsBaseline(a: LoadRun, base: LoadRun): Row[] {
  return (['focused', 'unfocused'] as const).map((p) => ({
    section: 'load', metric: `(a) standard, new vs today's scheduler, ${p} hour`, value: `${n0(a[p].requestsPerHour)} req/h, ${mb(a[p].bytesPerHour)}/h`,
    baseline: `today ${n0(base[p].requestsPerHour)} req/h, ${mb(base[p].bytesPerHour)}/h`, target: 'no worse',
    ok: a[p].requests <= base[p].requests && a[p].bytes <= base[p].bytes,
  }));
}

const SCALE: Record<ScaleRun['scenario'], { label: string; requests: number | null; bytes: number | null }> = {
  stack: { label: '(b) 5 packages × 20 chroots, 4–5 active', requests: 0.5, bytes: 1 },
  wide: { label: '(c) 800 packages', requests: null, bytes: 1 },
  fleet: { label: '(d) owner with 300 projects, 5 active', requests: 0.2, bytes: null },
};

function scaleRows(runs: ScaleRun[]): Row[] {
  const rows: Row[] = [];
  const run = (id: ScaleRun['scenario'], strategy: ScaleRun['strategy'], phase: ScaleRun['phase']) =>
    runs.find((r) => r.scenario === id && r.strategy === strategy && r.phase === phase);
  for (const id of ['stack', 'wide', 'fleet'] as const) {
    const base = run(id, 'perBuild', 'focused');
    const now = run(id, 'monitor', 'focused');
    if (!base || !now) continue;
    const t = SCALE[id];
    const rq = now.requestsPerHour / Math.max(1, base.requestsPerHour);
    const by = now.bytesPerHour / Math.max(1, base.bytesPerHour);
    rows.push({
      section: 'load', metric: `${t.label}, requests/h`, value: `${n0(now.requestsPerHour)} (×${n2(rq)})`, baseline: `today ${n0(base.requestsPerHour)}`,
      target: t.requests === null ? '' : `≤ ${t.requests}× today`, ok: t.requests === null ? null : rq <= t.requests,
    });
    rows.push({
      section: 'load', metric: `${t.label}, bytes/h`, value: `${mb(now.bytesPerHour)} (×${n2(by)})`, baseline: `today ${mb(base.bytesPerHour)}`,
      target: t.bytes === null ? '' : 'no more than today', ok: t.bytes === null ? null : by <= t.bytes,
    });
    const l = now.latency;
    rows.push({
      section: 'load', metric: `${t.label}, detection latency`, value: lat(l), baseline: `today: ${lat(base.latency)}`, target: '≤ 30 s (one poll)',
      ok: l.failures === 0 ? null : l.detected === l.failures && (l.maxSeconds ?? 0) <= 30,
    });
    const parts = [...new Set([...Object.keys(now.byEndpoint), ...Object.keys(base.byEndpoint)])].map((k) => `${k} ${base.byEndpoint[k] ?? 0}→${now.byEndpoint[k] ?? 0}`);
    rows.push({ section: 'load', metric: `${t.label}, requests by endpoint (today→new)`, value: parts.join(', '), baseline: `active builds (mean) ${n2(now.meanActive)}`, target: '', ok: null });
    if (now.dormantDelaySeconds !== undefined) {
      rows.push({
        section: 'load', metric: `${t.label}, a new build in a dormant project shows after`, value: now.dormantDelaySeconds === null ? 'not seen' : `${n0(now.dormantDelaySeconds)} s`,
        baseline: `today ${base.dormantDelaySeconds == null ? 'not seen' : `${n0(base.dormantDelaySeconds)} s`}`, target: '≤ 3,600 s (the dormant period)',
        ok: now.dormantDelaySeconds !== null && now.dormantDelaySeconds <= 3600,
      });
    }
    const uBase = run(id, 'perBuild', 'unfocused');
    const uNow = run(id, 'monitor', 'unfocused');
    if (uBase && uNow) rows.push(...unfocusedRows(t.label, uNow, uBase));
  }
  return rows;
}

/** The same hour with the window unfocused: no target of its own in issue #16, so "no worse than today", as for (a). */
function unfocusedRows(label: string, now: ScaleRun, base: ScaleRun): Row[] {
  const rq = now.requestsPerHour / Math.max(1, base.requestsPerHour);
  const by = now.bytesPerHour / Math.max(1, base.bytesPerHour);
  const l = now.latency;
  const parts = [...new Set([...Object.keys(now.byEndpoint), ...Object.keys(base.byEndpoint)])].map((k) => `${k} ${base.byEndpoint[k] ?? 0}→${now.byEndpoint[k] ?? 0}`);
  return [
    {
      section: 'load', metric: `${label}, unfocused hour, requests/h, bytes/h`, value: `${n0(now.requestsPerHour)} (×${n2(rq)}), ${mb(now.bytesPerHour)} (×${n2(by)})`,
      baseline: `today ${n0(base.requestsPerHour)}, ${mb(base.bytesPerHour)}`, target: 'no worse than today', ok: rq <= 1 && by <= 1,
    },
    {
      section: 'load', metric: `${label}, unfocused, failures in the first 28 min, detection latency`, value: lat(l), baseline: `today: ${lat(base.latency)}`, target: '≤ 120 s (one poll)',
      ok: l.failures === 0 ? null : l.detected === l.failures && (l.maxSeconds ?? 0) <= 120,
    },
    {
      section: 'load', metric: `${label}, failures after the last unfocused poll (> 28 min)`, value: lat(now.latencyStopped),
      baseline: `today: ${lat(base.latencyStopped)}`, target: 'seen on refocus (by design)', ok: null,
    },
    { section: 'load', metric: `${label}, unfocused hour, requests by endpoint (today→new)`, value: parts.join(', '), baseline: '', target: '', ok: null },
  ];
}

function merge(r: LoadRun): LatencyFigures {
  const parts = [r.latency.focused, r.latency.unfocusedPolling, r.latency.unfocusedStopped];
  const failures = parts.reduce((s, p) => s + p.failures, 0);
  const detected = parts.reduce((s, p) => s + p.detected, 0);
  const maxes = parts.map((p) => p.maxSeconds).filter((x): x is number => x !== null);
  const medians = parts.map((p) => p.medianSeconds).filter((x): x is number => x !== null);
  return { failures, detected, medianSeconds: medians.length ? Math.max(...medians) : null, maxSeconds: maxes.length ? Math.max(...maxes) : null };
}

export function report(r: Results): { rows: Row[]; table: string; failed: string[] } {
  const rows: Row[] = [];
  if (r.load) rows.push(...loadRows(r.load));
  if (r.load?.monitor && r.load.baseline) rows.push(...standardVsBaseline(r.load.monitor, r.load.baseline));
  if (r.scale) rows.push(...scaleRows(r.scale));
  if (r.tree) {
    const t = r.tree;
    rows.push({
      section: 'tree', metric: `fill store + list ${n0(t.firstLevelRows)} rows + ${t.chrootRows} chroots (median of ${t.reps})`, value: `${n1(t.medianMs)} ms wall, ${n1(t.cpuMedianMs)} ms CPU`,
      baseline: `fill ${n1(t.fillMedianMs)} + list ${n1(t.listMedianMs)} ms`, target: '< 50 ms', ok: t.medianMs < 50,
    });
    rows.push({
      section: 'tree', metric: 'peak heap of the model (fill + list)', value: `${n1(t.peakHeapMB)} MB`,
      baseline: `${n1(t.retainedHeapMB)} MB retained; decoding all at once peaks at ${n1(t.decodePeakHeapMB)} MB`, target: '< 50 MB', ok: t.peakHeapMB < 50,
    });
    rows.push({ section: 'tree', metric: 'list all rows, state filter "failed"', value: `${n1(t.listFilteredMedianMs)} ms`, baseline: '', target: '', ok: null });
    rows.push({ section: 'tree', metric: 'list the default page (25 of 2,500 rows) + 40 chroots', value: `${n1(t.listDefaultPageMedianMs)} ms`, baseline: '', target: '', ok: null });
    rows.push({ section: 'tree', metric: `decode ${n0(t.builds)} builds × ${t.chrootsPerBuild} chroots (JSON.parse + v3 decoders)`, value: `${n1(t.decodeMedianMs)} ms`, baseline: '', target: '', ok: null });
  }
  if (r.cold) {
    const c = r.cold;
    rows.push({
      section: 'cold start', metric: `first build row, owner with ${c.projects} projects, ${c.latencyMs} ms latency`, value: `${n0(c.firstRowMs)} ms (${n1(c.roundTrips)} RT)`,
      baseline: `2 sequential fetches ${n0(c.twoRoundTripsMs)} ms`, target: '≤ 3 round trips', ok: c.roundTrips <= 3,
    });
    rows.push({ section: 'cold start', metric: 'requests sent before the first row', value: String(c.requestsBeforeFirstRow), baseline: 'minimum 2', target: '', ok: null });
  }
  if (r.footprint) {
    const f = r.footprint;
    const bundle = (name: string, bytes: number | null): Row => ({
      section: 'footprint', metric: `${name}${f.production ? '' : ' (NOT a production build)'}`, value: bytes === null ? 'missing' : kb(bytes),
      baseline: '', target: '≤ 250 KB minified', ok: bytes === null || !f.production ? null : bytes <= 250 * KB,
    });
    rows.push(bundle('dist/extension.js', f.desktopBundle), bundle('dist/web/extension.js', f.webBundle));
    rows.push({ section: 'footprint', metric: 'copr-builds.vsix', value: f.vsix === null ? 'not packaged' : kb(f.vsix), baseline: '', target: '', ok: null });
    rows.push({
      section: 'footprint', metric: 'activate() in the extension host', value: f.activationMs === null ? 'not measured' : `${n1(f.activationMs)} ms`,
      baseline: f.activationSource ?? '', target: '≤ 20 ms', ok: f.activationMs === null ? null : f.activationMs <= 20,
    });
  }
  if (r.triage) rows.push(...triageRows(r.triage));
  const failed = rows.filter((x) => x.ok === false).map((x) => `${x.section}: ${x.metric} = ${x.value} (target ${x.target})`);
  return { rows, table: formatTable(rows), failed };
}

function formatTable(rows: Row[]): string {
  const head = ['', 'metric', 'measured', 'baseline (same run)', 'target'];
  const body = rows.map((x) => [x.ok === null ? ' ' : x.ok ? '✓' : '✗', `${x.section}: ${x.metric}`, x.value, x.baseline, x.target]);
  const widths = head.map((h, i) => Math.min(70, Math.max(h.length, ...body.map((b) => b[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' │ ').trimEnd();
  return [line(head), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...body.map(line)].join('\n');
}
