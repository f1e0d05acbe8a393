// /backend/get-build-task/<build_id>-<chroot>: the builder-facing task record, the only place v3-era Copr
// still tells the dist-git hash (copr-api.md §8). Errors are {"msg"}.

import { buildAt } from './model';
import { htmlNotFound, json, type SimRequest, type SimResponse, trimSlash } from './http';
import type { ApiMode } from './types';
import { gitHash } from './views';
import type { World } from './world';

/** `api`: 'v2' answers a missing task as copr-frontend 1.190 did (200 `null`), otherwise as main does (404). */
export function handleBackend(world: World, base: string, req: SimRequest, api: ApiMode = 'both'): SimResponse {
  const m = /^\/backend\/get-build-task\/([^/]+)$/.exec(trimSlash(req.path));
  // As the real frontend (main and 1.190): other paths and ids without `<build>-` are its HTML 404; a chroot that is
  // not `<os>-<version>-<arch>` is a 500 with a message.
  if (!m) return htmlNotFound();
  const taskId = decodeURIComponent(m[1] as string);
  const parsed = /^(\d+)-(.+)$/.exec(taskId);
  if (!parsed) return api === 'v2' ? json(500, { msg: 'Invalid task ID' }) : htmlNotFound();
  if (!/^[^-]+-[^-]+-.+$/.test(parsed[2] as string)) return json(500, { msg: api === 'v2' ? 'Invalid task ID' : 'Chroot identification is not valid' });
  const b = world.builds.get(Number(parsed[1]));
  const chroot = parsed[2] as string;
  const c = b ? buildAt(b, req.now).chroots.find((x) => x.rec.name === chroot) : undefined;
  if (!b || !c) return api === 'v2' ? json(200, null) : json(404, { msg: 'Specified task ID not found' });
  const owner = b.project.owner;
  const task: Record<string, unknown> = {
    task_id: taskId,
    build_id: b.id,
    chroot,
    project_owner: owner,
    project_name: b.project.name,
    project_dirname: b.dirname,
    submitter: b.submitter,
    git_repo: `${base}/git/${owner}/${b.dirname}/${b.pkg}`,
    git_hash: gitHash(b),
    package_name: b.pkg,
    package_version: b.version,
    timeout: 18000,
    memory_reqs: 2048,
    enable_net: false,
    // As main's BuildConfigLogic: the project's repository, plus the directory's own for a Packit-style directory.
    repos: [
      { baseurl: `${base}/results/${owner}/${b.project.name}/${chroot}/`, id: 'copr_base', name: 'Copr repository', priority: null, repo_gpgcheck: false },
      ...(b.dirname === b.project.name
        ? []
        : [{ baseurl: `${base}/results/${owner}/${b.dirname}/${chroot}/`, id: 'copr_coprdir', name: 'Coprdir repository', priority: null, repo_gpgcheck: false }]),
    ],
    isolation: 'default',
    // An enum number on the wire (StorageEnum: 0 = backend).
    storage: 0,
    buildroot_pkgs: [],
    with_opts: [],
    without_opts: [],
    sandbox: `${owner}/${b.project.name}--${b.submitter ?? owner}`,
    background: false,
    fedora_review: false,
    appstream: true,
    allow_user_ssh: false,
    ssh_public_keys: null,
    repo_priority: null,
    tags: [],
    uses_devel_repo: false,
  };
  if (api !== 'v2') return json(200, task);
  // 1.190's record: no storage, ssh or repo priority fields yet.
  for (const k of ['storage', 'allow_user_ssh', 'ssh_public_keys', 'repo_priority']) delete task[k];
  for (const r of task.repos as Array<Record<string, unknown>>) {
    delete r.priority;
    delete r.repo_gpgcheck;
  }
  return json(200, task);
}
