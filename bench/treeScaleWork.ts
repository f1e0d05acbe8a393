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
  /** Store filled from decoded records, then the first level listed and one build's chroots: the headline. */
  medianMs: number;
  fillMedianMs: number;
  listMedianMs: number;
  /** The same listing with the state filter set to failed. */
  listFilteredMedianMs: number;
  /** JSON.parse + the v3 decoders for all 2,500 builds and 100,000 chroots (arrives over many polls in real use). */
  decodeMedianMs: number;
  firstLevelRows: number;
  chrootRows: number;
  /** Heap growth over parse + decode + fill + list, sampled during the work (MB). */
  peakHeapMB: number;
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
    maxBuilds: 25, stateFilter, pollIntervalSec: 30, idleRefreshMinutes: 5, notifications: 'failures', specDiagnostics: false,
  };
  return () => s;
}

function fill(data: Decoded[]): TaskStore {
  const store = new TaskStore();
  const { owner, project } = fixtures.BENCH;
  const scope = { kind: 'project' as const, owner, project };
  store.setScopeState({ scope, key: `project:${owner}/${project}`, status: 'ok', projects: [`${owner}/${project}`], lastOk: 0 });
  store.setProject({ fullName: `${owner}/${project}`, owner, name: project, buildIds: data.map((d) => d.build.id), hasMore: false });
  for (const d of data) {
    store.putBuild(d.build);
    store.putTasks(d.build.id, d.tasks);
  }
  store.flush();
  return store;
}

/** What VS Code asks when the view opens and one build is expanded: the rows, each row's TreeItem, and the chroots. */
async function list(store: TaskStore, stateFilter: TaskState[]): Promise<{ rows: number; chroots: number; keep: unknown[] }> {
  const tree = new BuildTaskTree(store, { loadMore: async (): Promise<void> => undefined, ensureTasks: async (id: number) => store.tasks(id) ?? [] }, settingsWith(stateFilter));
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

  // Memory: one cold pass, sampled as it goes.
  gc();
  const base = heapMB();
  let peak = base;
  const sample = () => void (peak = Math.max(peak, heapMB()));
  const data = decode(wire, sample);
  sample();
  const store = fill(data);
  sample();
  const shown = await list(store, []);
  sample();
  gc();
  const retained = heapMB() - base;

  const fills: number[] = [];
  const lists: number[] = [];
  const filtered: number[] = [];
  const totals: number[] = [];
  const decodes: number[] = [];
  for (let i = 0; i < reps; i++) {
    let t = performance.now();
    decode(wire);
    decodes.push(performance.now() - t);
    t = performance.now();
    const s = fill(data);
    const filled = performance.now();
    await list(s, []);
    const listed = performance.now();
    fills.push(filled - t);
    lists.push(listed - filled);
    totals.push(listed - t);
    t = performance.now();
    await list(s, ['failed']);
    filtered.push(performance.now() - t);
    s.dispose();
  }
  void shown.keep;
  store.dispose();
  return {
    builds: data.length,
    chrootsPerBuild: data[0]?.tasks.length ?? 0,
    reps,
    medianMs: median(totals),
    fillMedianMs: median(fills),
    listMedianMs: median(lists),
    listFilteredMedianMs: median(filtered),
    decodeMedianMs: median(decodes),
    firstLevelRows: shown.rows,
    chrootRows: shown.chroots,
    peakHeapMB: peak - base,
    retainedHeapMB: retained,
  };
}
