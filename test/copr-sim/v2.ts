// API v2 (/api_2), as the frontend served it until 2022 (copr-api.md §1): HATEOAS links, {"message","data"} errors.

import { type BuildIndex } from './build-index';
import { buildAt, chrootAt, chrootStateAt, isFinal, type BuildRec, type ProjectRec } from './model';
import { html, htmlNotFound, json, parseIntStrict, type SimRequest, type SimResponse, trimSlash } from './http';
import { v2TaskItem, v2BuildTask } from './views';
import type { World } from './world';

export interface V2Context {
  world: World;
  base: string;
}

/** StatusEnum keys in enum order (common/copr_common/enums.py). */
const STATUS_KEYS = ['failed', 'succeeded', 'canceled', 'running', 'pending', 'skipped', 'starting', 'importing', 'forked', 'waiting', 'unknown'];

function malformed(param: string, error: string, help?: string): SimResponse {
  return json(400, { message: `Failed to validate query parameter: ${param}`, data: help ? { error, help } : { error } });
}

/** Parses optional int query parameters; a non-integer is the v2 validation 400. */
function ints(q: URLSearchParams, names: string[]): Record<string, number | undefined> | SimResponse {
  const out: Record<string, number | undefined> = {};
  for (const n of names) {
    const raw = q.get(n);
    if (raw === null || raw === '') continue;
    const v = parseIntStrict(raw);
    if (Number.isNaN(v)) return malformed(n, `invalid literal for int() with base 10: '${raw}'`);
    out[n] = v;
  }
  return out;
}

function selfLink(path: string, params: Array<[string, string | number | undefined]>): string {
  const qs = params.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');
  return qs ? `${path}?${qs}` : path;
}

/** ProjectSchema as 1.190 dumps it: `group` and `last_modified` are declared but never present (no such attributes). */
function projectObject(p: ProjectRec): Record<string, unknown> {
  return {
    id: p.id, name: p.name, owner: p.owner, is_a_group_project: p.owner.startsWith('@'),
    description: `Simulated project ${p.owner}/${p.name}`, instructions: null, homepage: null, contact: null,
    disable_createrepo: false, build_enable_net: false, repos: [],
  };
}

function projectItem(p: ProjectRec): Record<string, unknown> {
  return {
    project: projectObject(p),
    _links: {
      self: { href: `/api_2/projects/${p.id}` },
      builds: { href: `/api_2/builds?project_id=${p.id}` },
      chroots: { href: `/api_2/projects/${p.id}/chroots` },
      build_tasks: { href: `/api_2/build_tasks?project_id=${p.id}` },
    },
  };
}

function buildObject(b: BuildRec, now: number): Record<string, unknown> {
  const v = buildAt(b, now);
  return {
    // BuildSchema of 1.190: no started_on/ended_on/repo_url (a v2 build never says when it ran).
    id: b.id, state: v.state, submitter: b.submitter, built_packages: [], enable_net: false, repos: [],
    package_name: v.imported ? b.pkg : null, package_version: v.imported ? b.version : null, submitted_on: b.submittedOn,
    source_type: 'scm', source_metadata: { clone_url: `https://src.example/${b.pkg}.git`, committish: '', spec: `${b.pkg}.spec`, type: 'git' },
  };
}

function buildItem(b: BuildRec, now: number): Record<string, unknown> {
  return {
    build: buildObject(b, now),
    _links: {
      self: { href: `/api_2/builds/${b.id}` },
      project: { href: `/api_2/projects/${b.project.id}` },
      build_tasks: { href: `/api_2/build_tasks?build_id=${b.id}` },
    },
  };
}

/** The builds a v2 list covers: project_id wins over owner (users only, as on the real server), then group. */
function scopeIndex(ctx: V2Context, projectId: number | undefined, owner: string | undefined, group: string | undefined): BuildIndex | undefined {
  if (projectId !== undefined) {
    const p = ctx.world.projectsById.get(projectId);
    return p ? ctx.world.byProject.get(p) : undefined;
  }
  if (owner !== undefined) return owner.startsWith('@') ? undefined : ctx.world.byOwner.get(owner);
  if (group !== undefined) return ctx.world.byOwner.get(`@${group}`);
  return ctx.world.all;
}

