// Benchmark 2, tree scale: the real tree code (src/tree, over a plain-data `vscode` stub) on a store holding
// 2,500 builds × 40 chroots (the simulator's bench/big project, decoded with the real v3 decoders): fill the store,
// list the first level (every build row with its TreeItem) and one build's chroots. Runs in its own process with
// --expose-gc so the heap figures are this work's alone.
import { decodeV3Build, decodeV3BuildChroot } from '../src/api/decode';
import type { Build, BuildTask, TaskState } from '../src/api/types';
import type { CoprSettings } from '../src/config/settings';
import { TaskStore } from '../src/monitor/taskStore';
import { BuildTaskTree } from '../src/tree/buildTaskTree';
import type { TreeNode } from '../src/tree/treeNode';
import { fixtures, startSimulator } from '../test/copr-sim';

export interface TreeScaleResult {
  builds: number;
  chrootsPerBuild: number;
  reps: number;
  /** Store filled from decoded records, then the first level listed and one build's chroots: the headline (wall). */
  medianMs: number;
  /** The same, in CPU time of the process (less sensitive to other load on the machine; includes GC threads). */
  cpuMedianMs: number;
  fillMedianMs: number;
  listMedianMs: number;
  /** The same listing with the state filter set to failed. */
  listFilteredMedianMs: number;
  /** The listing with the default page (maxBuilds 25 of the 2,500, "Load more" not clicked). */
  listDefaultPageMedianMs: number;
  /** JSON.parse + the v3 decoders for all 2,500 builds and 100,000 chroots (arrives over many polls in real use). */
  decodeMedianMs: number;
  firstLevelRows: number;
  chrootRows: number;
  /** Heap growth from before decoding to the highest sample while the store fills and the tree lists (MB). */
  peakHeapMB: number;
  /** Heap growth while decoding all 2,500 builds at once, JSON garbage included (MB). */
  decodePeakHeapMB: number;
  /** Heap the store and tree still hold after a full GC (MB). */
  retainedHeapMB: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const heapMB = () => process.memoryUsage().heapUsed / (1024 * 1024);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

interface Wire {
  build: string;
  chroots: string;
}
interface Decoded {
  build: Build;
  tasks: BuildTask[];
}

function decode(wire: Wire[], sample?: () => void): Decoded[] {
  const out: Decoded[] = [];
  for (let i = 0; i < wire.length; i++) {
    const w = wire[i];
    const build = decodeV3Build(JSON.parse(w.build), '', {});
    const items = (JSON.parse(w.chroots) as { items: unknown[] }).items;
    out.push({ build, tasks: items.map((c, k) => decodeV3BuildChroot(c, `items[${k}]`, {}, build.id)) });
    if (sample && i % 100 === 0) sample();
  }
  return out;
}

function settingsWith(stateFilter: TaskState[]): () => CoprSettings {
  const s: CoprSettings = {
    url: 'http://127.0.0.1', apiVersion: 'v3', owner: undefined, projects: [`${fixtures.BENCH.owner}/${fixtures.BENCH.project}`],
    maxBuilds: 25, stateFilter, pollIntervalSec: 30, idleRefreshMinutes: 5, notifications: 'failures', specDiagnostics: false, workspaceDiscovery: false,
  };
  return () => s;
}

/** `shown`: how many of the builds the project's listing holds (all, or one default page before "Load more"). */
function fill(data: Decoded[], shown = data.length): TaskStore {
  const store = new TaskStore();
  const { owner, project } = fixtures.BENCH;
  const scope = { kind: 'project' as const, owner, project };
  store.setScopeState({ scope, key: `project:${owner}/${project}`, status: 'ok', projects: [`${owner}/${project}`], lastOk: 0 });
  store.setProject({ fullName: `${owner}/${project}`, owner, name: project, buildIds: data.slice(0, shown).map((d) => d.build.id), hasMore: shown < data.length });
  for (const d of data) {
    store.putBuild(d.build);
    store.putTasks(d.build.id, d.tasks);
  }
  store.flush();
  return store;
}

/** What VS Code asks when the view opens and one build is expanded: the rows, each row's TreeItem, and the chroots. */
async function list(store: TaskStore, stateFilter: TaskState[]): Promise<{ rows: number; chroots: number; keep: unknown[] }> {
  const scheduler = { loadMore: async (): Promise<void> => undefined, ensureTasks: async (id: number) => store.tasks(id) ?? [] };
  const tree = new BuildTaskTree(store, scheduler, settingsWith(stateFilter), { health: { state: 'ok' }, onDidChangeHealth: () => ({ dispose: () => undefined }) });
  const roots = (await tree.getChildren()) as TreeNode[];
  const items = roots.map((n) => tree.getTreeItem(n));
  const expanded = roots[0];
  const chroots = expanded ? ((await tree.getChildren(expanded)) as TreeNode[]) : [];
  const chrootItems = chroots.map((n) => tree.getTreeItem(n));
  tree.dispose();
  return { rows: roots.length, chroots: chroots.length, keep: [items, chrootItems] };
}

export async function treeScale(reps: number): Promise<TreeScaleResult> {
  const sim = await startSimulator({ world: 'bench', seed: 1, clock: 'manual' });
  let wire: Wire[];
  try {
    const ids = sim.world.buildIds().filter((id) => (sim.world.getBuild(id) as { projectname?: string }).projectname === fixtures.BENCH.project).reverse();
    wire = ids.map((id) => ({ build: JSON.stringify(sim.world.getBuild(id)), chroots: JSON.stringify({ items: sim.world.getChroots(id) }) }));
  } finally {
    await sim.close();
  }

  // Memory: one cold pass. The JSON garbage of decoding everything at once is collected before the model is built
  // (in use it arrives over many polls), then the heap is sampled while the store fills and the tree lists.
  gc();
  const base = heapMB();
  let decodePeak = base;
  const data = decode(wire, () => void (decodePeak = Math.max(decodePeak, heapMB())));
  gc();
  let peak = heapMB();
  const sample = () => void (peak = Math.max(peak, heapMB()));
  const store = fill(data);
  sample();
  const shown = await list(store, []);
  sample();
  gc();
  const retained = heapMB() - base;

  // Time: each repetition starts from a collected heap, so one repetition's garbage does not bill the next.
  const fills: number[] = [];
  const lists: number[] = [];
  const filtered: number[] = [];
  const pageLists: number[] = [];
  const totals: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    gc();
    const c0 = process.cpuUsage();
    let t = performance.now();
    const s = fill(data);
    const filled = performance.now();
    await list(s, []);
    const listed = performance.now();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    fills.push(filled - t);
    lists.push(listed - filled);
    totals.push(listed - t);
    gc();
    t = performance.now();
    await list(s, ['failed']);
    filtered.push(performance.now() - t);
    s.dispose();
    const page = fill(data, 25);
    gc();
    t = performance.now();
    await list(page, []);
    pageLists.push(performance.now() - t);
    page.dispose();
  }
  const decodes: number[] = [];
  for (let i = 0; i < (reps >= 10 ? 3 : 1); i++) {
    gc();
    const t = performance.now();
    decode(wire);
    decodes.push(performance.now() - t);
  }
  void shown.keep;
  store.dispose();
  return {
    builds: data.length,
    chrootsPerBuild: data[0]?.tasks.length ?? 0,
    reps,
    medianMs: median(totals),
    cpuMedianMs: median(cpu),
    fillMedianMs: median(fills),
    listMedianMs: median(lists),
    listFilteredMedianMs: median(filtered),
    listDefaultPageMedianMs: median(pageLists),
    decodeMedianMs: median(decodes),
    firstLevelRows: shown.rows,
    chrootRows: shown.chroots,
    peakHeapMB: peak - base,
    decodePeakHeapMB: decodePeak - base,
    retainedHeapMB: retained,
  };
}
