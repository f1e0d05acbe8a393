// Turns whatever a command was invoked with into { buildId, chroot }: a task row's `{ buildId, chroot }`, the TaskNode
// itself (context menus), a build row (then the chroot is picked), or nothing (command palette: ask for a build id
// or URL, then pick the chroot). The prompts are a port so this stays testable without VS Code.
import type { BuildTask, TaskState } from '../api/types';
import { parseBuildUrl } from '../api/urls';
import { isChrootName } from '../details/messages';

export interface TaskRef {
  buildId: number;
  chroot: string;
}

export interface ChrootChoice {
  chroot: string;
  state: TaskState;
}

export interface TaskRefPrompts {
  /** Asks for a build id or URL; `validate` returns an error message or undefined. */
  askBuild(validate: (text: string) => string | undefined): Promise<string | undefined>;
  pickChroot(buildId: number, choices: ChrootChoice[]): Promise<string | undefined>;
}

export interface TaskRefDeps {
  prompts: TaskRefPrompts;
  /** The build's tasks (from the store when it has them, else from the server). */
  loadTasks(buildId: number): Promise<readonly BuildTask[]>;
}

const MAX_BUILD_ID = 2 ** 31;

function buildIdOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n < MAX_BUILD_ID ? n : undefined;
}

/** `{ buildId, chroot }` from a command argument, or only `{ buildId }` (a build row), or undefined. */
export function refOfArgument(arg: unknown): { buildId: number; chroot?: string } | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as { buildId?: unknown; chroot?: unknown; build_id?: unknown; chroot_name?: unknown };
  const buildId = buildIdOf(a.buildId ?? a.build_id);
  if (buildId === undefined) return undefined;
  const chroot = a.chroot ?? a.chroot_name;
  return isChrootName(chroot) ? { buildId, chroot } : { buildId };
}

/**
 * A build id (and maybe a chroot) from what a person typed: `9812345`, `#9812345`, a build page URL
 * (`…/coprs/owner/project/build/9812345/`, `…/coprs/build/9812345`) or a result directory URL
 * (`…/results/owner/project/<chroot>/09812345-pkg/`).
 */
export function parseBuildInput(text: string): { buildId: number; chroot?: string } | undefined {
  const t = text.trim();
  const fromPage = parseBuildUrl(t);
  if (fromPage !== null) {
    const id = buildIdOf(fromPage);
    return id === undefined ? undefined : { buildId: id };
  }
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const resultDir = /\/results\/[^/]+\/[^/]+\/([^/]+)\/0*(\d{1,10})-[^/]+\/?/.exec(url.pathname);
  if (resultDir) {
    const id = buildIdOf(resultDir[2]);
    if (id === undefined) return undefined;
    return isChrootName(resultDir[1]) && resultDir[1] !== 'srpm-builds' ? { buildId: id, chroot: resultDir[1] } : { buildId: id };
  }
  return undefined;
}

export function validateBuildInput(text: string): string | undefined {
  if (!text.trim()) return 'Enter a build id (e.g. 9812345) or a Copr build URL.';
  return parseBuildInput(text) ? undefined : 'Not a build id or a Copr build URL.';
}

/** Only the build id (commands that act on a whole build). */
export async function resolveBuildId(arg: unknown, prompts: TaskRefPrompts): Promise<number | undefined> {
  const given = refOfArgument(arg);
  if (given) return given.buildId;
  const typed = await prompts.askBuild(validateBuildInput);
  return typed === undefined ? undefined : parseBuildInput(typed)?.buildId;
}

export async function resolveTaskRef(arg: unknown, deps: TaskRefDeps): Promise<TaskRef | undefined> {
  let partial = refOfArgument(arg);
  if (!partial) {
    const typed = await deps.prompts.askBuild(validateBuildInput);
    if (typed === undefined) return undefined;
    partial = parseBuildInput(typed);
    if (!partial) return undefined;
  }
  if (partial.chroot) return { buildId: partial.buildId, chroot: partial.chroot };
  const tasks = await deps.loadTasks(partial.buildId);
  const choices = tasks.map((t) => ({ chroot: t.chroot_name, state: t.state }));
  if (choices.length === 0) {
    throw new Error(`Build ${partial.buildId} has no chroots yet (its sources are still being imported); try again in a minute.`);
  }
  if (choices.length === 1) return { buildId: partial.buildId, chroot: choices[0].chroot };
  const chroot = await deps.prompts.pickChroot(partial.buildId, choices);
  return chroot && choices.some((c) => c.chroot === chroot) ? { buildId: partial.buildId, chroot } : undefined;
}
