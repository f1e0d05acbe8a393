// Measures list-page latency over HTTP on the bench world (2,500 builds × 40 chroots = 100,000 tasks).
// Run: npx tsc -p tsconfig.test.json && node out/test/copr-sim/measure.js

import { BENCH, DEFAULT_START_TIME, PROJECTS } from './fixtures';
import { createWorld } from './generate';
import { route } from './router';
import { startSimulator } from './simulator';

async function timeOf(url: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const sim = await startSimulator({ world: 'bench' });
  console.log(`bench world built in ${Date.now() - t0} ms`);
  const projectId = (await (await fetch(`${sim.url}/api_3/project?ownername=${BENCH.owner}&projectname=${BENCH.project}`)).json()) as { id: number };
  const tasks = BENCH.builds * BENCH.chroots;
  const cases: Array<[string, (i: number) => string]> = [
    ['v2 build_tasks page (project_id, offset, limit=100)', (i) => `/api_2/build_tasks?project_id=${projectId.id}&offset=${(i * 7919) % tasks}&limit=100`],
    ['v2 build_tasks page (owner)', (i) => `/api_2/build_tasks?owner=${BENCH.owner}&offset=${(i * 104729) % tasks}&limit=100`],
    ['v2 build_tasks state=failed (scan)', (i) => `/api_2/build_tasks?project_id=${projectId.id}&state=failed&offset=${i % 50}&limit=100`],
    ['v2 builds page', (i) => `/api_2/builds?project_id=${projectId.id}&offset=${(i * 37) % BENCH.builds}&limit=100`],
    ['v3 build/list page (limit=100)', (i) => `/api_3/build/list?ownername=${BENCH.owner}&projectname=${BENCH.project}&offset=${(i * 37) % BENCH.builds}&limit=100`],
    ['v3 build-chroot/list (40 chroots)', (i) => `/api_3/build-chroot/list?build_id=${9_800_100 + (i % BENCH.builds)}`],
    ['v3 build/list, small project', () => `/api_3/build/list?ownername=${PROJECTS.tools.owner}&projectname=${PROJECTS.tools.name}&limit=10`],
  ];
  // In-process: the handler alone (routing, index lookup, serialisation), without HTTP and the machine's load.
  const world = createWorld('bench', 1, DEFAULT_START_TIME, () => DEFAULT_START_TIME);
  const ctx = { world, base: 'http://127.0.0.1:1', api: 'both' as const, gzipMode: 'file' as const };
  for (const [name, path] of cases) {
    const times: number[] = [];
    for (let i = 0; i < 220; i++) {
      const url = new URL(path(i), ctx.base);
      const t = process.hrtime.bigint();
      const res = route(ctx, { method: 'GET', path: url.pathname, query: url.searchParams, headers: {}, now: DEFAULT_START_TIME, body: '' });
      if (i >= 20) times.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (res.status !== 200) throw new Error(`${name}: ${res.status}`);
    }
    console.log(`in-process  ${name.padEnd(52)} median ${median(times).toFixed(3)} ms`);
  }
  const baseline: number[] = [];
  for (let i = 0; i < 200; i++) baseline.push(await timeOf(`${sim.url}/api_3/`));
  console.log(`over HTTP   ${'GET /api_3/ (baseline: HTTP only)'.padEnd(52)} median ${median(baseline).toFixed(2)} ms`);
  for (const [name, path] of cases) {
    for (let i = 0; i < 20; i++) await timeOf(sim.url + path(i)); // warm-up
    const times: number[] = [];
    for (let i = 0; i < 200; i++) times.push(await timeOf(sim.url + path(i)));
    console.log(`over HTTP   ${name.padEnd(52)} median ${median(times).toFixed(2)} ms   p95 ${[...times].sort((a, b) => a - b)[189]?.toFixed(2)} ms`);
  }
  await sim.close();
}

void main();
