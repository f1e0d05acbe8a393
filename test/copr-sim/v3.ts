// API v3 (/api_3), as copr.fedorainfracloud.org serves it (copr-api.md §2): {"items","meta"} lists, {"error"} bodies.

import { buildAt, type BuildRec, type ChrootView, type ProjectRec } from './model';
import { json, parseIntStrict, type SimRequest, type SimResponse, trimSlash } from './http';
import { pad8, repoUrl, v3Build, v3Chroot } from './views';
import type { TaskState } from './types';
import type { World } from './world';

export interface V3Context {
  world: World;
  base: string;
  mockChroots: readonly string[];
}

const err = (status: number, error: string): SimResponse => json(status, { error });
const NOT_FOUND_ROUTE = (): SimResponse => err(404, "Such API endpoint doesn't exist");
const COPR_BUG = "Request wasn't successful, there is probably a bug in the Copr code.";

export const STATUS_ENUM: Readonly<Record<TaskState, number>> = {
  failed: 0, succeeded: 1, canceled: 2, running: 3, pending: 4, skipped: 5, starting: 6, importing: 7, forked: 8, waiting: 9, unknown: 1000,
};

interface Page {
  limit: number | null;
  offset: number;
  order: string;
  orderType: 'ASC' | 'DESC';
}

/** PaginationForm: invalid values are a CoprHttpException, i.e. HTTP 500 with the form errors as text. */
function page(q: URLSearchParams, columns: readonly string[]): Page | SimResponse {
  const errors: string[] = [];
  const num = (name: string): number | null => {
    const raw = q.get(name);
    if (raw === null || raw === '') return null;
    const v = parseIntStrict(raw);
    if (Number.isNaN(v)) errors.push(`'${name}': ['Not a valid integer value.']`);
    return Number.isNaN(v) ? null : v;
  };
  const limit = num('limit');
  const offset = num('offset') ?? 0;
  const orderType = q.get('order_type') ?? 'ASC';
  if (orderType !== 'ASC' && orderType !== 'DESC') errors.push(`'order_type': ['Not a valid choice.']`);
  if (errors.length > 0) return err(500, `{${errors.join(', ')}}`);
  const order = q.get('order') ?? 'id';
  if (!columns.includes(order)) return err(500, COPR_BUG);
  return { limit, offset: Math.max(0, offset), order, orderType: orderType as 'ASC' | 'DESC' };
}

function meta(p: Page): Record<string, unknown> {
  return { limit: p.limit, offset: p.offset, order: p.order, order_type: p.orderType };
}

function cut<T>(list: T[], p: Page): T[] {
  return list.slice(p.offset, p.limit === null ? undefined : p.offset + Math.max(0, p.limit));
}

function required(q: URLSearchParams, ...names: string[]): string[] | SimResponse {
  const out: string[] = [];
  for (const n of names) {
    const v = q.get(n);
    if (v === null || v === '') return err(400, `Missing argument ${n}`);
    out.push(v);
  }
  return out;
}

function findProject(ctx: V3Context, owner: string, name: string): ProjectRec | SimResponse {
  const p = ctx.world.getProject(owner, name);
  if (p) return p;
  if (owner.startsWith('@') && !ctx.world.ownerExists(owner)) return err(404, `Group ${owner.slice(1)} does not exist.`);
  return err(404, `Project ${owner}/${name} does not exist.`);
}

function findBuild(ctx: V3Context, raw: string): BuildRec | SimResponse {
  const id = parseIntStrict(raw);
  const b = Number.isNaN(id) ? undefined : ctx.world.builds.get(id);
  return b ?? err(404, `Build ${raw} does not exist.`);
}

const isResponse = (x: unknown): x is SimResponse => typeof x === 'object' && x !== null && 'body' in x && 'status' in x && 'headers' in x;

const BUILD_COLUMNS = ['id', 'state', 'submitted_on', 'started_on', 'ended_on', 'pkg_version', 'source_status', 'is_background'];

