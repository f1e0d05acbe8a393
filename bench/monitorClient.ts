// (a) The extension's own monitor, as the extension wires it (src/extension.ts): the real CoprClient, TaskStore
// and PollScheduler, with the scheduler on the bench's virtual clock and its jitter drawn from a seeded PRNG.
// What the status bar shows comes from the store, so "the status bar knows" = the store holds the failed chroot.
import { CoprClient } from '../src/api/client';
import type { Build, BuildTask, Project } from '../src/api/types';
import { nullLogger } from '../src/common/log';
import { PollScheduler, type Strategy } from '../src/monitor/pollScheduler';
import type { Scope } from '../src/monitor/scopes';
import type { CoprSource } from '../src/monitor/source';
import { TaskStore } from '../src/monitor/taskStore';
import { mulberry32 } from '../test/copr-sim/prng';
import type { Clock } from '../src/common/clock';
import type { InFlight } from './lockstep';

/** The scheduler's view of the server, through the real client, with every call counted while it runs. */
export function trackedSource(client: CoprClient, inFlight?: InFlight): CoprSource {
  const t = <T>(p: Promise<T>): Promise<T> => (inFlight ? inFlight.track(p) : p);
  return {
    listProjects: (owner: string, signal?: AbortSignal): Promise<Project[]> => t(client.listProjects(owner, { signal })),
    listBuilds: (q): Promise<Build[]> => t(client.listBuilds(q)),
    listBuildTasks: (q): Promise<BuildTask[]> => t(client.listBuildTasks(q)),
    getBuild: (id: number, signal?: AbortSignal): Promise<Build> => t(client.getBuild(id, { signal })),
    monitor: (q) => t(client.monitor(q)),
  };
}

export interface MonitorRig {
  store: TaskStore;
  scheduler: PollScheduler;
  dispose(): void;
}

/**
 * The default settings (package.json): API auto-detected, 30 s polls, 5 min idle refresh, 25 builds per project.
 * `strategy: 'perBuild'` is the scheduler before the monitor and dormant projects (the baseline of #16).
 */
export function startMonitor(baseUrl: string, clock: Clock, scopes: Scope[], inFlight?: InFlight, seed = 1, strategy: Strategy = 'monitor'): MonitorRig {
  const client = new CoprClient({ baseUrl, apiVersion: 'auto', clientVersion: 'bench' });
  const store = new TaskStore();
  const scheduler = new PollScheduler({
    source: trackedSource(client, inFlight),
    store,
    clock,
    settings: () => ({ pollIntervalSec: 30, idleRefreshMinutes: 5, maxBuilds: 25 }),
    logger: nullLogger,
    random: mulberry32(seed),
    strategy,
  });
  // Like the composition root: scopes are set once they are known (an empty set would start a cycle of its own).
  if (scopes.length) scheduler.setScopes(scopes);
  return {
    store,
    scheduler,
    dispose: () => {
      scheduler.dispose();
      store.dispose();
    },
  };
}
