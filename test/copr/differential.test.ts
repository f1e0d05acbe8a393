// The simulator held to the real copr-frontend: the same requests to both, over a simulated world built to match
// real-copr/seed.py, compared on what a client relies on — status codes, content types, JSON key sets and value
// types per object, state names, error texts, ordering, paging fields, trailing-slash behaviour and
// /backend/get-build-task. API v2 against 1.190 (the simulator in 'v2' mode), API v3 and /backend against main.
// A difference is fixed in the simulator or listed below (and in test/copr-sim/README.md) with its reason.

import * as assert from 'node:assert/strict';
import { startSimulator, type SimulatorHandle, type TaskState } from '../copr-sim';
import { HELLO_CHROOTS, HELLO_STATES, HELLO_VERSIONS, helloBuildIds, realServer, type HelloBuild, type RealServer } from './realCopr';

type Ids = Record<string, number>;

/** seed.py's world in the simulator; returns the same names for ids as realIds does for the real server. */
function seedSimulator(sim: SimulatorHandle): Ids {
  const w = sim.world;
  w.addProject('alice', 'hello', HELLO_CHROOTS);
  w.addProject('alice', 'many', ['fedora-39-x86_64']);
  w.addProject('@packagers', 'tools', ['epel-9-x86_64', 'fedora-40-x86_64']);
  w.addProject('bob', 'private', ['fedora-40-x86_64']);
  const ids: Ids = {};
  for (let i = 0; i < 120; i++) w.addBuild({ owner: 'alice', project: 'many', package: 'many', version: `0.${i}-1`, submitter: 'alice' });
  ids.T = w.addBuild({ owner: '@packagers', project: 'tools', package: 'tools', version: '2.0-1', submitter: 'alice', outcome: { 'epel-9-x86_64': 'failed' } });
  ids.P = w.addBuild({ owner: 'bob', project: 'private', package: 'secret', version: '1.0-1', submitter: 'bob' });
  const hello = (letter: HelloBuild, extra: { dirname?: string; chrootsWhileImporting?: boolean } = {}) => {
    ids[letter] = w.addBuild({ owner: 'alice', project: 'hello', package: 'hello', version: HELLO_VERSIONS[letter], submitter: 'alice', ...extra });
  };
  for (const l of ['F', 'E', 'B', 'A'] as const) hello(l);
  hello('G', { dirname: 'hello:pr:42' });
  hello('C');
  sim.clock.advance(1000);
  for (const l of ['F', 'E', 'B', 'A', 'G', 'C'] as const) {
    HELLO_CHROOTS.forEach((c, i) => w.setChrootState(ids[l] as number, c, HELLO_STATES[l].chroots[i] as TaskState));
  }
  w.cancelBuild(ids.E as number);
  hello('D', { chrootsWhileImporting: true });
  return ids;
}

async function projectIds(base: string): Promise<Ids> {
  const out: Ids = {};
  for (const [key, owner, name] of [['hello', 'owner=alice', 'hello'], ['many', 'owner=alice', 'many'], ['tools', 'group=packagers', 'tools']]) {
    const r = (await (await fetch(`${base}/api_2/projects?${owner}&name=${name}`)).json()) as { projects: Array<{ project: { id: number } }> };
    out[key as string] = r.projects[0]?.project.id ?? -1;
  }
  return out;
}

async function realIds(server: RealServer): Promise<Ids> {
  const ids: Ids = { ...(await helloBuildIds(server)) };
  ids.T = 121;
  ids.P = 122;
  return ids;
}

// ------------------------------------------------------------------------------------------------ comparison

/** Keys whose values differ by nature between two servers (times, hosts, ports, hashes, prose): types only. */
const TYPE_ONLY = new Set([
  'submitted_on', 'started_on', 'ended_on', 'result_url', 'result_dir_url', 'repo_url', 'url', 'git_hash', 'git_repo',
  'description', 'instructions', 'homepage', 'contact', 'baseurl', 'sandbox', 'source_type', 'build_enable_net', 'enable_net',
  'id', 'build_id', 'project_id', 'task_id', 'timeout', 'memory_reqs', 'appstream', 'href',
]);

/**
 * Deliberate differences: the seed's shortcuts (it writes rows the backend never would) and what the simulator models
 * on purpose. Each: where (request name and JSON path patterns) and why. Listed in test/copr-sim/README.md too.
 */
