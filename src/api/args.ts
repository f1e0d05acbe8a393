// Checks every query before a request is sent: a bad limit or a malformed project string is the caller's bug or a
// typo in a setting, and must say so ('invalid-argument') instead of reaching Copr as a 500.

import { CoprError } from './errors';
import { isTaskState } from './states';
import type { BuildQuery, BuildTaskQuery, TaskState } from './types';

export const MAX_LIMIT = 100;

export interface ProjectRef {
  owner: string;
  name: string;
}

/** The one scope a query selects, after the seed's precedence: buildId > projectId/project > owner. */
export type Scope =
  | { kind: 'build'; buildId: number }
  | { kind: 'project'; project: ProjectRef | undefined; projectId: number | undefined }
  | { kind: 'owner'; owner: string };

export interface NormalizedTaskQuery {
  scope: Scope;
  state: TaskState | undefined;
  offset: number;
  limit: number;
  signal: AbortSignal | undefined;
}

export interface NormalizedBuildQuery {
  scope: Exclude<Scope, { kind: 'build' }>;
  packageName?: string;
  offset: number;
  limit: number;
  signal: AbortSignal | undefined;
}

function invalid(message: string): never {
  throw new CoprError('invalid-argument', message);
}

// Owner and project names are Copr's (letters, digits, `_.-+`, a leading `@` for groups; dirnames add `:`), but
// only what would break a URL or a query is refused here, so that a rename on Copr's side does not lock users out.
const NAME = /^[^\s/\\?#%@\u0000-\u001f\u007f][^\s/\\?#%\u0000-\u001f\u007f]{0,199}$/;

export function checkOwner(owner: unknown, what = 'owner'): string {
  if (typeof owner !== 'string') invalid(`${what} must be a user name or @group, got ${typeof owner}.`);
  const rest = owner.startsWith('@') ? owner.slice(1) : owner;
  if (!NAME.test(rest) || rest.includes('@')) invalid(`${what} "${owner.slice(0, 80)}" is not a Copr user name or @group.`);
  return owner;
}

function checkProjectName(name: unknown, what: string): string {
  if (typeof name !== 'string' || !NAME.test(name) || name.includes('@')) {
    invalid(`${what} "${String(name).slice(0, 80)}" is not a Copr project name.`);
  }
  return name;
}

/** `owner/name` (owner may be `@group`). */
export function parseProject(project: unknown): ProjectRef {
  if (typeof project !== 'string') invalid(`project must be "owner/name", got ${typeof project}.`);
  const parts = project.split('/');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    invalid(`project "${project.slice(0, 80)}" must be written "owner/name" (e.g. "@copr/copr-dev").`);
  }
  return { owner: checkOwner(parts[0], 'the owner in project'), name: checkProjectName(parts[1], 'project') };
}

export function checkId(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    invalid(`${what} must be a positive integer, got ${typeof value === 'number' ? value : typeof value}.`);
  }
  return value;
}

export function checkChroot(value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$/.test(value)) {
    invalid(`"${String(value).slice(0, 80)}" is not a chroot name (e.g. fedora-rawhide-x86_64).`);
  }
  return value;
}

function checkPage(offset: unknown, limit: unknown): { offset: number; limit: number } {
  const l = limit ?? MAX_LIMIT;
  const o = offset ?? 0;
  if (typeof l !== 'number' || !Number.isInteger(l) || l < 1 || l > MAX_LIMIT) {
    invalid(`limit must be an integer from 1 to ${MAX_LIMIT}, got ${String(l)}.`);
  }
  if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0) {
    invalid(`offset must be a non-negative integer, got ${String(o)}.`);
  }
  return { offset: o, limit: l };
}

function scopeOf(q: { owner?: unknown; project?: unknown; projectId?: unknown }, buildId: number | undefined): Scope | undefined {
  // Every given field is checked, even one that precedence will ignore: a typo should not hide behind another filter.
  const owner = q.owner === undefined ? undefined : checkOwner(q.owner);
  const project = q.project === undefined ? undefined : parseProject(q.project);
  const projectId = q.projectId === undefined ? undefined : checkId(q.projectId, 'projectId');
  if (buildId !== undefined) return { kind: 'build', buildId };
  if (project !== undefined || projectId !== undefined) return { kind: 'project', project, projectId };
  if (owner !== undefined) return { kind: 'owner', owner };
  return undefined;
}

export function normalizeTaskQuery(q: BuildTaskQuery): NormalizedTaskQuery {
  if (typeof q !== 'object' || q === null) invalid('The build task query must be an object.');
  const buildId = q.buildId === undefined ? undefined : checkId(q.buildId, 'buildId');
  const scope = scopeOf(q, buildId);
  if (!scope) invalid('Say which tasks to list: buildId, project ("owner/name"), projectId or owner.');
  if (q.state !== undefined && !isTaskState(q.state)) invalid(`"${String(q.state).slice(0, 40)}" is not a Copr state.`);
  return { scope, state: q.state, ...checkPage(q.offset, q.limit), signal: q.signal };
}

export function normalizeBuildQuery(q: BuildQuery): NormalizedBuildQuery {
  if (typeof q !== 'object' || q === null) invalid('The build query must be an object.');
  const scope = scopeOf(q, undefined);
  if (!scope || scope.kind === 'build') invalid('Say which builds to list: project ("owner/name"), projectId or owner.');
  const packageName = q.packageName === undefined ? undefined : checkProjectName(q.packageName, 'packageName');
  return { scope, packageName, ...checkPage(q.offset, q.limit), signal: q.signal };
}