function buildList(ctx: V3Context, req: SimRequest): SimResponse {
  const args = required(req.query, 'ownername', 'projectname');
  if (isResponse(args)) return args;
  const pg = page(req.query, BUILD_COLUMNS);
  if (isResponse(pg)) return pg;
  const p = findProject(ctx, args[0] as string, args[1] as string);
  if (isResponse(p)) return p;
  const index = ctx.world.byProject.get(p);
  const pkg = req.query.get('packagename');
  const status = req.query.get('status');
  const items: unknown[] = [];
  if (index) {
    // ORDER BY id DESC comes first in the real query, so the window is newest first whatever `order` says.
    // `status` is applied in Python after the offset, on the unfiltered list, and before the limit.
    const max = pg.limit === null ? Infinity : Math.max(0, pg.limit);
    const skipFirst = pkg ? 0 : pg.offset;
    let skip = pkg ? pg.offset : 0;
    for (const b of index.newestFirst(skipFirst)) {
      if (items.length >= max) break;
      // packagename is part of the SQL query (before the offset); a build has no package until it is imported.
      if (pkg && (b.pkg !== pkg || req.now < b.importEndAt)) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      const v = buildAt(b, req.now);
      if (status && v.state !== status) continue;
      items.push(v3Build(ctx.base, v));
    }
  }
  return json(200, { items, meta: meta(pg) });
}

function chrootList(ctx: V3Context, req: SimRequest, idFromPath?: string): SimResponse {
  const raw = idFromPath ?? req.query.get('build_id');
  if (raw === null || raw === '') return err(400, 'Missing argument build_id');
  const pg = page(req.query, ['id', 'state', 'status', 'started_on', 'ended_on', 'result_dir', 'git_hash', 'build_id']);
  if (isResponse(pg)) return pg;
  // The real list filters by build_id with no existence check: an unknown build has no chroots (200, no items).
  const b = ctx.world.builds.get(parseIntStrict(raw));
  if (!b) return json(200, { items: [], meta: meta(pg) });
  const v = buildAt(b, req.now);
  const list: ChrootView[] = pg.orderType === 'DESC' ? [...v.chroots].reverse() : v.chroots;
  return json(200, { items: cut(list, pg).map((c) => v3Chroot(ctx.base, b, c)), meta: meta(pg) });
}

function oneChroot(ctx: V3Context, req: SimRequest, rawId: string | null, chroot: string | null): SimResponse {
  if (rawId === null || rawId === '') return err(400, 'Missing argument build_id');
  if (chroot === null || chroot === '') return err(400, 'Missing argument chrootname');
  const b = findBuild(ctx, rawId);
  if (isResponse(b)) return b;
  const v = buildAt(b, req.now);
  const c = v.chroots.find((x) => x.rec.name === chroot);
  if (c) return json(200, v3Chroot(ctx.base, b, c));
  if (!ctx.mockChroots.includes(chroot) && !b.chroots.some((x) => x.name === chroot)) return err(404, `Chroot ${chroot} does not exist`);
  return err(404, `Build ${b.id} was not submitted to ${chroot} chroot.`);
}

function projectObject(ctx: V3Context, p: ProjectRec): Record<string, unknown> {
  return {
    id: p.id, name: p.name, ownername: p.owner, full_name: `${p.owner}/${p.name}`,
    homepage: null, contact: null, description: `Simulated project ${p.owner}/${p.name}`, instructions: null,
    devel_mode: false, persistent: false, unlisted_on_hp: false, auto_prune: true,
    chroot_repos: Object.fromEntries(p.chroots.map((c) => [c, `${repoUrl(ctx.base, p)}/${c}/`])),
    additional_repos: [], enable_net: false, bootstrap: 'default', isolation: 'default', module_hotfixes: false,
    appstream: false, packit_forge_projects_allowed: [], follow_fedora_branching: true, repo_priority: null, storage: 'backend',
  };
}

function projectList(ctx: V3Context, req: SimRequest): SimResponse {
  const pg = page(req.query, ['id', 'name', 'description', 'homepage']);
  if (isResponse(pg)) return pg;
  const owner = req.query.get('ownername');
  let list = ctx.world.projectList().filter((p) => owner === null || p.owner === owner);
  if (pg.order === 'name') list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
  if (pg.orderType === 'DESC') list = list.reverse();
  return json(200, { items: cut(list, pg).map((p) => projectObject(ctx, p)), meta: meta(pg) });
}

