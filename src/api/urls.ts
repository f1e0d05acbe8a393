// Web and log URLs of Copr builds, and the reverse: a build id from what a person pastes.
// Groups are `@name` in the API and result dirs, but `/coprs/g/name/...` in web URLs (copr-api.md §3.2).

import { redactUrl } from '../common/log';
import { CoprError } from './errors';
import type { TaskState } from './types';

export const MAX_URL_LENGTH = 2048;

/**
 * Only http: and https: URLs of at most 2048 characters and without credentials: anything else from a server is never
 * opened, fetched or shown (a user:pass@ in a URL would end up in logs and error messages).
 */
export function isSafeHttpUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL_LENGTH) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/**
 * The Copr frontend URL without credentials, query, fragment or trailing slash (a path prefix is kept).
 * Rejects with 'invalid-argument' when it is not an http(s) URL.
 */
export function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new CoprError('invalid-argument', `"${redact(baseUrl)}" is not a valid Copr URL (expected e.g. https://copr.fedorainfracloud.org).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CoprError('invalid-argument', `The Copr URL must start with https:// or http://, not ${url.protocol}.`);
  }
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

function redact(text: string): string {
  return redactUrl(text).slice(0, 200);
}

/** `user` → `user`; `@group` → `g/group`, each segment percent-encoded. */
function ownerPath(owner: string): string {
  return owner.startsWith('@') ? `g/${encodeURIComponent(owner.slice(1))}` : encodeURIComponent(owner);
}

/** The build page: `/coprs/<owner>/<project>/build/<id>/` or `/coprs/g/<group>/<project>/build/<id>/`. */
export function buildWebUrl(baseUrl: string, build: { id: number; owner: string; project: string }): string {
  return `${normalizeBaseUrl(baseUrl)}/coprs/${ownerPath(build.owner)}/${encodeURIComponent(build.project)}/build/${build.id}/`;
}

/** The redirect-by-id form copr-cli prints: `/coprs/build/<id>/`. */
export function buildIdWebUrl(baseUrl: string, buildId: number): string {
  return `${normalizeBaseUrl(baseUrl)}/coprs/build/${buildId}/`;
}

/** The project's builds table. */
export function projectWebUrl(baseUrl: string, owner: string, project: string): string {
  return `${normalizeBaseUrl(baseUrl)}/coprs/${ownerPath(owner)}/${encodeURIComponent(project)}/builds/`;
}

/** A file inside a result directory (with or without its trailing slash); null when the directory is not a safe URL. */
export function resultFileUrl(resultDirUrl: string | null, fileName: string): string | null {
  if (!isSafeHttpUrl(resultDirUrl)) return null;
  const dir = resultDirUrl.endsWith('/') ? resultDirUrl : `${resultDirUrl}/`;
  const url = `${dir}${encodeURIComponent(fileName)}`;
  return isSafeHttpUrl(url) ? url : null;
}

export interface TaskLogUrls {
  /** `builder-live.log` while running, `builder-live.log.gz` once ended. */
  builderLive: string | null;
  /** `backend.log` while starting/running, `backend.log.gz` once ended. */
  backend: string | null;
  /** mock's `build.log.gz`, once ended. */
  build: string | null;
  /** mock's `root.log.gz`, once ended. */
  root: string | null;
}

const ENDED_WITH_LOGS: ReadonlySet<TaskState> = new Set<TaskState>(['failed', 'succeeded', 'canceled', 'importing']);

/**
 * The log URLs Copr serves for a task in its current state, as the frontend computes them
 * (`BuildChroot._compressed_log_variant`): live plain logs while starting/running, `.gz` after the end, none for
 * waiting/pending/skipped/forked/unknown or without a result dir.
 */
export function taskLogUrls(task: { result_dir_url: string | null; state: TaskState }): TaskLogUrls {
  const none: TaskLogUrls = { builderLive: null, backend: null, build: null, root: null };
  const dir = task.result_dir_url;
  if (task.state === 'running') {
    return { ...none, builderLive: resultFileUrl(dir, 'builder-live.log'), backend: resultFileUrl(dir, 'backend.log') };
  }
  if (task.state === 'starting') return { ...none, backend: resultFileUrl(dir, 'backend.log') };
  if (ENDED_WITH_LOGS.has(task.state)) {
    return {
      builderLive: resultFileUrl(dir, 'builder-live.log.gz'),
      backend: resultFileUrl(dir, 'backend.log.gz'),
      build: resultFileUrl(dir, 'build.log.gz'),
      root: resultFileUrl(dir, 'root.log.gz'),
    };
  }
  return none;
}

const BUILD_PATHS: readonly RegExp[] = [
  /^\/coprs\/build\/(\d+)\/?$/,
  /^\/coprs\/g\/[^/]+\/[^/]+\/build\/(\d+)\/?$/,
  /^\/coprs\/[^/]+\/[^/]+\/build\/(\d+)\/?$/,
];

function positiveId(digits: string): number | null {
  if (digits.length > 15) return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * A build id from what a person typed or pasted: `123`, `#123`, or a Copr build URL in any of its forms
 * (`/coprs/<owner>/<project>/build/<id>/`, `/coprs/g/<group>/<project>/build/<id>/`, `/coprs/build/<id>/`; with or
 * without the scheme or trailing slash). Null when it is none of these.
 */
export function parseBuildUrl(text: string): number | null {
  if (typeof text !== 'string' || text.length > MAX_URL_LENGTH) return null;
  const t = text.trim();
  const bare = /^#?(\d+)$/.exec(t);
  if (bare) return positiveId(bare[1]);
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? t : `https://${t}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  for (const re of BUILD_PATHS) {
    const m = re.exec(url.pathname);
    if (m) return positiveId(m[1]);
  }
  return null;
}
