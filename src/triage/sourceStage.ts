// Copr builds the source package (SRPM) first — rpkg, `make srpm` with .copr/Makefile, SCM with a spec, an upload,
// the PyPI and RubyGems generators — in its own result directory beside the chroots':
//   <results>/<owner>/<project dirname>/srpm-builds/<build id as %08d>/builder-live.log[.gz], backend.log[.gz]
// (fedora-copr/copr backend/copr_backend/job.py: Job.chroot = 'srpm-builds' for the source task, target_dir_name
// and helpers.build_target_dir '{:08d}' without a package name, builder_log / backend_log; the logs are gzipped
// when the task ends, background_worker_build.py _compress_logs; the frontend's API v3 `build/source-chroot/<id>`
// gives the same directory as `result_url`, apiv3_builds.py to_source_chroot and models.py Build.result_dir_url.)
// A build whose source stage failed gets no chroots at all, so its only logs are these.

import type { Build, BuildTask } from '../api/types';

/** The pseudo-chroot name of the source stage: Copr's own directory name, used as the store's and panels' key. */
export const SRPM_STAGE = 'srpm-builds';

/** The source stage failed: the build failed and never got a chroot. */
export function sourceStageFailed(build: Build | undefined, tasks: readonly BuildTask[] | undefined): boolean {
  return build !== undefined && build.state === 'failed' && build.chroots.length === 0 && (tasks === undefined || tasks.length === 0);
}

/** The failed source stage as a task, so that lists of failures read it like a chroot ('srpm-builds'). */
export function sourceStageTask(build: Pick<Build, 'id' | 'started_on' | 'ended_on'>): BuildTask {
  return { chroot_name: SRPM_STAGE, build_id: build.id, state: 'failed', started_on: build.started_on, ended_on: build.ended_on, result_dir_url: null, git_hash: null };
}

/** "https://host/results/owner/dir/fedora-42-x86_64/00012345-foo/" → "https://host/results/"; null when not that shape. */
export function resultsRootOf(resultDirUrl: string | null | undefined): string | null {
  if (typeof resultDirUrl !== 'string') return null;
  const m = /^(https?:\/\/[^/?#]+(?:\/[^?#]*?)?\/results\/)[^/?#]+\/[^/?#]+\/[^/?#]+\/\d+[^/?#]*\/?$/.exec(resultDirUrl);
  return m ? m[1] : null;
}

/** The source stage's result directory under a results root. */
export function sourceResultUrl(resultsRoot: string, build: Pick<Build, 'id' | 'owner' | 'dirname'>): string {
  const root = resultsRoot.endsWith('/') ? resultsRoot : `${resultsRoot}/`;
  return `${root}${pathPart(build.owner)}/${pathPart(build.dirname)}/${SRPM_STAGE}/${String(build.id).padStart(8, '0')}/`;
}

/** Copr writes `@group` and Packit's `project:pr:42` as they are; anything else odd is escaped. */
function pathPart(name: string): string {
  return encodeURIComponent(name).replace(/%40/g, '@').replace(/%3A/gi, ':');
}