/**
 * `project/search?query=`: copr-frontend's CoprsLogic.get_multiple_fulltext. A query with a slash is "owner/name"
 * matched with SQL ILIKE '%owner%' and '%name%' (no full-text index), newest project first; without a slash the
 * real server asks its whoosh index, approximated here by the same substring match on the name.
 */
function projectSearch(ctx: V3Context, req: SimRequest): SimResponse {
  const pg = page(req.query, ['id', 'name']);
  if (isResponse(pg)) return pg;
  const query = req.query.get('query');
  if (!query) return err(400, 'Missing argument query');
  const slash = query.indexOf('/');
  const [owner, name] = slash < 0 ? ['', query] : [query.slice(0, slash), query.slice(slash + 1)];
  const like = (value: string, part: string) => value.toLowerCase().includes(part.toLowerCase());
  let list = ctx.world.projectList().filter((p) => like(p.owner.replace(/^@/, ''), owner.replace(/^@/, '')) && like(p.name, name));
  // The real Paginator orders by id DESC when order_type is not given (the simulator's page() defaults to ASC).
  list = req.query.get('order_type') === 'ASC' ? list.sort((a, b) => a.id - b.id) : list.sort((a, b) => b.id - a.id);
  return json(200, { items: cut(list, pg).map((p) => projectObject(ctx, p)), meta: meta(pg) });
}

function project(ctx: V3Context, req: SimRequest): SimResponse {
  const args = required(req.query, 'ownername', 'projectname');
  if (isResponse(args)) return args;
  const p = findProject(ctx, args[0] as string, args[1] as string);
  return isResponse(p) ? p : json(200, projectObject(ctx, p));
}

function sourceChroot(ctx: V3Context, req: SimRequest, raw: string): SimResponse {
  const b = findBuild(ctx, raw);
  if (isResponse(b)) return b;
  return json(200, {
    state: req.now < b.importEndAt ? 'importing' : b.srpmFailure ? 'failed' : 'succeeded',
    result_url: `${ctx.base}/results/${b.project.owner}/${b.dirname}/srpm-builds/${pad8(b.id)}/`,
  });
}

export function handleV3(ctx: V3Context, req: SimRequest): SimResponse {
  const path = trimSlash(req.path);
  if (req.method !== 'GET' && req.method !== 'HEAD') return err(405, 'The method is not allowed for the requested URL.');
  const q = req.query;
  if (path === '/api_3') return json(200, { version: 3 });
  if (path === '/api_3/build/list') return buildList(ctx, req);
  if (path === '/api_3/build-chroot/list') return chrootList(ctx, req);
  if (path === '/api_3/build-chroot') return oneChroot(ctx, req, q.get('build_id'), q.get('chrootname'));
  if (path === '/api_3/project/list') return projectList(ctx, req);
  if (path === '/api_3/project') return project(ctx, req);
  if (path === '/api_3/project/search') return projectSearch(ctx, req);
  if (path === '/api_3/mock-chroots/list') return json(200, Object.fromEntries(ctx.mockChroots.map((c) => [c, ''])));
  let m = /^\/api_3\/build\/(\d+)$/.exec(path);
  if (m) {
    const b = findBuild(ctx, m[1] as string);
    return isResponse(b) ? b : json(200, v3Build(ctx.base, buildAt(b, req.now)));
  }
  m = /^\/api_3\/build\/source-chroot\/(\d+)$/.exec(path);
  if (m) return sourceChroot(ctx, req, m[1] as string);
  m = /^\/api_3\/build-chroot\/list\/(\d+)$/.exec(path);
  if (m) return chrootList(ctx, req, m[1]);
  m = /^\/api_3\/build-chroot\/(\d+)\/([^/]+)$/.exec(path);
  if (m) return oneChroot(ctx, req, m[1] as string, decodeURIComponent(m[2] as string));
  return NOT_FOUND_ROUTE();
}