function buildTasks(ctx: V2Context, req: SimRequest): SimResponse {
  const q = req.query;
  const parsed = ints(q, ['project_id', 'build_id', 'offset', 'limit']);
  if ('status' in parsed) return parsed as SimResponse;
  const n = parsed as Record<string, number | undefined>;
  const state = q.get('state') ?? undefined;
  if (state !== undefined && !STATUS_KEYS.includes(state)) {
    return malformed('state', `${state} is not a valid choice`, `allowed states: ${STATUS_KEYS.join(' ')}`);
  }
  const owner = q.get('owner') ?? undefined;
  const group = q.get('group') ?? undefined;
  const limit = n.limit === undefined || n.limit <= 0 || n.limit > 100 ? 100 : n.limit;
  const offset = Math.max(0, n.offset ?? 0);
  // build_id wins over project_id, which wins over owner, which wins over group; state applies on top.
  let index: BuildIndex | undefined;
  let single: BuildRec | undefined;
  if (n.build_id !== undefined) single = ctx.world.builds.get(n.build_id);
  else index = scopeIndex(ctx, n.project_id, owner, group);
  const items: unknown[] = [];
  const t = req.now;
  if (single) {
    const v = buildAt(single, t);
    const list = v.chroots.filter((c) => state === undefined || c.state === state);
    for (const c of list.slice(offset, offset + limit)) items.push(v2TaskItem(ctx.base, single, c));
  } else if (index) {
    // No ORDER BY in the real query (BuildChrootsLogic.get_multiply): rows come in insertion order, the oldest first.
    let skip = state === undefined ? 0 : offset;
    for (const [b, i] of index.tasksOldestFirst(t, state === undefined ? offset : 0)) {
      if (items.length >= limit) break;
      const rec = b.chroots[i] as BuildRec['chroots'][number];
      if (state !== undefined && chrootStateAt(b, rec, t) !== state) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      items.push(v2TaskItem(ctx.base, b, chrootAt(b, rec, t)));
    }
  }
  const self = selfLink('/api_2/build_tasks', [
    ['owner', owner], ['project_id', n.project_id], ['build_id', n.build_id], ['group', group], ['state', state], ['offset', n.offset], ['limit', limit],
  ]);
  return json(200, { build_tasks: items, _links: { self: { href: self } } });
}

function buildTask(ctx: V2Context, req: SimRequest, buildId: number, chroot: string, mockChrootNames: readonly string[]): SimResponse {
  // A chroot name Copr has never heard of crashes 1.190's lookup: its HTML 500 page.
  const known = mockChrootNames.includes(chroot) || ctx.world.projectList().some((p) => p.chroots.includes(chroot));
  if (!known) return html(500, '<!doctype html><title>Copr Build System – Internal Server Error</title><h1>Error 500: Internal Server Error</h1>');
  const b = ctx.world.builds.get(buildId);
  const v = b ? buildAt(b, req.now) : undefined;
  const c = v?.chroots.find((x) => x.rec.name === chroot);
  // The real code never formatted this message.
  if (!b || !c) return json(404, { message: 'Build task {} for build {} not found' });
  return json(200, {
    build_task: v2BuildTask(ctx.base, b, c),
    _links: {
      project: { href: `/api_2/projects/${b.project.id}` },
      build: { href: `/api_2/builds/${b.id}` },
      self: { href: `/api_2/build_tasks/${b.id}/${chroot}` },
    },
  });
}

