// Reads and validates the extension's settings. Pure: the caller passes a `get(key)` function (vscode's
// WorkspaceConfiguration in the extension, a plain object in tests). Every problem names its setting; a bad value
// falls back to something safe so the rest keeps working.

import type { ApiVersion, TaskState } from '../api/types';
import { isTaskState } from '../api/states';
import type { Scope } from '../monitor/scopes';
import { redactUrl } from '../common/log';

export type NotificationMode = 'failures' | 'all' | 'off';

export interface CoprSettings {
  /** Normalised base URL: scheme + host (+ port), no trailing slash, no credentials. */
  url: string;
  apiVersion: ApiVersion | 'auto';
  owner: string | undefined;
  projects: string[];
  maxBuilds: number;
  stateFilter: TaskState[];
  pollIntervalSec: number;
  idleRefreshMinutes: number;
  notifications: NotificationMode;
  specDiagnostics: boolean;
  /** Find the workspace's own Copr projects from its files (src/discovery). */
  workspaceDiscovery: boolean;
}

export interface SettingsResult {
  settings: CoprSettings;
  /** One line per bad setting, naming it, for a person. */
  problems: string[];
}

export const DEFAULT_URL = 'https://copr.fedorainfracloud.org';
const OWNER_RE = /^@?[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const PROJECT_NAME_RE = /^[A-Za-z0-9_.+-]+$/;

export type SettingGetter = (key: string) => unknown;

export function readSettings(get: SettingGetter): SettingsResult {
  const problems: string[] = [];
  const url = readUrl(get('url'), problems);
  const apiVersion = oneOf(get('apiVersion'), ['auto', 'v3', 'v2'] as const, 'auto', 'copr.apiVersion', problems);
  const owner = readOwner(get('owner'), problems);
  const projects = readProjects(get('projects'), problems);
  const maxBuilds = intIn(get('maxBuilds'), 1, 100, 25, 'copr.maxBuilds', problems);
  const pollIntervalSec = intIn(get('pollInterval'), 10, 3600, 30, 'copr.pollInterval', problems);
  const idleRefreshMinutes = intIn(get('idleRefreshMinutes'), 1, 1440, 5, 'copr.idleRefreshMinutes', problems);
  const notifications = oneOf(get('notifications'), ['failures', 'all', 'off'] as const, 'failures', 'copr.notifications', problems);
  const stateFilter = readStates(get('stateFilter'), problems);
  const spec = get('specDiagnostics');
  const specDiagnostics = spec === undefined ? true : spec !== false;
  const workspaceDiscovery = get('workspaceDiscovery') !== false;
  return {
    settings: { url, apiVersion, owner, projects, maxBuilds, stateFilter, pollIntervalSec, idleRefreshMinutes, notifications, specDiagnostics, workspaceDiscovery },
    problems,
  };
}

/** The tree's roots and the scheduler's scopes, in settings order: the owner first, then each project. */
export function scopesOf(settings: CoprSettings): Scope[] {
  const scopes: Scope[] = [];
  if (settings.owner) scopes.push({ kind: 'owner', owner: settings.owner });
  for (const p of settings.projects) {
    const slash = p.indexOf('/');
    scopes.push({ kind: 'project', owner: p.slice(0, slash), project: p.slice(slash + 1) });
  }
  return scopes;
}

function readUrl(value: unknown, problems: string[]): string {
  if (value === undefined || value === null || value === '') return DEFAULT_URL;
  if (typeof value !== 'string') {
    problems.push(`copr.url must be a text such as ${DEFAULT_URL}; using ${DEFAULT_URL}.`);
    return DEFAULT_URL;
  }
  let text = value.trim();
  // "javascript:..." or "file:..." has a scheme even without "//"; "host:8080" and "user:pass@host" do not.
  const bareScheme = /^([a-z][a-z0-9+.-]*):(?!\d|\/\/)/i.exec(text);
  if (bareScheme && !text.includes('@')) {
    const scheme = (bareScheme[1] as string).toLowerCase();
    problems.push(
      scheme === 'http' || scheme === 'https'
        ? `copr.url "${clip(text)}" is not a URL (expected e.g. ${DEFAULT_URL}); using ${DEFAULT_URL}.`
        : `copr.url must use http or https, not ${clip(scheme)}:; using ${DEFAULT_URL}.`,
    );
    return DEFAULT_URL;
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    // Never repeat credentials back, even in a message.
    const shown = clip(redactUrl(text));
    problems.push(`copr.url "${shown}" has no scheme; assuming https://${shown}.`);
    text = `https://${text}`;
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    problems.push(`copr.url "${clip(redactUrl(value.trim()))}" is not a URL; using ${DEFAULT_URL}.`);
    return DEFAULT_URL;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    problems.push(`copr.url must use http or https, not ${parsed.protocol}; using ${DEFAULT_URL}.`);
    return DEFAULT_URL;
  }
  if (parsed.username || parsed.password) {
    problems.push('copr.url contains credentials; they were removed (reading Copr needs no login, and settings are not a place for secrets).');
  }
  if (parsed.pathname !== '/' && parsed.pathname !== '') {
    // A path with an '@' may be the rest of a password that held '/' (alice:/pw@host parses as host "alice"): not echoed.
    problems.push(`copr.url should be the server only; ignoring the path${text.includes('@') ? '' : ` "${clip(parsed.pathname)}"`}.`);
  }
  if (parsed.search || parsed.hash) problems.push('copr.url should have no query or fragment; ignoring it.');
  return `${parsed.protocol}//${parsed.host}`;
}

function readOwner(value: unknown, problems: string[]): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !OWNER_RE.test(value.trim())) {
    problems.push(`copr.owner "${clip(String(value))}" is not a Copr user or @group name (letters, digits, . _ -); ignoring it.`);
    return undefined;
  }
  return value.trim();
}

function readProjects(value: unknown, problems: string[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push('copr.projects must be a list such as ["owner/project"]; ignoring it.');
    return [];
  }
  const out: string[] = [];
  for (const item of value) {
    if (typeof item === 'number' && Number.isInteger(item) && item > 0) {
      problems.push(`copr.projects: numeric project id ${item} is only understood on API v2 as "owner/project" lookups; write it as "owner/project".`);
      continue;
    }
    const text = typeof item === 'string' ? item.trim() : '';
    const slash = text.indexOf('/');
    const owner = text.slice(0, slash);
    const name = text.slice(slash + 1);
    if (slash <= 0 || !OWNER_RE.test(owner) || !PROJECT_NAME_RE.test(name)) {
      problems.push(`copr.projects: "${clip(String(item))}" is not "owner/project"; ignoring it.`);
      continue;
    }
    if (!out.includes(text)) out.push(text);
  }
  return out;
}

function readStates(value: unknown, problems: string[]): TaskState[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push('copr.stateFilter must be a list of states; showing every state.');
    return [];
  }
  const states = value.filter(isTaskState);
  if (states.length !== value.length) problems.push('copr.stateFilter: ignoring values that are not Copr states.');
  return [...new Set(states)];
}

function intIn(value: unknown, min: number, max: number, fallback: number, key: string, problems: string[]): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push(`${key} must be a number from ${min} to ${max}; using ${fallback}.`);
    return fallback;
  }
  const n = Math.round(value);
  if (n < min || n > max) {
    const clamped = Math.min(max, Math.max(min, n));
    problems.push(`${key} ${value} is outside ${min}..${max}; using ${clamped}.`);
    return clamped;
  }
  return n;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T, key: string, problems: string[]): T {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  problems.push(`${key} must be one of ${allowed.join(', ')}; using ${fallback}.`);
  return fallback;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
