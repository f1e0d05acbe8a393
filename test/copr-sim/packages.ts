// GET /api_3/package/list, as copr-frontend serves it (apiv3_packages.py `PackageGetList`; the shape was checked
// against the real frontend in /work/shared/real-copr, see src/api/packages.ts): a project's packages oldest first
// (id ASC), `limit`/`offset` paging, 404 for a missing project. A project's packages are those of its imported builds
// (a build has no package name before its import; their source is "unset" as in seed.py) plus the SCM packages below,
// which the fixture projects are given so that "This workspace" can match a git remote against their clone URLs.
import { json, parseIntStrict, type SimRequest, type SimResponse } from './http';
import type { ProjectRec } from './model';
import type { World } from './world';

interface ScmPackage {
  id: number;
  name: string;
  clone_url: string;
  committish: string | null;
  subdirectory: string | null;
  spec: string | null;
  source_build_method: string;
}

/** SCM packages of fixture projects (`owner/name`): listed whenever that project exists in the world. */
export const SCM_PACKAGES: Readonly<Record<string, readonly ScmPackage[]>> = {
  'bob/packit-demo': [
    { id: 11, name: 'packit-demo', clone_url: 'https://github.com/bob/packit-demo.git', committish: 'main', subdirectory: '', spec: 'packit-demo.spec', source_build_method: 'rpkg' },
  ],
  'alice/tools': [
    // Written as people paste it: another case than the repository's own, a trailing slash.
    { id: 12, name: 'python-tools', clone_url: 'https://GitHub.com/Alice/python-tools/', committish: null, subdirectory: 'rpm', spec: null, source_build_method: 'make_srpm' },
  ],
  'alice/hello': [
    // The repository of the packit-defaults fixture (github.com/acme/hello), also built by hand in alice/hello.
    { id: 13, name: 'hello', clone_url: 'https://github.com/acme/hello.git', committish: 'main', subdirectory: null, spec: 'hello.spec', source_build_method: 'rpkg' },
  ],
};

const err = (status: number, error: string): SimResponse => json(status, { error });

type Item = { id: number; item: Record<string, unknown> };

function packagesOf(world: World, project: ProjectRec, now: number): Item[] {
  const base = { ownername: project.owner, projectname: project.name, auto_rebuild: false, builds: { latest: null, latest_succeeded: null } };
  const out: Item[] = (SCM_PACKAGES[`${project.owner}/${project.name}`] ?? []).map(({ id, name, source_build_method, ...scm }) => ({
    id,
    item: { id, name, ...base, source_type: 'scm', source_dict: { type: 'git', ...scm, source_build_method } },
  }));
  const seen = new Set(out.map((p) => p.item.name));
  // Oldest build first: a package's id is that of the build that created it (ids only need to be unique and ordered).
  for (const b of [...(world.byProject.get(project)?.newestFirst() ?? [])].reverse()) {
    if (now < b.importEndAt || seen.has(b.pkg)) continue;
    seen.add(b.pkg);
    out.push({ id: b.id, item: { id: b.id, name: b.pkg, ...base, source_type: 'unset', source_dict: {} } });
  }
  return out.sort((a, b) => a.id - b.id);
}

export function handlePackages(ctx: { world: World }, req: SimRequest): SimResponse {
  if (req.path.replace(/\/$/, '') !== '/api_3/package/list') return err(404, "Such API endpoint doesn't exist");
  if (req.method !== 'GET') return err(405, 'The method is not allowed for the requested URL.');
  const q = req.query;
  for (const name of ['ownername', 'projectname']) if (!q.get(name)) return err(400, `Missing argument ${name}`);
  const [limit, offset] = ['limit', 'offset'].map((n) => (q.get(n) ? parseIntStrict(q.get(n)) : null));
  if (Number.isNaN(limit) || Number.isNaN(offset)) return err(500, "{'limit': ['Not a valid integer value.']}");
  const project = ctx.world.getProject(q.get('ownername') as string, q.get('projectname') as string);
  if (!project) return err(404, `Project ${q.get('ownername')}/${q.get('projectname')} does not exist.`);
  const start = Math.max(0, offset ?? 0);
  const all = packagesOf(ctx.world, project, req.now);
  const items = all.slice(start, limit === null ? undefined : start + Math.max(0, limit)).map((p) => p.item);
  return json(200, { items, meta: { limit, offset: start, order: 'id', order_type: 'ASC' } });
}
