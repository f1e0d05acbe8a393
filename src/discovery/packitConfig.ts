// A Packit config's copr_build jobs, read as data: which packages, which triggers, which Copr owner and project.
// The YAML parser is passed in (js-yaml, loaded only when a config exists; see src/platform), so this module stays
// free of vscode and of Node. Input is bounded before parsing and only the few keys we need are read afterwards.

/** The names Packit accepts for its config, in its own order (packit.dev/docs/configuration). */
export const PACKIT_CONFIG_FILES = ['.packit.yaml', '.packit.yml', 'packit.yaml', 'packit.yml'] as const;

/** A config bigger than this is not one a person wrote. */
export const MAX_CONFIG_BYTES = 256 * 1024;
/** Deeper nesting than this is not a Packit config (theirs is at most ~6 levels); refused before parsing. */
export const MAX_DEPTH = 32;
const MAX_JOBS = 100;
const MAX_PACKAGES = 50;

export type YamlParse = (text: string) => unknown;

export type Trigger = 'pull_request' | 'commit' | 'release';
const TRIGGERS: readonly string[] = ['pull_request', 'commit', 'release'];

export interface CoprBuildJob {
  /** 'copr_build' or its alias 'build'. */
  job: string;
  trigger: Trigger;
  owner?: string;
  project?: string;
  targets: string[];
  /** Packit's `identifier`: a suffix of the default project name. */
  identifier?: string;
  /** Commit trigger: the branch it builds (Packit: the default branch when absent). */
  branch?: string;
  /** The monorepo package this job is limited to, if any. */
  packages?: string[];
}

export interface PackitPackage {
  /** The key under `packages:` in a monorepo config; undefined for a single-package config. */
  key?: string;
  /** downstream_package_name, else the monorepo key. */
  name?: string;
  specfilePath?: string;
  /** `paths` of a monorepo package (where its sources live). */
  paths: string[];
}

export interface PackitConfig {
  packages: PackitPackage[];
  jobs: CoprBuildJob[];
  /** Why a part of the config was ignored, one line each. */
  problems: string[];
}

export class PackitConfigError extends Error {}

/** Nesting depth of flow collections and block indentation, counted without parsing (refuses YAML bombs early). */
export function nestingDepth(text: string): number {
  let flow = 0;
  let max = 0;
  for (const line of text.split('\n')) {
    const base = Math.ceil((/^ */.exec(line)?.[0].length ?? 0) / 2);
    if (line.trim() && !line.trimStart().startsWith('#')) max = Math.max(max, flow + base);
    for (const ch of line) {
      if (ch === '[' || ch === '{') max = Math.max(max, base + ++flow);
      else if ((ch === ']' || ch === '}') && flow > 0) flow--;
    }
  }
  return max;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' && v.length <= 200 ? v.trim() : undefined;
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return str(v) ? [v.trim()] : [];
  // `targets` may also be a mapping of target → options.
  const list = Array.isArray(v) ? v : isRecord(v) ? Object.keys(v) : [];
  return list.map(str).filter((s): s is string => s !== undefined).slice(0, 100);
}

/** Parses a Packit config; throws PackitConfigError with a one-line reason when it is not one. */
export function parsePackitConfig(text: string, parse: YamlParse): PackitConfig {
  if (text.length > MAX_CONFIG_BYTES) throw new PackitConfigError(`larger than ${MAX_CONFIG_BYTES / 1024} KB`);
  if (nestingDepth(text) > MAX_DEPTH) throw new PackitConfigError(`nested deeper than ${MAX_DEPTH} levels`);
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new PackitConfigError(`not valid YAML (${message.slice(0, 160)})`);
  }
  if (doc === undefined || doc === null) throw new PackitConfigError('empty');
  if (!isRecord(doc)) throw new PackitConfigError('not a mapping of Packit keys');
  const problems: string[] = [];
  const packages = readPackages(doc, problems);
  const jobs = readJobs(doc.jobs, problems);
  return { packages, jobs, problems };
}

function readPackages(doc: Record<string, unknown>, problems: string[]): PackitPackage[] {
  const top: PackitPackage = {
    name: str(doc.downstream_package_name),
    specfilePath: str(doc.specfile_path),
    paths: [],
  };
  if (doc.packages === undefined) return [top];
  if (!isRecord(doc.packages)) {
    problems.push('`packages` is not a mapping: ignored');
    return [top];
  }
  const out: PackitPackage[] = [];
  for (const [key, value] of Object.entries(doc.packages).slice(0, MAX_PACKAGES)) {
    const v = isRecord(value) ? value : {};
    out.push({
      key,
      name: str(v.downstream_package_name) ?? top.name ?? str(key),
      specfilePath: str(v.specfile_path) ?? top.specfilePath,
      paths: strings(v.paths),
    });
  }
  return out;
}

function readJobs(jobs: unknown, problems: string[]): CoprBuildJob[] {
  if (jobs === undefined) return [];
  if (!Array.isArray(jobs)) {
    problems.push('`jobs` is not a list: ignored');
    return [];
  }
  const out: CoprBuildJob[] = [];
  jobs.slice(0, MAX_JOBS).forEach((raw, i) => {
    if (!isRecord(raw)) return problems.push(`job ${i + 1} is not a mapping: ignored`);
    const job = str(raw.job);
    // `build` is Packit's old alias of `copr_build`.
    if (job !== 'copr_build' && job !== 'build') return;
    const trigger = str(raw.trigger);
    if (!trigger || !TRIGGERS.includes(trigger)) {
      return problems.push(`job ${i + 1} (${job}) has trigger "${String(raw.trigger ?? '').slice(0, 40)}", not pull_request, commit or release: ignored`);
    }
    const metadata = isRecord(raw.metadata) ? raw.metadata : {};
    const pick = (k: string) => raw[k] ?? metadata[k]; // keys once lived under `metadata:`
    const packages = strings(raw.packages);
    out.push({
      job,
      trigger: trigger as Trigger,
      owner: str(pick('owner')),
      project: str(pick('project')),
      targets: strings(pick('targets')),
      identifier: str(pick('identifier')),
      branch: str(pick('branch')),
      ...(packages.length ? { packages } : {}),
    });
  });
  return out;
}
