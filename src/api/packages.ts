// `GET /api_3/package/list?ownername=&projectname=&limit=&offset=` (python-copr's package_proxy.get_list). Checked
// against copr-frontend (main branch, apiv3_packages.py `PackageGetList` + `to_dict`, schema `Package`):
//   {"items": [{"id": 5, "name": "hello-scm", "ownername": "alice", "projectname": "hello", "source_type": "scm",
//     "source_dict": {"type": "git", "clone_url": "https://github.com/Acme/Hello.git", "subdirectory": "",
//     "committish": "main", "spec": "hello.spec", "source_build_method": "rpkg"}, "auto_rebuild": false,
//     "builds": {"latest": null, "latest_succeeded": null}}], "meta": {"limit": 100, "offset": 0, "order": "id",
//     "order_type": "ASC"}}
// - oldest package first (id ASC); without `limit` every package at once (up to 10,000, then 413): we always page;
// - `source_type` is "unset", "link", "upload", "pypi", "rubygems", "scm", "custom" or "distgit"; only "scm" has a
//   `clone_url` (the form validates it as a URL: https://, ssh:// without user…; never the scp-like git@host:path);
//   `subdirectory`, `committish` and `spec` are null when never set, "" when set empty;
// - a missing project is 404 {"error": "Project alice/nope does not exist."}.
// Only what discovery uses is kept: the name and, for SCM packages, where the sources come from.
import { asObject, decodeV3Items, type DecodeContext } from './decode';
import { parseProject } from './args';
import { CoprError } from './errors';

export interface ScmSource {
  cloneUrl: string;
  committish: string | null;
  subdirectory: string | null;
  spec: string | null;
}

export interface CoprPackage {
  name: string;
  /** `owner/name` of the project. */
  project: string;
  sourceType: string;
  /** Set for source_type "scm" only. */
  scm?: ScmSource;
}

export interface PackageQuery {
  /** `owner/name`. */
  project: string;
  offset?: number;
  /** 1..100, default 100. */
  limit?: number;
  signal?: AbortSignal;
}

/** The query of one page, validated before anything is sent (an invalid one is CoprError 'invalid-argument'). */
export function packageListParams(q: PackageQuery): { ownername: string; projectname: string; offset: number; limit: number } {
  const ref = parseProject(q.project);
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 100;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 100) throw new CoprError('invalid-argument', `limit must be an integer from 1 to 100, got ${String(limit)}.`);
  if (!Number.isSafeInteger(offset) || offset < 0) throw new CoprError('invalid-argument', `offset must be a non-negative integer, got ${String(offset)}.`);
  return { ownername: ref.owner, projectname: ref.name, offset, limit };
}

type Json = Record<string, unknown>;
const own = (o: Json, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
/** Longer than any clone URL worth matching; a hostile server's megabyte string is not kept. */
const MAX_TEXT = 2000;

function fail(ctx: DecodeContext, path: string, problem: string): never {
  throw new CoprError('invalid-response', `Copr sent an unexpected response: ${path} ${problem}.`, ctx.url);
}

function text(o: Json, key: string, path: string, ctx: DecodeContext, required: boolean): string | null {
  const v = own(o, key);
  if ((v === undefined || v === null) && !required) return null;
  if (typeof v !== 'string' || (required && v === '')) fail(ctx, `${path}.${key}`, required ? 'should be a non-empty string' : 'should be a string or null');
  return v.length > MAX_TEXT ? v.slice(0, MAX_TEXT) : v;
}

export function decodePackage(value: unknown, path: string, ctx: DecodeContext): CoprPackage {
  const o = asObject(value, path, ctx);
  const name = text(o, 'name', path, ctx, true) as string;
  const owner = text(o, 'ownername', path, ctx, true) as string;
  const projectName = text(o, 'projectname', path, ctx, true) as string;
  const sourceType = text(o, 'source_type', path, ctx, false) ?? 'unset';
  const out: CoprPackage = { name, project: `${owner}/${projectName}`, sourceType };
  if (sourceType !== 'scm') return out;
  const dict = asObject(own(o, 'source_dict'), `${path}.source_dict`, ctx);
  const at = `${path}.source_dict`;
  const cloneUrl = text(dict, 'clone_url', at, ctx, false);
  // An SCM package without a clone URL cannot be matched; it stays a package.
  if (cloneUrl) {
    out.scm = { cloneUrl, committish: text(dict, 'committish', at, ctx, false), subdirectory: text(dict, 'subdirectory', at, ctx, false), spec: text(dict, 'spec', at, ctx, false) };
  }
  return out;
}

/** The items of one package/list page. */
export function decodePackageList(body: unknown, ctx: DecodeContext): CoprPackage[] {
  return decodeV3Items(body, ctx, decodePackage);
}
