// The comparison clients of the load benchmark, each a setTimeout chain on the bench clock with plain fetch:
// (b) a naive poller that refreshes the whole visible tree every 30 s, (c) copr-cli's watch-build loop, and the
// lower bound, which fetches exactly what the monitoring issue requires and nothing more.
import type { TimerHandle } from '../src/common/clock';
import type { Lockstep } from './lockstep';
import { isActiveState, isFinalState } from '../src/api/states';
import type { TaskState } from '../src/api/types';
import { OWNER, PROJECT } from './loadScenario';

/** Called once per (build, chroot) the client has seen failed, at the simulated second it saw it. */
export type FailureSink = (buildId: number, chroot: string, simSeconds: number) => void;

export interface BenchClient {
  start(): void;
  setFocused(focused: boolean): void;
  /** copr-cli watches each build it submitted; the others ignore this. */
  buildSubmitted(id: number): void;
  dispose(): void;
}

interface Item {
  id: number;
  state: TaskState;
  chroots: string[];
}
interface ChrootItem {
  name: string;
  state: TaskState;
}

const PAGE = 25;
const INTERVAL_MS = 30_000;

async function getJson<T>(ls: Lockstep, path: string): Promise<T> {
  const res = await ls.inFlight.track(fetch(`${ls.sim.url}${path}`, { headers: { 'User-Agent': 'copr-bench' } }));
  return (await ls.inFlight.track(res.json())) as T;
}

const listPath = `/api_3/build/list?ownername=${OWNER}&projectname=${PROJECT}&offset=0&limit=${PAGE}`;
const chrootsPath = (id: number) => `/api_3/build-chroot/list?build_id=${id}&offset=0&limit=100`;
const simNow = (ls: Lockstep) => Math.floor(ls.sim.clock.now());

function reportFailed(ls: Lockstep, id: number, chroots: ChrootItem[], sink: FailureSink): void {
  for (const c of chroots) if (c.state === 'failed') sink(id, c.name, simNow(ls));
}

/** (b): every 30 s, the newest-builds page and the chroot list of each of its 25 builds, focused or not. */
export class NaivePoller implements BenchClient {
  private timer: TimerHandle | undefined;
  constructor(private readonly ls: Lockstep, private readonly sink: FailureSink) {}

  start(): void {
    void this.cycle();
  }
  setFocused(): void {}
  buildSubmitted(): void {}

  private async cycle(): Promise<void> {
    const page = await getJson<{ items: Item[] }>(this.ls, listPath);
    await Promise.all(page.items.map(async (b) => reportFailed(this.ls, b.id, (await getJson<{ items: ChrootItem[] }>(this.ls, chrootsPath(b.id))).items, this.sink)));
    this.timer = this.ls.clock.setTimeout(() => void this.cycle(), INTERVAL_MS);
  }

  dispose(): void {
    this.timer?.cancel();
  }
}

/** (c): `copr-cli watch-build` per submitted build: GET /api_3/build/<id> every 30 s until the build is final. */
export class CoprCliWatch implements BenchClient {
  private readonly timers = new Set<TimerHandle>();
  constructor(
    private readonly ls: Lockstep,
    private readonly sink: FailureSink,
    private readonly chrootsOf: (id: number) => string[],
  ) {}

  start(): void {}
  setFocused(): void {}

  buildSubmitted(id: number): void {
    void this.poll(id);
  }

  private async poll(id: number): Promise<void> {
    const b = await getJson<Item>(this.ls, `/api_3/build/${id}`);
    // It sees the build's state only: a failed chroot shows once the whole build has ended as failed.
    if (b.state === 'failed') for (const c of this.chrootsOf(id)) this.sink(id, c, simNow(this.ls));
    if (isFinalState(b.state)) return;
    const t = this.ls.clock.setTimeout(() => {
      this.timers.delete(t);
      void this.poll(id);
    }, INTERVAL_MS);
    this.timers.add(t);
  }

  dispose(): void {
    for (const t of this.timers) t.cancel();
  }
}

/**
 * The lower bound: per cycle one newest-builds page for the one scope plus one chroot list per build active since the
 * last cycle (a build that ended in between is read once more: only its chroot list says which chroot failed) that
 * has chroots yet;
 * cycles every 30 s focused, every 120 s unfocused, none once unfocused for 30 minutes.
 */
export class LowerBoundPoller implements BenchClient {
  private timer: TimerHandle | undefined;
  private unfocusedSince: number | undefined;
  private wasActive = new Set<number>();
  constructor(private readonly ls: Lockstep, private readonly sink: FailureSink) {}

  start(): void {
    void this.cycle();
  }
  buildSubmitted(): void {}

  setFocused(focused: boolean): void {
    const was = this.unfocusedSince === undefined;
    this.unfocusedSince = focused ? undefined : (this.unfocusedSince ?? this.ls.clock.now());
    if (focused && !was) {
      this.timer?.cancel();
      void this.cycle();
    }
  }

  private async cycle(): Promise<void> {
    this.timer = undefined;
    const page = await getJson<{ items: Item[] }>(this.ls, listPath);
    // A build still importing lists no chroots yet (the page says so): there is nothing to ask about it.
    const active = page.items.filter((b) => (isActiveState(b.state) || this.wasActive.has(b.id)) && b.chroots.length > 0);
    this.wasActive = new Set(page.items.filter((b) => isActiveState(b.state)).map((b) => b.id));
    await Promise.all(active.map(async (b) => reportFailed(this.ls, b.id, (await getJson<{ items: ChrootItem[] }>(this.ls, chrootsPath(b.id))).items, this.sink)));
    const unfocusedFor = this.unfocusedSince === undefined ? 0 : this.ls.clock.now() - this.unfocusedSince;
    const delay = this.unfocusedSince === undefined ? INTERVAL_MS : 4 * INTERVAL_MS;
    if (unfocusedFor + delay > 30 * 60_000) return;
    this.timer = this.ls.clock.setTimeout(() => void this.cycle(), delay);
  }

  dispose(): void {
    this.timer?.cancel();
  }
}
