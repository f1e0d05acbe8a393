// The extension's monitor as activate() wires it — the real CoprClient, TaskStore and PollScheduler — on a virtual
// clock stepped in lockstep with the simulator, over real HTTP, with every way Copr or the network can fail at hand:
// the simulator's fault kinds, a refused connection (a TCP gate in front of the simulator that can close its port)
// and an unresolvable host. Everything the scheduler reports and everything logged is recorded for the assertions.
import { createServer, Socket, type Server } from 'node:net';
import { CoprClient } from '../../../src/api/client';
import type { Build, BuildTask, Project } from '../../../src/api/types';
import type { Logger } from '../../../src/common/log';
import { PollScheduler, type CycleStats, type FinishedBuild, type Health } from '../../../src/monitor/pollScheduler';
import type { Scope } from '../../../src/monitor/scopes';
import type { CoprSource } from '../../../src/monitor/source';
import { TaskStore, type FailedTask } from '../../../src/monitor/taskStore';
import type { FaultKind, SimulatorHandle } from '../../copr-sim';
import { mulberry32 } from '../../copr-sim/prng';
import { InFlight, settle } from '../../../bench/lockstep';
import { VirtualClock } from '../../support/virtualClock';

/** Credentials put into every base URL the rig uses: they must never show up anywhere. */
export const SECRET_USER = 'reluser';
export const SECRET_PASSWORD = 'hunter2-s3cret';

/** The client's timeout in the rig (real milliseconds; the simulator's latency fault waits longer). */
export const RIG_TIMEOUT_MS = 1000;
export const CLIENT_VERSION = '7.7.7-rel';

/** Every way a request can fail that the suite tries. */
export type FailureMode = Exclude<FaultKind, '503' | 'huge' | 'deep'> | 'refused' | 'unresolvable';

export const FAILURE_MODES: readonly FailureMode[] = [
  'latency', 'html200', 'html502', 'html504', 'json500', '429', 'truncated', 'drop', 'hang', 'stall', 'refused', 'unresolvable',
];

/** What the person is told for each mode: the message must say what happened (the suite's "tells the truth"). */
export const MESSAGE_OF: Readonly<Record<FailureMode, RegExp>> = {
  latency: /did not answer within/,
  hang: /did not answer within/,
  stall: /did not answer within/,
  html200: /web page instead of data/,
  html502: /HTTP 502/,
  html504: /HTTP 504/,
  json500: /HTTP 500.*bug in the Copr code/,
  '429': /HTTP 429.*slow down/,
  truncated: /closed before the response was complete|not valid JSON/,
  drop: /closed before the response was complete|Could not reach/,
  refused: /connection refused/,
  unresolvable: /Could not resolve the host name/,
};

