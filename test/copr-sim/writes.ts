// API v3 writes, as copr-frontend serves them (checked against the real frontend in /work/shared/real-copr, main
// branch): HTTP Basic `login:token` users, GET /api_3/auth-check, PUT /api_3/build/cancel/<id>,
// POST /api_3/build/create/url and POST /api_3/build/create/scm. Bodies, statuses and error texts are the real ones;
// the builds created here follow the simulator's plan (import, queue, run) on its clock, so a resubmit can be watched
// to its end.
import { json, type SimRequest, type SimResponse } from './http';
import { buildAt, isFinal, type ProjectRec } from './model';
import { v3Build } from './views';
import type { World } from './world';

export interface SimUser {
  name: string;
  login: string;
  token: string;
  /** A token past its expiration date: every authenticated call answers 401, as on Copr. */
  expired?: boolean;
  /** Groups (without '@') whose projects the user may build in. */
  groups?: string[];
}

/** The real frontend's seeded users (seed.py); alice also builds in @rpm-team's projects. The demo signs in as alice. */
export const SIM_USERS: readonly SimUser[] = [
  { name: 'alice', login: 'alicelogin', token: 'alicetoken', groups: ['rpm-team'] },
  { name: 'bob', login: 'boblogin', token: 'bobtoken' },
  { name: 'carol', login: 'carollogin', token: 'caroltoken', expired: true },
];

export interface WritesContext {
  world: World;
  base: string;
}

const WRITE_PATHS = /^\/api_3\/(auth-check|build\/cancel\/[^/]*|build\/create\/(url|scm))\/?$/;

export function isWritePath(path: string): boolean {
  return WRITE_PATHS.test(path);
}

const err = (status: number, error: string): SimResponse => json(status, { error });
const notAllowed = (): SimResponse => err(405, 'The method is not allowed for the requested URL.');

/** The user of a request's Basic credentials, or the 401 Copr answers (same text for wrong, missing and expired). */
function authenticate(ctx: WritesContext, req: SimRequest): SimUser | SimResponse {
  const header = req.headers.authorization;
  const m = typeof header === 'string' ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim()) : null;
  const decoded = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const login = colon < 0 ? '' : decoded.slice(0, colon);
  const token = colon < 0 ? '' : decoded.slice(colon + 1);
  const user = SIM_USERS.find((u) => u.login === login && u.token === token && !u.expired);
  if (user) return user;
  return json(401, { output: 'notok', error: `Login invalid/expired. Please visit ${ctx.base}/api to get or renew your API token.` });
}

function mayBuildIn(user: SimUser, project: ProjectRec): boolean {
  return project.owner === user.name || (project.owner.startsWith('@') && (user.groups ?? []).includes(project.owner.slice(1)));
}

function parseBody(req: SimRequest): Record<string, unknown> {
  if (req.body.trim() === '') return {};
  if (/application\/json/i.test(String(req.headers['content-type'] ?? ''))) {
    try {
      const v: unknown = JSON.parse(req.body);
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(req.body));
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function handleWrites(ctx: WritesContext, req: SimRequest): SimResponse {
  const path = req.path.replace(/\/$/, '');
  if (path === '/api_3/auth-check') {
    if (req.method !== 'GET') return notAllowed();
    const user = authenticate(ctx, req);
    if (!('name' in user)) return user;
    return json(200, { id: SIM_USERS.indexOf(user) + 1, name: user.name });
  }
  const cancel = /^\/api_3\/build\/cancel\/(.*)$/.exec(path);
  if (cancel) {
    // Copr's route takes PUT and POST (flask-restx resource with both), not GET.
    if (req.method !== 'PUT' && req.method !== 'POST') return notAllowed();
    const user = authenticate(ctx, req);
    if (!('name' in user)) return user;
    return cancelBuild(ctx, req, user, cancel[1]);
  }
  if (req.method !== 'POST') return notAllowed();
  const user = authenticate(ctx, req);
  if (!('name' in user)) return user;
  return path.endsWith('/url') ? createFromUrl(ctx, req, user) : createFromScm(ctx, req, user);
}

function cancelBuild(ctx: WritesContext, req: SimRequest, user: SimUser, raw: string): SimResponse {
  const id = /^\d+$/.test(raw) ? Number(raw) : NaN;
  const rec = Number.isNaN(id) ? undefined : ctx.world.builds.get(id);
  if (!rec) return err(404, `Build ${raw} does not exist.`);
  if (!mayBuildIn(user, rec.project)) return err(403, 'You are not allowed to cancel this build.');
  if (isFinal(buildAt(rec, req.now).state)) return err(409, `Cannot cancel build ${id}`);
  ctx.world.cancelBuild(id);
  return json(200, v3Build(ctx.base, buildAt(rec, req.now)));
}

/** The project and chroots of a create call, or Copr's answer refusing it. */
function target(ctx: WritesContext, body: Record<string, unknown>, user: SimUser): { project: ProjectRec; chroots: string[] } | SimResponse {
  const owner = str(body.ownername);
  const name = str(body.projectname);
  const project = ctx.world.getProject(owner, name);
  if (!project) return err(404, `Project ${owner}/${name} does not exist.`);
  if (!mayBuildIn(user, project)) return err(403, `User ${user.name} is not allowed to build in the copr: ${owner}/${name}`);
  const asked = Array.isArray(body.chroots) ? body.chroots.filter((c): c is string => typeof c === 'string') : [];
  const bad = asked.find((c) => !project.chroots.includes(c));
  if (bad !== undefined) return err(400, `Bad request parameters: {'chroots': ["'${bad}' is not a valid choice for this field."]}`);
  return { project, chroots: asked.length ? asked : project.chroots };
}

function create(ctx: WritesContext, req: SimRequest, user: SimUser, t: { project: ProjectRec; chroots: string[] }, body: Record<string, unknown>, pkg: string, version: string) {
  const dirname = str(body.project_dirname) || t.project.name;
  const id = ctx.world.addBuild({
    owner: t.project.owner, project: t.project.name, dirname, package: pkg, version, chroots: t.chroots, submitter: user.name,
    chrootsWhileImporting: true,
  });
  return v3Build(ctx.base, buildAt(ctx.world.mustGetBuild(id), req.now));
}

function createFromUrl(ctx: WritesContext, req: SimRequest, user: SimUser): SimResponse {
  const body = parseBody(req);
  const urls = str(body.pkgs).split(/\s+/).filter(Boolean);
  if (urls.length === 0) return err(400, "Bad request parameters: {'pkgs': ['URLs to packages are required']}");
  const t = target(ctx, body, user);
  if (!('project' in t)) return t;
  const items = urls.map((url) => {
    const m = /([^/]+?)-([^-/]+-[^-/]+)\.src\.rpm$/.exec(url);
    return create(ctx, req, user, t, body, m?.[1] ?? 'hello', m?.[2] ?? '1.0-1');
  });
  return json(200, { items, meta: { limit: null, offset: null, order: null, order_type: null } });
}

function createFromScm(ctx: WritesContext, req: SimRequest, user: SimUser): SimResponse {
  const body = parseBody(req);
  if (!str(body.clone_url)) return err(400, "Bad request parameters: {'clone_url': ['This field is required.']}");
  const t = target(ctx, body, user);
  if (!('project' in t)) return t;
  const spec = str(body.spec).split('/').pop() ?? '';
  const pkg = spec.replace(/\.spec$/, '') || (str(body.clone_url).split('/').pop() ?? 'hello').replace(/\.git$/, '');
  return json(200, create(ctx, req, user, t, body, pkg, '1.0-1'));
}