const DELIBERATE: Array<{ where: RegExp; why: string }> = [
  { where: /(result_url|result_dir_url): type (null|string) vs/, why: 'seed.py gives every chroot a result_dir; copr sets it when the backend takes the job (null while waiting/pending/skipped/canceled)' },
  { where: /(started_on|ended_on): type (null|number) vs/, why: "seed.py leaves skipped chroots without times and gives canceled ones an end; copr's finish() stamps skipped chroots, a backend-canceled chroot keeps ended_on null" },
  { where: /source_metadata(\.|:)/, why: 'seed.py builds have no source (source_type unset, {}); simulated builds are SCM builds' },
  { where: /(^|\.)chroot_repos\.[^:]+: "http/, why: 'repository URLs name each server\'s own backend host and port' },
];

interface Answer {
  status: number;
  type: string;
  body: unknown;
  location: string | null;
}

async function ask(base: string, path: string): Promise<Answer> {
  const res = await fetch(base + path, { redirect: 'manual', headers: { Accept: 'application/json' } });
  const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  const text = await res.text();
  let body: unknown = text.length > 0 && type === 'application/json' ? JSON.parse(text) : type === 'text/html' ? '<html>' : text;
  if (type !== 'application/json' && type !== 'text/html') body = `<${type}>`;
  const location = res.headers.get('location');
  return { status: res.status, type, body, location: location ? new URL(location, base).pathname : null };
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** The paging/ordering fields of a self link: path + sorted query. */
function linkKey(href: string): string {
  const u = new URL(href, 'http://x');
  return `${u.pathname}?${[...u.searchParams].map(([k, v]) => `${k}=${v}`).sort().join('&')}`;
}

/** Every difference between the two JSON values, as "path: what" lines. ids are compared after mapping. */
interface Names {
  builds: Map<number, string>;
  projects: Map<number, string>;
}

/** Ids as names: project ids in project places (`/projects/N`, `project_id`, `project.id`), build ids elsewhere. */
function nameHref(href: string, n: Names): string {
  return linkKey(href).replace(/(projects\/|project_id=)?(?<=[/=])(\d+)(?=$|[/&?])/g, (_m, proj: string | undefined, d: string) =>
    `${proj ?? ''}${(proj ? n.projects : n.builds).get(Number(d)) ?? '#'}`,
  );
}

function compare(path: string, sim: unknown, real: unknown, simIds: Names, realIds: Names, out: string[]): void {
  const key = path.split(/[.[]/).pop()?.replace(/\]$/, '') ?? '';
  if (kind(sim) !== kind(real)) {
    out.push(`${path}: type ${kind(sim)} vs ${kind(real)}`);
    return;
  }
  if (Array.isArray(sim) && Array.isArray(real)) {
    if (sim.length !== real.length) out.push(`${path}: ${sim.length} items vs ${real.length}`);
    for (let i = 0; i < Math.min(sim.length, real.length); i++) compare(`${path}[${i}]`, sim[i], real[i], simIds, realIds, out);
    return;
  }
  if (kind(sim) === 'object') {
    const s = sim as Record<string, unknown>;
    const r = real as Record<string, unknown>;
    const sk = Object.keys(s).sort();
    const rk = Object.keys(r).sort();
    const onlySim = sk.filter((k) => !(k in r));
    const onlyReal = rk.filter((k) => !(k in s));
    if (onlySim.length || onlyReal.length) out.push(`${path}: keys only in sim [${onlySim.join(', ')}], only in real [${onlyReal.join(', ')}]`);
    for (const k of sk) if (k in r) compare(path ? `${path}.${k}` : k, s[k], r[k], simIds, realIds, out);
    return;
  }
  if (key === 'href' && typeof sim === 'string' && typeof real === 'string') {
    // Ids in paths and query values become names (unnamed ones '#'): the worlds number their records differently.
    if (path.endsWith('self.href') && nameHref(sim, simIds) !== nameHref(real, realIds)) out.push(`${path}: "${sim}" vs "${real}"`);
    return;
  }
  if (key === 'id' || key === 'build_id' || key === 'project_id') {
    const map = (n: Names) => (key === 'project_id' || /(^|\.)project\.id$/.test(path) ? n.projects : n.builds);
    const a = map(simIds).get(sim as number) ?? '?';
    const b = map(realIds).get(real as number) ?? '?';
    if (a !== b && a !== '?' && b !== '?') out.push(`${path}: build ${a} vs ${b}`);
    return;
  }
  if (TYPE_ONLY.has(key)) return;
  // Messages name ids: compare them with the ids written as names.
  const text = (v: unknown, ids: Names) => String(v).replace(/\d{3,}/g, (d) => ids.builds.get(Number(d)) ?? d);
  if (text(sim, simIds) !== text(real, realIds)) out.push(`${path}: ${JSON.stringify(sim)} vs ${JSON.stringify(real)}`);
}

interface Probe {
  name: string;
  path: (ids: Ids) => string;
}

const V3_PROBES: Probe[] = [
  { name: 'v3 root', path: () => '/api_3/' },
  { name: 'v3 root without slash', path: () => '/api_3' },
  { name: 'v3 build list', path: () => '/api_3/build/list?ownername=alice&projectname=hello' },
  { name: 'v3 build list paged', path: () => '/api_3/build/list/?ownername=alice&projectname=hello&offset=2&limit=3' },
  { name: 'v3 build list past 100', path: () => '/api_3/build/list?ownername=alice&projectname=many&offset=100&limit=100' },
  { name: 'v3 build list order DESC', path: () => '/api_3/build/list?ownername=alice&projectname=hello&order=id&order_type=DESC&limit=3' },
  { name: 'v3 build list of a group', path: () => '/api_3/build/list?ownername=@packagers&projectname=tools' },
  { name: 'v3 build list bad limit', path: () => '/api_3/build/list?ownername=alice&projectname=hello&limit=x' },
  { name: 'v3 build list missing project', path: () => '/api_3/build/list?ownername=alice&projectname=nope' },
  { name: 'v3 build list missing group', path: () => '/api_3/build/list?ownername=@nogroup&projectname=nope' },
  ...(['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const).map((l) => ({ name: `v3 build ${l}`, path: (ids: Ids) => `/api_3/build/${ids[l]}` })),
  { name: 'v3 build with slash', path: (ids) => `/api_3/build/${ids.A}/` },
  { name: 'v3 build missing', path: () => '/api_3/build/999999' },
  ...(['A', 'C', 'D', 'E', 'F', 'G'] as const).map((l) => ({ name: `v3 build-chroot list ${l}`, path: (ids: Ids) => `/api_3/build-chroot/list?build_id=${ids[l]}` })),
  { name: 'v3 build-chroot list DESC', path: (ids) => `/api_3/build-chroot/list?build_id=${ids.A}&order_type=DESC` },
  { name: 'v3 build-chroot list missing build', path: () => '/api_3/build-chroot/list?build_id=999999' },
  { name: 'v3 build-chroot', path: (ids) => `/api_3/build-chroot?build_id=${ids.A}&chrootname=fedora-40-aarch64` },
  { name: 'v3 build-chroot not in build', path: (ids) => `/api_3/build-chroot?build_id=${ids.A}&chrootname=epel-9-x86_64` },
  { name: 'v3 build-chroot unknown chroot', path: (ids) => `/api_3/build-chroot?build_id=${ids.A}&chrootname=fedora-99-x86_64` },
  { name: 'v3 build-chroot missing build', path: () => '/api_3/build-chroot?build_id=999999&chrootname=fedora-40-x86_64' },
  { name: 'v3 project list', path: () => '/api_3/project/list?ownername=alice' },
  { name: 'v3 project list of a group', path: () => '/api_3/project/list?ownername=@packagers' },
  { name: 'v3 project list of nobody', path: () => '/api_3/project/list?ownername=nobody' },
  { name: 'v3 project', path: () => '/api_3/project?ownername=alice&projectname=hello' },
  { name: 'v3 project missing', path: () => '/api_3/project?ownername=alice&projectname=nope' },
  { name: 'v3 unknown endpoint', path: () => '/api_3/nope' },
  { name: 'backend task', path: (ids) => `/backend/get-build-task/${ids.A}-fedora-40-x86_64` },
  { name: 'backend task with slash', path: (ids) => `/backend/get-build-task/${ids.G}-fedora-40-aarch64/` },
  { name: 'backend task missing', path: () => '/backend/get-build-task/999999-fedora-40-x86_64' },
  { name: 'backend task not in build', path: (ids) => `/backend/get-build-task/${ids.A}-epel-9-x86_64` },
  { name: 'backend task bad chroot', path: (ids) => `/backend/get-build-task/${ids.A}-x` },
  { name: 'backend task bad id', path: () => '/backend/get-build-task/abc' },
];

const V2_PROBES: Probe[] = [
  { name: 'v2 root', path: () => '/api_2/' },
  { name: 'v2 root without slash', path: () => '/api_2' },
  { name: 'v2 projects of alice', path: () => '/api_2/projects?owner=alice&name=hello' },
  { name: 'v2 projects of a group', path: () => '/api_2/projects?group=packagers' },
  { name: 'v2 project', path: (ids) => `/api_2/projects/${ids.hello}` },
  { name: 'v2 project with chroots', path: (ids) => `/api_2/projects/${ids.tools}?show_chroots=true` },
  { name: 'v2 project chroots', path: (ids) => `/api_2/projects/${ids.hello}/chroots` },
  { name: 'v2 project missing', path: () => '/api_2/projects/999' },
  { name: 'v2 builds of a project', path: (ids) => `/api_2/builds?project_id=${ids.hello}` },
  { name: 'v2 builds paged', path: (ids) => `/api_2/builds?project_id=${ids.many}&offset=100&limit=100` },
  { name: 'v2 builds with slash', path: (ids) => `/api_2/builds/?project_id=${ids.hello}` },
  ...(['A', 'D', 'E'] as const).map((l) => ({ name: `v2 build ${l}`, path: (ids: Ids) => `/api_2/builds/${ids[l]}?show_build_tasks=true` })),
  { name: 'v2 build missing', path: () => '/api_2/builds/999999' },
  { name: 'v2 tasks of a build', path: (ids) => `/api_2/build_tasks?build_id=${ids.A}` },
  { name: 'v2 tasks of a missing build', path: () => '/api_2/build_tasks?build_id=999999' },
  { name: 'v2 tasks of a project (order)', path: (ids) => `/api_2/build_tasks?project_id=${ids.hello}&limit=5&offset=2` },
  { name: 'v2 tasks by state', path: (ids) => `/api_2/build_tasks?project_id=${ids.hello}&state=running` },
  { name: 'v2 tasks of a group', path: () => '/api_2/build_tasks?group=packagers' },
  { name: 'v2 tasks bad state', path: (ids) => `/api_2/build_tasks?project_id=${ids.hello}&state=nope` },
  { name: 'v2 task', path: (ids) => `/api_2/build_tasks/${ids.G}/fedora-40-aarch64` },
  { name: 'v2 task not in build', path: (ids) => `/api_2/build_tasks/${ids.A}/epel-9-x86_64` },
  { name: 'v2 task unknown chroot (500)', path: (ids) => `/api_2/build_tasks/${ids.A}/fedora-99-x86_64` },
  { name: 'v2 task missing build', path: () => '/api_2/build_tasks/999999/fedora-40-x86_64' },
  { name: 'backend task (1.190)', path: (ids) => `/backend/get-build-task/${ids.A}-fedora-40-x86_64` },
  { name: 'backend task missing (1.190)', path: () => '/backend/get-build-task/999999-fedora-40-x86_64' },
  { name: 'backend task bad id (1.190)', path: () => '/backend/get-build-task/abc' },
];

const PROJECTS = ['hello', 'many', 'tools'];

/** The ids of a world by name (builds A…G, T, P; projects), so ids are compared as names. */
function names(ids: Ids): Names {
  const n: Names = { builds: new Map(), projects: new Map() };
  for (const [k, v] of Object.entries(ids)) (PROJECTS.includes(k) ? n.projects : n.builds).set(v, k);
  return n;
}

for (const side of [
  { version: 'head' as const, api: 'v3' as const, probes: V3_PROBES },
  { version: 'v190' as const, api: 'v2' as const, probes: V2_PROBES },
]) {
  describe(`simulator vs real Copr ${side.version} (${side.api})`, function () {
    this.timeout(60_000);
    let sim: SimulatorHandle;
    let real: RealServer;
    let simIds: Ids;
    let realIdsOf: Ids;
    let simNames: Names;
    let realNames: Names;
    const found: Array<{ probe: string; diff: string; why?: string }> = [];

    before(async () => {
      real = realServer(side.version);
      sim = await startSimulator({ world: 'empty', api: side.api });
      simIds = seedSimulator(sim);
      realIdsOf = await realIds(real);
      if (side.api === 'v2') {
        Object.assign(simIds, await projectIds(sim.url));
        Object.assign(realIdsOf, await projectIds(real.url));
      }
      simNames = names(simIds);
      realNames = names(realIdsOf);
    });
    after(async () => {
      await sim?.close();
      const deliberate = found.filter((f) => f.why);
      console.log(`    differential ${side.version}: ${side.probes.length} requests, ${found.length - deliberate.length} differences, ${deliberate.length} deliberate`);
      for (const f of found) console.log(`      ${f.why ? 'deliberate' : 'DIFFERENT '} ${f.probe} — ${f.diff}${f.why ? ` (${f.why})` : ''}`);
    });

    for (const probe of side.probes) {
      it(`${probe.name}`, async () => {
        const s = await ask(sim.url, probe.path(simIds));
        const r = await ask(real.url, probe.path(realIdsOf));
        const diffs: string[] = [];
        if (s.status !== r.status) diffs.push(`status ${s.status} vs ${r.status}`);
        if (s.type !== r.type) diffs.push(`content type ${s.type} vs ${r.type}`);
        if (s.location !== r.location) diffs.push(`redirect ${s.location} vs ${r.location}`);
        if (s.type === r.type) compare('', s.body, r.body, simNames, realNames, diffs);
        const open: string[] = [];
        // The same difference in every item of a list counts once.
        for (const d of [...new Set(diffs.map((x) => x.replace(/\[\d+\]/g, '[]')))]) {
          const why = DELIBERATE.find((x) => x.where.test(`${probe.name} ${d}`) || x.where.test(d))?.why;
          found.push({ probe: probe.name, diff: d, why });
          if (!why) open.push(d);
        }
        assert.deepEqual(open, [], `${probe.name}: ${probe.path(simIds)} vs ${probe.path(realIdsOf)}`);
      });
    }
  });
}