/** A TCP pass-through to the simulator whose port can be closed (connections refused) and opened again. */
export class Gate {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly targetPort: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async open(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = new Socket();
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      upstream.connect(this.targetPort, '127.0.0.1', () => {
        client.pipe(upstream);
        upstream.pipe(client);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Closes the port and every connection: the next connect is refused. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export interface RecordingLogger extends Logger {
  lines: string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  return {
    lines,
    trace: (m) => lines.push(`trace ${m}`),
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

/** Adds credentials to a URL the way a careless setting would. */
export function withCredentials(url: string): string {
  return url.replace('://', `://${SECRET_USER}:${SECRET_PASSWORD}@`);
}

export interface RigOptions {
  scopes: Scope[];
  pollIntervalSec?: number;
  seed?: number;
}

export class Rig {
  readonly clock: VirtualClock;
  readonly inFlight = new InFlight();
  readonly logger = recordingLogger();
  readonly store = new TaskStore();
  readonly scheduler: PollScheduler;
  readonly health: Health[] = [];
  readonly failed: FailedTask[][] = [];
  readonly finished: FinishedBuild[][] = [];
  readonly cycles: CycleStats[] = [];
  /** 'up' = through the gate; 'unresolvable' = a client for a host that does not resolve. */
  network: 'up' | 'unresolvable' = 'up';
  private readonly good: CoprClient;
  private readonly lost: CoprClient;

  private constructor(
    readonly sim: SimulatorHandle,
    readonly gate: Gate,
    private readonly options: RigOptions,
  ) {
    this.clock = new VirtualClock({ start: Math.floor(sim.clock.now()) * 1000, settle: () => settle(this.inFlight) });
    const common = { apiVersion: 'auto' as const, clientVersion: CLIENT_VERSION, timeoutMs: RIG_TIMEOUT_MS, logger: this.logger };
    this.good = new CoprClient({ ...common, baseUrl: withCredentials(gate.url) });
    this.lost = new CoprClient({ ...common, baseUrl: withCredentials('http://copr-sim.invalid') });
    const pollIntervalSec = options.pollIntervalSec ?? 10;
    this.scheduler = new PollScheduler({
      source: this.source(),
      store: this.store,
      clock: this.clock,
      settings: () => ({ pollIntervalSec, idleRefreshMinutes: 5, maxBuilds: 25 }),
      logger: this.logger,
      random: mulberry32(options.seed ?? 1),
    });
    this.scheduler.onDidChangeHealth((h) => this.health.push(h));
    this.scheduler.onChrootsFailed((f) => this.failed.push(f));
    this.scheduler.onBuildsFinished((f) => this.finished.push(f));
    this.scheduler.onDidCompleteCycle((c) => this.cycles.push(c));
  }

  static async create(sim: SimulatorHandle, options: RigOptions): Promise<Rig> {
    const gate = new Gate(Number(new URL(sim.url).port));
    await gate.open();
    return new Rig(sim, gate, options);
  }

  /** The client the scheduler talks through now. */
  get client(): CoprClient {
    return this.network === 'up' ? this.good : this.lost;
  }

  /** Sets the scopes (the first cycle starts) and lets it finish. */
  async start(): Promise<void> {
    this.scheduler.setScopes(this.options.scopes);
    await this.clock.advance(0);
  }

  /**
   * Runs `seconds` of simulated time, a second at a time (the simulator's clock, then the scheduler's), calling
   * `each` after every second.
   */
  async run(seconds: number, each?: (t: number) => void): Promise<void> {
    for (let i = 0; i < seconds; i++) {
      this.sim.clock.advance(1);
      await this.clock.advance(1000);
      each?.(Math.floor(this.sim.clock.now()));
    }
  }

  /** Runs until `cond` holds (checked every simulated second); throws after `maxSeconds`. */
  async runUntil(what: string, cond: () => boolean, maxSeconds: number, each?: (t: number) => void): Promise<number> {
    for (let i = 0; i < maxSeconds; i++) {
      if (cond()) return i;
      await this.run(1, each);
    }
    if (cond()) return maxSeconds;
    throw new Error(`${what} did not happen within ${maxSeconds} simulated seconds`);
  }

  /** Starts the failure: a simulator fault on every API path, the gate closed, or the host gone. */
  async breakWith(mode: FailureMode): Promise<void> {
    if (mode === 'refused') await this.gate.close();
    else if (mode === 'unresolvable') this.network = 'unresolvable';
    else this.sim.faults.add({ path: /^\/api_[23]\//, kind: mode, ms: mode === 'latency' ? RIG_TIMEOUT_MS * 3 : undefined, retryAfter: 30 });
  }

  /** Ends it. */
  async heal(): Promise<void> {
    this.sim.faults.clear();
    this.network = 'up';
    await this.gate.open();
  }

  /** API requests the simulator received (through the gate). */
  apiRequests(): number {
    return this.sim.requests.count((r) => r.path.startsWith('/api_'));
  }

  /** Health changes as their states: e.g. ['backoff', 'ok']. */
  healthStates(): string[] {
    return this.health.map((h) => h.state);
  }

  /** Announced failures as "build/chroot" strings, in order. */
  failedKeys(): string[] {
    return this.failed.flat().map((f) => `${f.build.id}/${f.task.chroot_name}`);
  }

  finishedIds(): number[] {
    return this.finished.flat().map((f) => f.build.id);
  }

  async dispose(): Promise<void> {
    this.scheduler.dispose();
    this.store.dispose();
    await this.gate.close();
  }

  private source(): CoprSource {
    const t = <T>(p: Promise<T>): Promise<T> => this.inFlight.track(p);
    return {
      listProjects: (owner: string, signal?: AbortSignal): Promise<Project[]> => t(this.client.listProjects(owner, { signal })),
      listBuilds: (q): Promise<Build[]> => t(this.client.listBuilds(q)),
      listBuildTasks: (q): Promise<BuildTask[]> => t(this.client.listBuildTasks(q)),
      getBuild: (id: number, signal?: AbortSignal): Promise<Build> => t(this.client.getBuild(id, { signal })),
    };
  }
}
