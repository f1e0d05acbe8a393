// Benchmark 1b, load of the issue-#16 scenarios (scaleScenarios.ts) for today's scheduler ('perBuild', the
// baseline) and the new one ('monitor'), each in a fresh simulator with the same seed: the builds run an hour before
// the client starts, the client warms up focused (two hours for the fleet, so its dormant projects reach their hour),
// then one hour is measured, focused or unfocused — two runs, so that both hours cover the same simulated hour, the
// same builds and the same failures (the focused run's dormant-build wait below would otherwise shift the unfocused
// hour by up to 75 minutes for one scheduler only). Requests and bytes are counted at the simulator;
// failure-detection latency as in loadBench.ts. In the focused fleet run, a build is added to a dormant project one
// second after the client asked its page (the worst moment) and the time until the client shows it is measured.
import type { Strategy } from '../src/monitor/pollScheduler';
import { startSimulator } from '../test/copr-sim';
import { lockstep, runFor, settle } from './lockstep';
import { endpointOf, latencies, type LatencyFigures } from './loadBench';
import { startMonitor } from './monitorClient';
import { ScaleScenario, type ScaleId } from './scaleScenarios';

export type ScalePhase = 'focused' | 'unfocused';

export interface ScaleRun {
  scenario: ScaleId;
  strategy: Strategy;
  phase: ScalePhase;
  requestsPerHour: number;
  bytesPerHour: number;
  byEndpoint: Record<string, number>;
  /** Failures of the measured hour; unfocused: those of its first 28 minutes, which a poll before the stop sees. */
  latency: LatencyFigures;
  /** Unfocused: failures after 28 unfocused minutes, after the last poll before the stop (seen on refocus, by design). */
  latencyStopped?: LatencyFigures;
  meanActive: number;
  /** Fleet, focused: seconds from a new build in a dormant project (just after its page was asked) to the client showing it. */
  dormantDelaySeconds?: number | null;
  wallMs: number;
}

const WORLD_WARMUP = 3600;
const MEASURE = 3600;
/** After the measured hour, how long the fleet waits at most for the dormant project's new build. */
const DORMANT_WAIT = 75 * 60;
/**
 * Unfocused, the scheduler polls every 120 s and stops 30 minutes after focus went (src/monitor/pollScheduler.ts).
 * A failure in the last 120 s before the stop may come after the last poll: like one after the stop, it is seen
 * on refocus (both schedulers missed such failures at 28:40 and 29:46 in the first run), so the latency bound of
 * one unfocused poll holds for failures in the first 28 minutes.
 */
const UNFOCUSED_POLLING = 30 * 60 - 120;

export async function runScale(id: ScaleId, strategy: Strategy, seed: number, phase: ScalePhase = 'focused'): Promise<ScaleRun> {
  const wallStart = performance.now();
  const sim = await startSimulator({ world: 'empty', seed, api: 'v3', clock: 'manual' });
  try {
    // The same measured hour for both strategies; only the new one needs two hours to let dormant projects settle,
    // so today's scheduler starts later (the world runs alone meanwhile, which costs no requests).
    const warmup = id === 'fleet' ? 2 * 3600 : 1200;
    const clientWarmup = strategy === 'monitor' ? warmup : Math.min(warmup, 1200);
    const start = Math.floor(sim.clock.now()) + 1;
    const scenario = new ScaleScenario(sim, id, seed, start, WORLD_WARMUP + warmup + MEASURE + DORMANT_WAIT);
    for (let t = start; t < start + WORLD_WARMUP + warmup - clientWarmup; t++) {
      sim.clock.advance(1);
      scenario.tick(Math.floor(sim.clock.now()));
    }
    const ls = lockstep(sim);
    const rig = startMonitor(sim.url, ls.clock, [], ls.inFlight, 1, strategy);
    const detected = new Map<string, number>();
    rig.store.onDidChange((c) => {
      for (const b of c.builds) {
        for (const task of rig.store.tasks(b) ?? []) {
          const key = `${b}/${task.chroot_name}`;
          if (task.state === 'failed' && !detected.has(key)) detected.set(key, Math.floor(ls.clock.now() / 1000));
        }
      }
    });
    rig.scheduler.setScopes(scenario.scopes);
    await settle(ls.inFlight);
    const tick = (t: number) => scenario.tick(t);
    await runFor(ls, clientWarmup, tick);
    const t0 = Math.floor(sim.clock.now()) + 1;
    let dormant: { id: number; at: number } | undefined;
    let dormantSeen: number | undefined;
    if (phase === 'unfocused') {
      // As in loadBench.ts: focus goes at the start of the hour; the scheduler slows down, then stops after 30 minutes.
      rig.scheduler.setFocused(false);
      await settle(ls.inFlight);
      await runFor(ls, MEASURE, tick);
    } else {
      const probe = (t: number) => {
        tick(t);
        if (!scenario.dormantProject || dormant || t < t0) return;
        const project = scenario.dormantProject.split('/')[1];
        const asked = sim.requests.count((r) => r.time === t - 1 && r.path.startsWith('/api_3/build/list') && r.path.includes(`projectname=${project}&`));
        if (asked > 0) dormant = { id: scenario.addDormantBuild(), at: t };
      };
      const unsubscribe = rig.store.onDidChange(() => {
        if (dormant && dormantSeen === undefined && rig.store.build(dormant.id)) dormantSeen = Math.floor(ls.clock.now() / 1000);
      });
      await runFor(ls, MEASURE, probe);
      for (let waited = 0; scenario.dormantProject && dormantSeen === undefined && waited < DORMANT_WAIT; waited += 60) await runFor(ls, 60, probe);
      unsubscribe.dispose();
    }
    rig.dispose();
    await settle(ls.inFlight);

    const records = sim.requests.list().filter((r) => r.time >= t0 && r.time < t0 + MEASURE);
    const byEndpoint: Record<string, number> = {};
    for (const r of records) byEndpoint[endpointOf(r.path)] = (byEndpoint[endpointOf(r.path)] ?? 0) + 1;
    // Focused: every failure of the hour in one figure. Unfocused: those a poll can still see, and apart those after
    // the last poll (a detection then can only come on refocus, after the hour, which this run does not reach).
    const split = phase === 'unfocused' ? t0 + UNFOCUSED_POLLING : t0 + MEASURE;
    const buckets = { polling: [] as number[], stopped: [] as number[] };
    const counts = { polling: 0, stopped: 0 };
    for (const f of scenario.failures) {
      if (f.at < t0 || f.at >= t0 + MEASURE) continue;
      const b = f.at < split ? 'polling' : 'stopped';
      counts[b]++;
      const seen = detected.get(`${f.buildId}/${f.chroot}`);
      if (seen !== undefined) buckets[b].push(seen - f.at);
    }
    let active = 0;
    for (let t = t0; t < t0 + MEASURE; t += 10) active += scenario.activeAt(t);
    return {
      scenario: id,
      strategy,
      phase,
      requestsPerHour: (records.length * 3600) / MEASURE,
      bytesPerHour: (records.reduce((n, r) => n + r.bytes, 0) * 3600) / MEASURE,
      byEndpoint,
      latency: latencies(buckets.polling, counts.polling),
      ...(phase === 'unfocused' ? { latencyStopped: latencies(buckets.stopped, counts.stopped) } : {}),
      meanActive: active / (MEASURE / 10),
      ...(scenario.dormantProject && phase === 'focused' ? { dormantDelaySeconds: dormant && dormantSeen !== undefined ? dormantSeen - dormant.at : null } : {}),
      wallMs: performance.now() - wallStart,
    };
  } finally {
    await sim.close();
  }
}
