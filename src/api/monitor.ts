// `GET /api_3/monitor` (python-copr's monitor_proxy): one answer with every package of one project directory and,
// per enabled chroot, the state of that package's latest build there. Checked against copr-frontend (main branch,
// apiv3_monitor.py + BuildsMonitorLogic.package_build_chroots):
//   {"output": "ok", "message": "...", "packages": [{"name": "hello", "chroots": {"fedora-40-x86_64":
//     {"state": "running", "status": 3, "build_id": 127, "pkg_version": "1.0-3"}}}]}
// - streamed, not paged; packages sorted by name; a package appears only once it has a build with build-chroots;
// - per chroot the build with the highest id that has that chroot, in the main directory unless `project_dirname`
//   names another (an unknown one is 404), so an older build of the same package is not shown there;
// - only the project's enabled chroots; builds without build-chroots yet (sources still building) are absent;
// - `additional_fields[]=url_build_log|url_backend_log` add URLs (`url_build` is accepted but adds nothing);
//   any other value is 400.
// The extension asks without additional fields: states and build ids are all the scheduler uses.
import { CoprError } from './errors';
import { normalizeState } from './states';
import type { TaskState } from './types';

export interface MonitorChroot {
  chroot: string;
  state: TaskState;
  buildId: number;
  pkgVersion: string | null;
}

export interface MonitorPackage {
  name: string;
  chroots: MonitorChroot[];
}

export interface MonitorQuery {
  /** `owner/name`. */
  project: string;
  /** A directory other than the main one (Packit's `name:pr:42`). */
  dirname?: string;
  signal?: AbortSignal;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Json, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

function fail(url: string | undefined, path: string, problem: string): never {
  throw new CoprError('invalid-response', `Copr sent an unexpected response: ${path} ${problem}.`, url);
}

/** The `packages` of a monitor answer; chroot keys are kept as data, never as object properties of ours. */
export function decodeMonitor(body: unknown, ctx: { url?: string; onUnknownState?: (raw: string) => void } = {}): MonitorPackage[] {
  if (!isObject(body)) fail(ctx.url, 'the body', 'should be an object');
  const packages = own(body, 'packages');
  if (!Array.isArray(packages)) fail(ctx.url, 'packages', 'should be an array');
  return packages.map((p, i) => {
    const path = `packages[${i}]`;
    if (!isObject(p)) fail(ctx.url, path, 'should be an object');
    const name = own(p, 'name');
    if (typeof name !== 'string' || name === '') fail(ctx.url, `${path}.name`, 'should be a package name');
    const chroots = own(p, 'chroots');
    if (!isObject(chroots)) fail(ctx.url, `${path}.chroots`, 'should be an object');
    return {
      name,
      chroots: Object.keys(chroots).map((chroot) => {
        const c = chroots[chroot];
        const at = `${path}.chroots.${chroot}`;
        if (!isObject(c)) fail(ctx.url, at, 'should be an object');
        const state = own(c, 'state');
        const buildId = own(c, 'build_id');
        const version = own(c, 'pkg_version');
        if (typeof state !== 'string') fail(ctx.url, `${at}.state`, 'should be a state name');
        if (typeof buildId !== 'number' || !Number.isSafeInteger(buildId) || buildId < 0) fail(ctx.url, `${at}.build_id`, 'should be a build id');
        return { chroot, state: normalizeState(state, ctx.onUnknownState), buildId, pkgVersion: typeof version === 'string' ? version : null };
      }),
    };
  });
}
