// Benchmark 3, cold start: wall time from a fresh client being given an owner scope (30 projects, 50 ms of
// simulated latency on every request) to the store announcing the first build row, against the minimum of two
// sequential round trips (projects, then builds) timed with plain fetch against the same server in the same run.
import { systemClock } from '../src/common/clock';
import { startSimulator } from '../test/copr-sim';
import { startMonitor } from './monitorClient';

export interface ColdStartResult {
  projects: number;
  latencyMs: number;
  reps: number;
  /** Median wall time to the first build row (ms). */
  firstRowMs: number;
  /** Median wall time of two sequential plain fetches (ms). */
  twoRoundTripsMs: number;
  /** firstRowMs in round trips (twoRoundTripsMs / 2 each). */
  roundTrips: number;
  /** Requests the monitor had sent when the first row appeared (median). */
  requestsBeforeFirstRow: number;
}

const OWNER = 'coldowner';
const PROJECTS = 30;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

export async function coldStart(reps: number, latencyMs = 50): Promise<ColdStartResult> {
  const sim = await startSimulator({ world: 'empty', seed: 1, api: 'v3', clock: 'manual' });
  try {
    for (let i = 0; i < PROJECTS; i++) sim.world.populate({ owner: OWNER, project: `project-${String(i).padStart(2, '0')}`, builds: 30, chroots: 8 });
    sim.faults.add({ kind: 'latency', ms: latencyMs, path: '/' });
    const plain: number[] = [];
    const first: number[] = [];
    const sent: number[] = [];
    for (let i = 0; i < reps; i++) {
      let t = performance.now();
      await (await fetch(`${sim.url}/api_3/project/list?ownername=${OWNER}&offset=0&limit=100`)).text();
      await (await fetch(`${sim.url}/api_3/build/list?ownername=${OWNER}&projectname=project-00&offset=0&limit=25`)).text();
      plain.push(performance.now() - t);

      sim.requests.reset();
      t = performance.now();
      let rig: ReturnType<typeof startMonitor> | undefined;
      await new Promise<void>((resolve) => {
        rig = startMonitor(sim.url, systemClock, [], undefined, i + 1);
        const store = rig.store;
        store.onDidChange(() => {
          const shown = store.projectNames().some((name) => (store.project(name)?.buildIds ?? []).some((id) => store.build(id)));
          if (shown) resolve();
        });
        rig.scheduler.setScopes([{ kind: 'owner', owner: OWNER }]);
      });
      first.push(performance.now() - t);
      sent.push(sim.requests.count());
      rig?.dispose();
      await new Promise((r) => setTimeout(r, 3 * latencyMs));
    }
    const twoRoundTripsMs = median(plain);
    const firstRowMs = median(first);
    return { projects: PROJECTS, latencyMs, reps, firstRowMs, twoRoundTripsMs, roundTrips: firstRowMs / (twoRoundTripsMs / 2), requestsBeforeFirstRow: median(sent) };
  } finally {
    await sim.close();
  }
}