function builds(ctx: V2Context, req: SimRequest): SimResponse {
  const parsed = ints(req.query, ['project_id', 'offset', 'limit']);
  if ('status' in parsed) return parsed as SimResponse;
  const n = parsed as Record<string, number | undefined>;
  const owner = req.query.get('owner') ?? undefined;
  const group = req.query.get('group') ?? undefined;
  const finishedRaw = req.query.get('is_finished');
  let isFinished: boolean | undefined;
  if (finishedRaw !== null) {
    const f = finishedRaw.toLowerCase();
    if (['true', 'yes', '1'].includes(f)) isFinished = true;
    else if (['false', 'no', '0'].includes(f)) isFinished = false;
    else return malformed('is_finished', `Invalid literal for boolean(): ${finishedRaw}`);
  }
  const limit = Math.min(100, Math.max(1, n.limit ?? 100));
  const offset = Math.max(0, n.offset ?? 0);
  // 1.190's /builds ignores `group` (BuildsLogic.get_multiple has no group filter): every build.
  const index = scopeIndex(ctx, n.project_id, owner, undefined);
  const items: unknown[] = [];
  if (index) {
    let skip = offset;
    const fast = isFinished === undefined;
    for (const b of index.newestFirst(fast ? offset : 0)) {
      if (items.length >= limit) break;
      if (!fast && isFinal(buildAt(b, req.now).state) !== isFinished) continue;
      if (!fast && skip > 0) {
        skip--;
        continue;
      }
      items.push(buildItem(b, req.now));
    }
  }
  const self = selfLink('/api_2/builds', [
    ['owner', owner], ['project_id', n.project_id], ['group', group], ['is_finished', finishedRaw ?? undefined], ['offset', n.offset], ['limit', limit],
  ]);
  return json(200, { builds: items, _links: { self: { href: self } } });
}

function build(ctx: V2Context, req: SimRequest, id: number): SimResponse {
  const b = ctx.world.builds.get(id);
  if (!b) return json(404, { message: `Build with id \`${id}\` not found`, data: { build_id: id } });
  const out: Record<string, unknown> = buildItem(b, req.now);
  if (['true', 'yes', '1'].includes((req.query.get('show_build_tasks') ?? '').toLowerCase())) {
    // 1.190 echoes the flag in its self link, as Python writes a boolean.
    (out._links as Record<string, { href: string }>).self = { href: `/api_2/builds/${b.id}?show_build_tasks=True` };
    out.build_tasks = buildAt(b, req.now).chroots.map((c) => v2TaskItem(ctx.base, b, c));
  }
  return json(200, out);
}

function projects(ctx: V2Context, req: SimRequest): SimResponse {
  const parsed = ints(req.query, ['offset', 'limit']);
  if ('status' in parsed) return parsed as SimResponse;
  const n = parsed as Record<string, number | undefined>;
  const owner = req.query.get('owner') ?? undefined;
  const group = req.query.get('group') ?? undefined;
  const name = req.query.get('name') ?? undefined;
  const search = req.query.get('search_query') ?? undefined;
  const limit = n.limit ?? 100; // not capped on this endpoint
  const offset = Math.max(0, n.offset ?? 0);
  const list = ctx.world.projectList().filter((p) =>
    (owner === undefined || p.owner === owner) && (group === undefined || p.owner === `@${group}`) &&
    (name === undefined || p.name === name) && (search === undefined || p.name.includes(search)));
  // The projects self link echoes the query as given (no default limit added, unlike builds and build_tasks).
  const self = selfLink('/api_2/projects', [['owner', owner], ['group', group], ['name', name], ['search_query', search], ['offset', n.offset], ['limit', n.limit]]);
  return json(200, { projects: list.slice(offset, offset + Math.max(0, limit)).map(projectItem), _links: { self: { href: self } } });
}

