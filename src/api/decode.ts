// Hand-written decoders from Copr's JSON (v2 and v3) to the extension's model. No schema library: each check
// names the path of the offending field ("items[3].state") so a person can tell what the server got wrong.
// Strict where the model needs a value (ids, states, names), lenient where Copr is known to vary (extra fields,
// missing optional ones, the v2 docs' "tasks" envelope).

import { CoprError } from './errors';
import { normalizeState } from './states';
import type { Build, BuildTask, Project, TaskState } from './types';
import { isSafeHttpUrl } from './urls';

export interface DecodeContext {
  /** The request URL, carried into the error. */
  url?: string;
  /** Called once per unknown state string (the client passes its logger). */
  onUnknownState?: (raw: string) => void;
}

type Json = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

function fail(ctx: DecodeContext, path: string, problem: string): never {
  throw new CoprError('invalid-response', `Copr sent an unexpected response: ${path || 'the body'} ${problem}.`, ctx.url);
}

function at(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

/** Own properties only: a key such as "__proto__" or "constructor" must never reach the prototype. */
function own(o: Json, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

export function asObject(value: unknown, path: string, ctx: DecodeContext): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(ctx, path, `should be an object, got ${describe(value)}`);
  }
  return value as Json;
}

export function asArray(value: unknown, path: string, ctx: DecodeContext): unknown[] {
  if (!Array.isArray(value)) fail(ctx, path, `should be an array, got ${describe(value)}`);
  return value;
}

function reqString(o: Json, key: string, path: string, ctx: DecodeContext): string {
  const v = own(o, key);
  if (v === undefined) fail(ctx, at(path, key), 'is missing');
  if (typeof v !== 'string') fail(ctx, at(path, key), `should be a string, got ${describe(v)}`);
  return v;
}

function optString(o: Json, key: string, path: string, ctx: DecodeContext): string | null {
  const v = own(o, key);
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') fail(ctx, at(path, key), `should be a string or null, got ${describe(v)}`);
  return v;
}

/** A URL the UI may open or fetch: anything but http(s) (javascript:, file:) or over 2048 characters becomes null. */
function optUrl(o: Json, key: string, path: string, ctx: DecodeContext): string | null {
  const v = optString(o, key, path, ctx);
  return v !== null && isSafeHttpUrl(v) ? v : null;
}

function isId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function reqId(o: Json, key: string, path: string, ctx: DecodeContext): number {
  const v = own(o, key);
  if (v === undefined) fail(ctx, at(path, key), 'is missing');
  if (!isId(v)) fail(ctx, at(path, key), `should be a non-negative integer, got ${describe(v)}`);
  return v;
}

function optId(o: Json, key: string, path: string, ctx: DecodeContext): number | null {
  const v = own(o, key);
  if (v === undefined || v === null) return null;
  if (!isId(v)) fail(ctx, at(path, key), `should be a non-negative integer or null, got ${describe(v)}`);
  return v;
}

/** Unix seconds. Copr stores integers; a fractional value is floored rather than refused. */
function timestamp(v: unknown, path: string, ctx: DecodeContext): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1e11) {
    fail(ctx, path, `should be a Unix time in seconds, got ${describe(v)}`);
  }
  return Math.floor(v);
}

function reqTime(o: Json, key: string, path: string, ctx: DecodeContext): number {
  const v = own(o, key);
  if (v === undefined || v === null) fail(ctx, at(path, key), 'is missing');
  return timestamp(v, at(path, key), ctx);
}

function optTime(o: Json, key: string, path: string, ctx: DecodeContext): number | null {
  const v = own(o, key);
  if (v === undefined || v === null) return null;
  return timestamp(v, at(path, key), ctx);
}

function reqState(o: Json, key: string, path: string, ctx: DecodeContext): TaskState {
  const v = own(o, key);
  if (v === undefined) fail(ctx, at(path, key), 'is missing');
  if (typeof v !== 'string') fail(ctx, at(path, key), `should be a state name, got ${describe(v)}`);
  return normalizeState(v, ctx.onUnknownState);
}

function stringArray(v: unknown, path: string, ctx: DecodeContext): string[] {
  return asArray(v, path, ctx).map((item, i) => {
    if (typeof item !== 'string') fail(ctx, at(path, i), `should be a string, got ${describe(item)}`);
    return item;
  });
}

