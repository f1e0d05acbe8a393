// Benchmark 1, load on Copr: the same two simulated hours (focused, then unfocused) replayed against each client in
// a fresh simulator with the same seed; requests and bytes counted at the simulator, failure-detection latency
// from the simulated second a chroot failed to the simulated second the client knew.
import { startSimulator, type RequestRecord, type SimulatorHandle } from '../test/copr-sim';
import { lockstep, runFor, settle, type Lockstep } from './lockstep';
import { LoadScenario, OWNER, PROJECT } from './loadScenario';
import { startMonitor } from './monitorClient';
import { CoprCliWatch, LowerBoundPoller, NaivePoller, type BenchClient, type FailureSink } from './pollers';

/** 'baseline' is the extension's scheduler before issue #16 (strategy 'perBuild'). */
export type ClientKind = 'monitor' | 'baseline' | 'naive' | 'coprCli' | 'bound';

export interface PhaseFigures {
  seconds: number;
  requests: number;
  bytes: number;
  requestsPerHour: number;
  bytesPerHour: number;
  /** Requests by endpoint: version, projects, build list, build, chroot list, other. */
  byEndpoint: Record<string, number>;
}

export interface LatencyFigures {
  /** Failures in this phase. */
  failures: number;
  detected: number;
  medianSeconds: number | null;
  maxSeconds: number | null;
}

export interface LoadRun {
  client: ClientKind;
  total: PhaseFigures;
  focused: PhaseFigures;
  unfocused: PhaseFigures;
  latency: { focused: LatencyFigures; unfocusedPolling: LatencyFigures; unfocusedStopped: LatencyFigures };
  /** Active builds per simulated second, averaged over each phase (from the scenario's plan). */
  meanActive: { focused: number; unfocused: number };
  wallMs: number;
  /** Every request of the measured window, when asked for (analysis; not written to results.json). */
  records?: RequestRecord[];
}

export interface LoadOptions {
  keepRecords?: boolean;
  seed: number;
  /** Length of each phase (focused, then unfocused), simulated seconds. */
  phaseSeconds: number;
}

/** How long the monitoring issue lets polling go on in an unfocused window. */
const UNFOCUSED_STOP_SECONDS = 30 * 60;

export function endpointOf(path: string): string {
  const p = path.split('?')[0].replace(/\/+$/, '');
  if (p === '/api_3') return 'version';
  if (p === '/api_3/project/list') return 'projects';
  if (p === '/api_3/build/list') return 'build list';
  if (p === '/api_3/build-chroot/list') return 'chroot list';
  if (p === '/api_3/monitor') return 'monitor';
  if (/^\/api_3\/build\/\d+$/.test(p)) return 'build';
  return 'other';
}

/** Requests that arrived in [from, to), reported per hour of `seconds`. */
function phase(records: RequestRecord[], from: number, to: number, seconds: number): PhaseFigures {
  const rs = records.filter((r) => r.time >= from && r.time < to);
  const bytes = rs.reduce((n, r) => n + r.bytes, 0);
  const byEndpoint: Record<string, number> = {};
  for (const r of rs) byEndpoint[endpointOf(r.path)] = (byEndpoint[endpointOf(r.path)] ?? 0) + 1;
  return { seconds, requests: rs.length, bytes, requestsPerHour: (rs.length * 3600) / seconds, bytesPerHour: (bytes * 3600) / seconds, byEndpoint };
}

export function latencies(lat: number[], failures: number): LatencyFigures {
  const s = [...lat].sort((a, b) => a - b);
  return { failures, detected: s.length, medianSeconds: s.length ? s[Math.floor((s.length - 1) / 2)] : null, maxSeconds: s.length ? s[s.length - 1] : null };
}

