// GET /api_3/monitor, as copr-frontend serves it (apiv3_monitor.py, BuildsMonitorLogic.package_build_chroots; the
// shape was checked against the real frontend in /work/shared/real-copr): per package of one project directory
// (sorted by name), per enabled chroot of the project, the latest build (highest id) that has that chroot. Builds
// whose chroots do not exist yet (sources still importing, or canceled before that) are absent, so are other
// directories' builds. Streamed by Copr, not paged; written here with the same envelope. (An older handler in
// v3.ts, which this one shadows, answered a missing directory with no packages and listed disabled chroots.)
import { chrootAt, chrootsVisible, isFinal, type BuildRec, type ProjectRec } from './model';
import { json, type SimRequest, type SimResponse } from './http';
import { STATUS_ENUM } from './v3';
import { resultDirUrl } from './views';
import type { World } from './world';

const FIELDS = ['url_build_log', 'url_backend_log', 'url_build'];
const err = (status: number, error: string): SimResponse => json(status, { error });

export function handleMonitor(ctx: { world: World; base: string }, req: SimRequest): SimResponse {
  if (req.method !== 'GET') return err(405, 'The method is not allowed for the requested URL.');
  const q = req.query;
  for (const name of ['ownername', 'projectname']) if (!q.get(name)) return err(400, `Missing argument ${name}`);
  const owner = q.get('ownername') as string;
  const name = q.get('projectname') as string;
  const fields = new Set(q.getAll('additional_fields[]'));
  const bad = [...fields].filter((f) => !FIELDS.includes(f)).sort();
  if (bad.length) return err(400, `Wrong additional_fields argument(s): ${bad.join(', ')}`);
  const project = ctx.world.getProject(owner, name);
  if (!project) return err(404, `Project ${owner}/${name} does not exist.`);
  const builds = [...(ctx.world.byProject.get(project)?.newestFirst() ?? [])];
  const dirname = q.get('project_dirname') || project.name;
  if (dirname !== project.name && !builds.some((b) => b.dirname === dirname)) {
    return err(404, `Dirname '${dirname}' doesn't exist in '${owner}/${name}' copr`);
  }
  const packages = monitorPackages(ctx.base, project, builds.filter((b) => b.dirname === dirname), req.now, fields);
  const head = '{"output": "ok","message": "Project monitor request successful","packages": [\n';
  const body = `${head}${packages.map((p) => JSON.stringify(p)).join(',\n')}]}`;
  return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) };
}

function monitorPackages(base: string, project: ProjectRec, builds: BuildRec[], t: number, fields: Set<string>): unknown[] {
  const enabled = new Set(project.chroots);
  const latest = new Map<string, Map<string, Record<string, unknown>>>();
  for (const b of builds.sort((x, y) => y.id - x.id)) {
    if (b.submittedOn > t || !chrootsVisible(b, t)) continue;
    let chroots = latest.get(b.pkg);
    if (!chroots) latest.set(b.pkg, (chroots = new Map()));
    for (const c of b.chroots) {
      if (!enabled.has(c.name) || chroots.has(c.name)) continue;
      const v = chrootAt(b, c, t);
      const entry: Record<string, unknown> = { state: v.state, status: STATUS_ENUM[v.state], build_id: b.id };
      const dir = v.hasResultDir ? resultDirUrl(base, b, c.name) : null;
      const log = (file: string, raw: string[]) => (dir === null ? null : raw.includes(v.state) ? `${dir}${file}` : isFinal(v.state) ? `${dir}${file}.gz` : null);
      if (fields.has('url_build_log')) entry.url_build_log = log('builder-live.log', ['running']);
      if (fields.has('url_backend_log')) entry.url_backend_log = log('backend.log', ['starting', 'running']);
      entry.pkg_version = b.version;
      chroots.set(c.name, entry);
    }
  }
  return [...latest.keys()].sort().map((name) => ({ name, chroots: Object.fromEntries(latest.get(name) as Map<string, unknown>) }));
}
