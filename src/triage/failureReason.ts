// The result of failure triage for one chroot: what went wrong, in words short enough for a tree row,
// with the log lines that show it.

export type FailureCategory =
  | 'missing-deps'
  | 'section-failed'
  | 'spec-error'
  | 'unpackaged-files'
  | 'missing-files'
  /** The sources could not be fetched or prepared (a Source URL answers 404, a missing .copr/Makefile...). */
  | 'source-error'
  | 'infrastructure'
  | 'unknown';

export type LogName = 'builder-live' | 'build' | 'root' | 'backend';

export interface EvidenceLine {
  log: LogName;
  /** 1-based line number in that log. */
  line: number;
  text: string;
}

export interface FailureReason {
  category: FailureCategory;
  /** Short, for a tree row: "missing BuildRequires: python3-foo", "%check failed", ... */
  summary: string;
  /** True when the package is probably not at fault (infrastructure): a resubmit may be enough. */
  notYourPackage: boolean;
  /** missing-deps: the dependencies that could not be installed. */
  packages?: string[];
  /** missing-deps: asked for by the spec (BuildRequires) or by the project's buildroot settings, when the log tells. */
  dependencySource?: 'spec' | 'buildroot';
  /** section-failed: the rpmbuild section whose script exited non-zero. */
  section?: '%prep' | '%build' | '%install' | '%check' | '%conf' | string;
  /** section-failed: the one line most likely to be the cause (first compiler error, test summary...). */
  detail?: string;
  /** spec-error: the spec file's 1-based line number, when rpm printed one. */
  specLine?: number;
  /** unpackaged-files / missing-files: paths as written in %files (buildroot prefix removed). */
  files?: string[];
  /** At most MAX_EVIDENCE lines, in log order, that show the cause. */
  evidence: EvidenceLine[];
  /** The log the cause was found in. */
  source?: LogName;
}

export const MAX_EVIDENCE = 12;