function project(ctx: V2Context, req: SimRequest, id: number, rest: string | undefined): SimResponse {
  const p = ctx.world.projectsById.get(id);
  if (!p) return json(404, { message: `Project with id \`${id}\` not found`, data: { project_id: id } });
  const chrootItem = (c: string) => ({
    chroot: { name: c, buildroot_pkgs: [], comps: null, comps_name: null, comps_len: 0 },
    _links: { project: { href: `/api_2/projects/${p.id}` }, self: { href: `/api_2/projects/${p.id}/chroots/${c}` } },
  });
  if (rest === 'chroots') return json(200, { chroots: p.chroots.map(chrootItem), _links: { self: { href: `/api_2/projects/${p.id}/chroots` } } });
  if (rest?.startsWith('chroots/')) {
    const c = rest.slice('chroots/'.length);
    return p.chroots.includes(c) ? json(200, chrootItem(c)) : json(404, { message: `Chroot ${c} not found in project ${p.id}` });
  }
  if (rest !== undefined) return htmlNotFound();
  const out: Record<string, unknown> = projectItem(p);
  const flag = (k: string) => ['true', 'yes', '1'].includes((req.query.get(k) ?? '').toLowerCase());
  if (flag('show_builds')) out.project_builds = [...(ctx.world.byProject.get(p)?.newestFirst() ?? [])].map((b) => buildItem(b, req.now));
  if (flag('show_chroots')) out.project_chroots = p.chroots.map(chrootItem);
  const flags = ['show_builds', 'show_chroots'].filter(flag).map((k) => `${k}=True`).join('&');
  if (flags) (out._links as Record<string, { href: string }>).self = { href: `/api_2/projects/${p.id}?${flags}` };
  return json(200, out);
}

function mockChrootItem(name: string): Record<string, unknown> {
  const m = /^(.*)-([^-]+)-([^-]+)$/.exec(name);
  return { chroot: { name, os_release: m?.[1] ?? name, os_version: m?.[2] ?? '', arch: m?.[3] ?? '', is_active: true }, _links: { self: { href: `/api_2/mock_chroots/${name}` } } };
}

function mockChroots(names: readonly string[]): SimResponse {
  return json(200, { chroots: names.map(mockChrootItem), _links: { self: { href: '/api_2/mock_chroots' } } });
}

export function handleV2(ctx: V2Context, req: SimRequest, mockChrootNames: readonly string[]): SimResponse {
  if (req.method !== 'GET' && req.method !== 'HEAD') return html(405, '<!doctype html><title>405 Method Not Allowed</title><h1>Method Not Allowed</h1>');
  // 1.190 (strict slashes): /api_2 redirects to /api_2/ (308), every other path with a trailing slash is a 404 page.
  if (req.path === '/api_2') return { status: 308, headers: { location: '/api_2/', 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from('<!doctype html><title>Redirecting...</title>') };
  if (req.path !== '/api_2/' && req.path.endsWith('/')) return htmlNotFound();
  const path = trimSlash(req.path);
  if (path === '/api_2') {
    return json(200, {
      _links: {
        self: { href: '/api_2/' },
        projects: { href: '/api_2/projects', query_params: [{ name: 'owner', type: 'string', description: 'Select only project owned by the user' }] },
        mock_chroots: { href: '/api_2/mock_chroots' },
        builds: { href: '/api_2/builds' },
        build_tasks: { href: '/api_2/build_tasks' },
      },
    });
  }
  if (path === '/api_2/build_tasks') return buildTasks(ctx, req);
  if (path === '/api_2/builds') return builds(ctx, req);
  if (path === '/api_2/projects') return projects(ctx, req);
  if (path === '/api_2/mock_chroots') return mockChroots(mockChrootNames);
  let m = /^\/api_2\/build_tasks\/(\d+)\/([^/]+)$/.exec(path);
  if (m) return buildTask(ctx, req, Number(m[1]), decodeURIComponent(m[2] as string), mockChrootNames);
  m = /^\/api_2\/builds\/(\d+)$/.exec(path);
  if (m) return build(ctx, req, Number(m[1]));
  m = /^\/api_2\/projects\/(\d+)(?:\/(.+))?$/.exec(path);
  if (m) return project(ctx, req, Number(m[1]), m[2]);
  m = /^\/api_2\/mock_chroots\/([^/]+)$/.exec(path);
  if (m) {
    const name = decodeURIComponent(m[1] as string);
    return mockChrootNames.includes(name) ? json(200, mockChrootItem(name)) : json(404, { message: `Mock chroot ${name} not found` });
  }
  return htmlNotFound();
}