function makeClient(kind: ClientKind, ls: Lockstep, sink: FailureSink, scenario: LoadScenario): BenchClient {
  switch (kind) {
    case 'naive':
      return new NaivePoller(ls, sink);
    case 'bound':
      return new LowerBoundPoller(ls, sink);
    case 'coprCli':
      return new CoprCliWatch(ls, sink, (id) => scenario.failures.filter((f) => f.buildId === id).map((f) => f.chroot));
    case 'baseline':
    case 'monitor': {
      const rig = startMonitor(ls.sim.url, ls.clock, [], ls.inFlight, 1, kind === 'baseline' ? 'perBuild' : 'monitor');
      const seen = new Set<string>();
      rig.store.onDidChange((c) => {
        for (const id of c.builds) {
          for (const t of rig.store.tasks(id) ?? []) {
            const key = `${id}/${t.chroot_name}`;
            if (t.state === 'failed' && !seen.has(key)) {
              seen.add(key);
              sink(id, t.chroot_name, Math.floor(ls.clock.now() / 1000));
            }
          }
        }
      });
      return {
        start: () => rig.scheduler.setScopes([{ kind: 'project', owner: OWNER, project: PROJECT }]),
        setFocused: (f) => rig.scheduler.setFocused(f),
        buildSubmitted: () => undefined,
        dispose: () => rig.dispose(),
      };
    }
  }
}

export async function runLoad(kind: ClientKind, opts: LoadOptions): Promise<LoadRun> {
  const wallStart = performance.now();
  const sim: SimulatorHandle = await startSimulator({ world: 'empty', seed: opts.seed, api: 'v3', clock: 'manual' });
  try {
    const scenario = new LoadScenario(sim, opts.seed, 2 * opts.phaseSeconds);
    scenario.warmUp();
    sim.requests.reset();
    const ls = lockstep(sim);
    const t0 = scenario.measureStart;
    const detectedAt = new Map<string, number>();
    const sink: FailureSink = (id, chroot, t) => {
      const key = `${id}/${chroot}`;
      if (!detectedAt.has(key)) detectedAt.set(key, t);
    };
    const client = makeClient(kind, ls, sink, scenario);
    // Failures that happened before measuring began are not part of the latency figures; the client may still see them.
    for (const b of scenario.plan) if (b.id !== undefined && b.endAt > t0) client.buildSubmitted(b.id);
    client.start();
    await settle(ls.inFlight);
    const tick = (t: number): void => {
      scenario.tick(t);
      for (const b of scenario.plan) if (b.submitAt === t && b.id !== undefined) client.buildSubmitted(b.id);
    };
    await runFor(ls, opts.phaseSeconds, tick);
    client.setFocused(false);
    await runFor(ls, opts.phaseSeconds, tick);
    client.dispose();
    await settle(ls.inFlight);

    const records = sim.requests.list();
    const tf = t0 + opts.phaseSeconds;
    const tEnd = tf + opts.phaseSeconds;
    const buckets = { focused: [] as number[], unfocusedPolling: [] as number[], unfocusedStopped: [] as number[] };
    const counts = { focused: 0, unfocusedPolling: 0, unfocusedStopped: 0 };
    for (const f of scenario.failures) {
      if (f.at < t0 || f.at >= tEnd) continue;
      const b = f.at < tf ? 'focused' : f.at < tf + UNFOCUSED_STOP_SECONDS ? 'unfocusedPolling' : 'unfocusedStopped';
      counts[b]++;
      const seen = detectedAt.get(`${f.buildId}/${f.chroot}`);
      if (seen !== undefined && seen <= tEnd) buckets[b].push(seen - f.at);
    }
    const meanActive = (from: number, to: number) => {
      let n = 0;
      for (let t = from; t < to; t++) n += scenario.activeAt(t);
      return n / (to - from);
    };
    return {
      client: kind,
      total: phase(records, t0, tEnd + 1, 2 * opts.phaseSeconds),
      focused: phase(records, t0, tf + 1, opts.phaseSeconds),
      unfocused: phase(records, tf + 1, tEnd + 1, opts.phaseSeconds),
      latency: {
        focused: latencies(buckets.focused, counts.focused),
        unfocusedPolling: latencies(buckets.unfocusedPolling, counts.unfocusedPolling),
        unfocusedStopped: latencies(buckets.unfocusedStopped, counts.unfocusedStopped),
      },
      meanActive: { focused: meanActive(t0, tf), unfocused: meanActive(tf, tEnd) },
      wallMs: performance.now() - wallStart,
      ...(opts.keepRecords ? { records: records.filter((r) => r.time >= t0 && r.time <= tEnd) } : {}),
    };
  } finally {
    await sim.close();
  }
}
