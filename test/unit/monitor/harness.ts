// Builds a scheduler on virtual time over a scripted Copr, and records everything it reports.
import { CoprError } from '../../../src/api/errors';
import type { Logger } from '../../../src/common/log';
import { PollScheduler, type CycleStats, type FinishedBuild, type Health, type MonitorSettings, type Strategy } from '../../../src/monitor/pollScheduler';
import type { Scope } from '../../../src/monitor/scopes';
import { TaskStore, type FailedTask } from '../../../src/monitor/taskStore';
import { VirtualClock } from '../../support/virtualClock';
import { ScriptedCopr } from './scriptedSource';

export const SEC = 1000;
export const MIN = 60 * SEC;

export interface Harness {
  clock: VirtualClock;
  source: ScriptedCopr;
  store: TaskStore;
  scheduler: PollScheduler;
  settings: MonitorSettings;
  failed: FailedTask[][];
  finished: FinishedBuild[][];
  health: Health[];
  cycles: CycleStats[];
  logs: string[];
  /** Sets the scopes and lets the first cycle finish. */
  start(scopes: Scope[]): Promise<void>;
  dispose(): void;
}

export function makeHarness(
  opts: { settings?: Partial<MonitorSettings>; random?: () => number; source?: ScriptedCopr; strategy?: Strategy } = {},
): Harness {
  const clock = new VirtualClock();
  const source = opts.source ?? new ScriptedCopr();
  const store = new TaskStore();
  const settings: MonitorSettings = { pollIntervalSec: 30, idleRefreshMinutes: 5, maxBuilds: 10, ...opts.settings };
  const logs: string[] = [];
  const logger: Logger = {
    trace: () => undefined,
    debug: (m) => logs.push(`debug ${m}`),
    info: (m) => logs.push(`info ${m}`),
    warn: (m) => logs.push(`warn ${m}`),
    error: (m) => logs.push(`error ${m}`),
  };
  const scheduler = new PollScheduler({ source, store, clock, settings: () => settings, logger, random: opts.random ?? (() => 0.5), strategy: opts.strategy });
  const h: Harness = {
    clock,
    source,
    store,
    scheduler,
    settings,
    failed: [],
    finished: [],
    health: [],
    cycles: [],
    logs,
    async start(scopes) {
      scheduler.setScopes(scopes);
      await clock.advance(0);
    },
    dispose() {
      scheduler.dispose();
      store.dispose();
    },
  };
  scheduler.onChrootsFailed((f) => h.failed.push(f));
  scheduler.onBuildsFinished((f) => h.finished.push(f));
  scheduler.onDidChangeHealth((x) => h.health.push(x));
  scheduler.onDidCompleteCycle((c) => h.cycles.push(c));
  return h;
}

export const project = (owner: string, name: string): Scope => ({ kind: 'project', owner, project: name });

export const networkDown = () => new CoprError('network', 'Cannot reach copr.example.org.');
