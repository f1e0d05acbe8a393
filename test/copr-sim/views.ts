// How records look on the wire: URLs, the v3 build and build-chroot objects, the v2 build task.

import { fakeHash } from './prng';
import type { BuildRec, BuildView, ChrootView, ProjectRec } from './model';

export function pad8(id: number): string {
  return String(id).padStart(8, '0');
}

export function repoUrl(base: string, p: ProjectRec): string {
  return `${base}/results/${p.owner}/${p.name}`;
}

/** `<base>/results/<owner>/<dirname>/<chroot>/<%08d>-<package>/` (the seed's build keeps its foreign URL). */
export function resultDirUrl(base: string, b: BuildRec, chroot: string): string {
  if (b.fixedResultDirUrl) return b.fixedResultDirUrl;
  const override = b.resultDirUrls && Object.prototype.hasOwnProperty.call(b.resultDirUrls, chroot) ? b.resultDirUrls[chroot] : undefined;
  if (override !== undefined) return override;
  return `${base}/results/${b.project.owner}/${b.dirname}/${chroot}/${pad8(b.id)}-${b.pkg}/`;
}

export function gitHash(b: BuildRec): string {
  return b.fixedGitHash ?? fakeHash('git', b.id, b.pkg);
}

export function v3Build(base: string, v: BuildView): Record<string, unknown> {
  const b = v.rec;
  return {
    chroots: v.chroots.map((c) => c.rec.name),
    ended_on: v.ended_on,
    id: b.id,
    is_background: false,
    ownername: b.project.owner,
    project_dirname: b.dirname,
    projectname: b.project.name,
    repo_url: repoUrl(base, b.project),
    source_package: v.imported
      ? { name: b.pkg, url: `${base}/results/${b.project.owner}/${b.dirname}/srpm-builds/${pad8(b.id)}/${b.pkg}-${b.version}.src.rpm`, version: b.version }
      : // A build of a Copr package (SCM, PyPI, RubyGems) is named from the start; its SRPM stage may still fail.
        { name: b.srpmFailure ? b.pkg : null, url: null, version: null },
    started_on: v.started_on,
    state: v.state,
    submitted_on: b.submittedOn,
    submitter: b.submitter,
  };
}

export function v3Chroot(base: string, b: BuildRec, c: ChrootView): Record<string, unknown> {
  return {
    ended_on: c.ended_on,
    name: c.rec.name,
    result_url: c.hasResultDir ? resultDirUrl(base, b, c.rec.name) : null,
    started_on: c.started_on,
    state: c.state,
  };
}

/** The v2 BuildTaskSchema fields, in the seed's order, build_id included as the real code emitted it. */
export function v2BuildTask(base: string, b: BuildRec, c: ChrootView): Record<string, unknown> {
  return {
    chroot_name: c.rec.name,
    build_id: b.id,
    started_on: c.started_on,
    state: c.state,
    ended_on: c.ended_on,
    result_dir_url: c.hasResultDir ? resultDirUrl(base, b, c.rec.name) : null,
    // Set for every chroot by the dist-git import, which is over before chroots are listed.
    git_hash: gitHash(b),
  };
}

export function v2TaskItem(base: string, b: BuildRec, c: ChrootView): Record<string, unknown> {
  return {
    build_task: v2BuildTask(base, b, c),
    _links: {
      project: { href: `/api_2/projects/${b.project.id}` },
      build: { href: `/api_2/builds/${b.id}` },
      self: { href: `/api_2/build_tasks/${b.id}/${c.rec.name}` },
    },
  };
}