/** The `href` of `_links.<rel>`, or null when absent or malformed (links are hints, never required alone). */
function linkHref(o: Json, rel: string): string | null {
  const links = own(o, '_links');
  if (typeof links !== 'object' || links === null || Array.isArray(links)) return null;
  const link = own(links as Json, rel);
  if (typeof link !== 'object' || link === null || Array.isArray(link)) return null;
  const href = own(link as Json, 'href');
  return typeof href === 'string' ? href : null;
}

function safeIdFrom(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

/** The message of a Copr error body: v3 `{"error"}`, v2 `{"message"}`, the backend's `{"msg"}`. */
export function errorMessageOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  for (const key of ['error', 'message', 'msg']) {
    const v = own(body as Json, key);
    if (typeof v === 'string' && v.trim() !== '') return v.trim().slice(0, 300);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------- API v2

/** The entity inside a v2 envelope: `build_task` as documented, `tasks` as in the v2 docs' show_build_tasks example. */
function v2TaskEntity(item: Json, path: string, ctx: DecodeContext): [Json, string] {
  for (const key of ['build_task', 'tasks']) {
    const v = own(item, key);
    if (v !== undefined) return [asObject(v, at(path, key), ctx), at(path, key)];
  }
  return fail(ctx, at(path, 'build_task'), 'is missing');
}

/** One v2 `{build_task, _links}` item. build_id comes from the item, else from `_links.self.href`. */
export function decodeV2TaskItem(value: unknown, path: string, ctx: DecodeContext): BuildTask {
  const item = asObject(value, path, ctx);
  const [task, taskPath] = v2TaskEntity(item, path, ctx);
  const self = /\/build_tasks\/(\d+)\/([^/?#]+)/.exec(linkHref(item, 'self') ?? '');
  const buildId = optId(task, 'build_id', taskPath, ctx) ?? safeIdFrom(self?.[1]);
  if (buildId === null) fail(ctx, at(taskPath, 'build_id'), 'is missing (and _links.self names no build)');
  let chroot = optString(task, 'chroot_name', taskPath, ctx);
  if (chroot === null && self) chroot = safeDecode(self[2]);
  if (chroot === null || chroot === '') fail(ctx, at(taskPath, 'chroot_name'), 'is missing');
  return {
    chroot_name: chroot,
    build_id: buildId,
    state: reqState(task, 'state', taskPath, ctx),
    started_on: optTime(task, 'started_on', taskPath, ctx),
    ended_on: optTime(task, 'ended_on', taskPath, ctx),
    result_dir_url: optUrl(task, 'result_dir_url', taskPath, ctx),
    git_hash: optString(task, 'git_hash', taskPath, ctx),
  };
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** `GET /api_2/build_tasks`: `{build_tasks: [...], _links}`. */
export function decodeV2TaskList(body: unknown, ctx: DecodeContext): BuildTask[] {
  const root = asObject(body, '', ctx);
  const items = own(root, 'build_tasks');
  if (items === undefined) fail(ctx, 'build_tasks', 'is missing');
  return asArray(items, 'build_tasks', ctx).map((item, i) => decodeV2TaskItem(item, at('build_tasks', i), ctx));
}

/** `GET /api_2/build_tasks/<id>/<chroot>`: one `{build_task, _links}` at the root. */
export function decodeV2TaskDetail(body: unknown, ctx: DecodeContext): BuildTask {
  return decodeV2TaskItem(body, '', ctx);
}

/** A v2 build lacks the owner and project; the client resolves them through `projectId`. */
export interface V2BuildRecord {
  build: Omit<Build, 'owner' | 'project' | 'dirname' | 'project_id' | 'chroots'>;
  projectId: number | null;
  /** Present only when the server adds them (lenient: not in the v2 schema). */
  owner: string | null;
  project: string | null;
  dirname: string | null;
  chroots: string[] | null;
}

export function decodeV2BuildItem(value: unknown, path: string, ctx: DecodeContext): V2BuildRecord {
  const item = asObject(value, path, ctx);
  const bPath = at(path, 'build');
  const b = asObject(own(item, 'build'), bPath, ctx);
  const projectHref = /\/projects\/(\d+)/.exec(linkHref(item, 'project') ?? '');
  const chrootsValue = own(b, 'chroots');
  return {
    build: {
      id: reqId(b, 'id', bPath, ctx),
      state: reqState(b, 'state', bPath, ctx),
      package_name: optString(b, 'package_name', bPath, ctx),
      package_version: optString(b, 'package_version', bPath, ctx),
      submitter: optString(b, 'submitter', bPath, ctx),
      submitted_on: reqTime(b, 'submitted_on', bPath, ctx),
      started_on: optTime(b, 'started_on', bPath, ctx),
      ended_on: optTime(b, 'ended_on', bPath, ctx),
    },
    projectId: optId(b, 'project_id', bPath, ctx) ?? safeIdFrom(projectHref?.[1]),
    owner: optString(b, 'owner', bPath, ctx) ?? optString(b, 'ownername', bPath, ctx),
    project: optString(b, 'project', bPath, ctx) ?? optString(b, 'projectname', bPath, ctx),
    dirname: optString(b, 'project_dirname', bPath, ctx),
    chroots: chrootsValue === undefined || chrootsValue === null ? null : stringArray(chrootsValue, at(bPath, 'chroots'), ctx),
  };
}

/** `GET /api_2/builds`: `{builds: [{build, _links}], _links}`. */
export function decodeV2BuildList(body: unknown, ctx: DecodeContext): V2BuildRecord[] {
  const root = asObject(body, '', ctx);
  const items = own(root, 'builds');
  if (items === undefined) fail(ctx, 'builds', 'is missing');
  return asArray(items, 'builds', ctx).map((item, i) => decodeV2BuildItem(item, at('builds', i), ctx));
}

/** `GET /api_2/builds/<id>?show_build_tasks=true`: the build plus, when embedded, its tasks. */
export function decodeV2BuildDetail(body: unknown, ctx: DecodeContext): { record: V2BuildRecord; tasks: BuildTask[] | null } {
  const root = asObject(body, '', ctx);
  const record = decodeV2BuildItem(root, '', ctx);
  const tasks = own(root, 'build_tasks');
  return {
    record,
    tasks:
      tasks === undefined || tasks === null
        ? null
        : asArray(tasks, 'build_tasks', ctx).map((t, i) => decodeV2TaskItem(t, at('build_tasks', i), ctx)),
  };
}

/** A v2 `{project, _links}` item. Group projects report `group` (and `is_a_group_project`); the owner becomes `@group`. */
export function decodeV2ProjectItem(value: unknown, path: string, ctx: DecodeContext): Project {
  const item = asObject(value, path, ctx);
  const pPath = at(path, 'project');
  const p = asObject(own(item, 'project'), pPath, ctx);
  const name = reqString(p, 'name', pPath, ctx);
  const group = optString(p, 'group', pPath, ctx);
  const isGroup = own(p, 'is_a_group_project') === true || (group !== null && group !== '');
  let owner: string;
  if (isGroup && group) owner = group.startsWith('@') ? group : `@${group}`;
  else owner = reqString(p, 'owner', pPath, ctx);
  if (name === '' || owner === '') fail(ctx, name === '' ? at(pPath, 'name') : at(pPath, 'owner'), 'is empty');
  const chroots = own(item, 'project_chroots');
  return {
    id: reqId(p, 'id', pPath, ctx),
    owner,
    name,
    full_name: `${owner}/${name}`,
    chroots:
      chroots === undefined || chroots === null
        ? []
        : asArray(chroots, at(path, 'project_chroots'), ctx).map((c, i) => {
            const cPath = at(at(path, 'project_chroots'), i);
            const entry = asObject(c, cPath, ctx);
            return reqString(asObject(own(entry, 'chroot'), at(cPath, 'chroot'), ctx), 'name', at(cPath, 'chroot'), ctx);
          }),
  };
}

/** `GET /api_2/projects`: `{projects: [...]}`. */
export function decodeV2ProjectList(body: unknown, ctx: DecodeContext): Project[] {
  const root = asObject(body, '', ctx);
  const items = own(root, 'projects');
  if (items === undefined) fail(ctx, 'projects', 'is missing');
  return asArray(items, 'projects', ctx).map((item, i) => decodeV2ProjectItem(item, at('projects', i), ctx));
}

// ---------------------------------------------------------------------------------------------- API v3

/** `GET /api_3/`: the version number when the body is `{"version": N}`, else null (not a v3 server). */
export function decodeV3Version(body: unknown): number | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const v = own(body as Json, 'version');
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The `items` array of a v3 list (`meta` only echoes the request and is ignored). */
export function decodeV3Items<T>(
  body: unknown,
  ctx: DecodeContext,
  decodeItem: (value: unknown, path: string, ctx: DecodeContext) => T,
): T[] {
  const root = asObject(body, '', ctx);
  const items = own(root, 'items');
  if (items === undefined) fail(ctx, 'items', 'is missing');
  return asArray(items, 'items', ctx).map((item, i) => decodeItem(item, at('items', i), ctx));
}

/** A v3 build-chroot. It carries neither build_id (the caller knows it) nor git_hash (fetched separately). */
export function decodeV3BuildChroot(value: unknown, path: string, ctx: DecodeContext, buildId: number): BuildTask {
  const o = asObject(value, path, ctx);
  const name = reqString(o, 'name', path, ctx);
  if (name === '') fail(ctx, at(path, 'name'), 'is empty');
  return {
    chroot_name: name,
    build_id: buildId,
    state: reqState(o, 'state', path, ctx),
    started_on: optTime(o, 'started_on', path, ctx),
    ended_on: optTime(o, 'ended_on', path, ctx),
    result_dir_url: optUrl(o, 'result_url', path, ctx),
    git_hash: null,
  };
}

/** A v3 build (`/api_3/build/<id>` or an item of `/api_3/build/list`). */
export function decodeV3Build(value: unknown, path: string, ctx: DecodeContext): Build {
  const o = asObject(value, path, ctx);
  const project = reqString(o, 'projectname', path, ctx);
  const owner = reqString(o, 'ownername', path, ctx);
  if (owner === '') fail(ctx, at(path, 'ownername'), 'is empty');
  if (project === '') fail(ctx, at(path, 'projectname'), 'is empty');
  const sourcePath = at(path, 'source_package');
  const sourceValue = own(o, 'source_package');
  const source = sourceValue === undefined || sourceValue === null ? null : asObject(sourceValue, sourcePath, ctx);
  return {
    id: reqId(o, 'id', path, ctx),
    owner,
    project,
    dirname: optString(o, 'project_dirname', path, ctx) || project,
    package_name: source ? optString(source, 'name', sourcePath, ctx) : null,
    package_version: source ? optString(source, 'version', sourcePath, ctx) : null,
    submitter: optString(o, 'submitter', path, ctx),
    submitted_on: reqTime(o, 'submitted_on', path, ctx),
    started_on: optTime(o, 'started_on', path, ctx),
    ended_on: optTime(o, 'ended_on', path, ctx),
    state: reqState(o, 'state', path, ctx),
    chroots: stringArray(own(o, 'chroots') ?? fail(ctx, at(path, 'chroots'), 'is missing'), at(path, 'chroots'), ctx),
    project_id: null,
  };
}

/** A v3 project. Enabled chroots are the keys of `chroot_repos`. v3 ids are not usable in any query: id is null. */
export function decodeV3Project(value: unknown, path: string, ctx: DecodeContext): Project {
  const o = asObject(value, path, ctx);
  const name = optString(o, 'name', path, ctx) ?? reqString(o, 'projectname', path, ctx);
  const owner = reqString(o, 'ownername', path, ctx);
  if (name === '') fail(ctx, at(path, 'name'), 'is empty');
  if (owner === '') fail(ctx, at(path, 'ownername'), 'is empty');
  const repos = own(o, 'chroot_repos');
  return {
    id: null,
    owner,
    name,
    full_name: `${owner}/${name}`,
    chroots: repos === undefined || repos === null ? [] : Object.keys(asObject(repos, at(path, 'chroot_repos'), ctx)),
  };
}

/** `GET /backend/get-build-task/<id>-<chroot>`: only `git_hash` is used. */
export function decodeBackendTaskGitHash(body: unknown, ctx: DecodeContext): string | null {
  const o = asObject(body, '', ctx);
  const hash = optString(o, 'git_hash', '', ctx);
  return hash === '' ? null : hash;
}
