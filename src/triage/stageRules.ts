// What happened around rpmbuild: which stage of mock a missing package belongs to (the project's buildroot or the
// spec's BuildRequires), and why the sources could not be had — the usual failures of Copr's SRPM stage (rpkg,
// `make srpm` with .copr/Makefile, SCM with a spec, PyPI and RubyGems generators, a Source URL that answers 404).
// Fed by the log scanner with each normalized line that passed its gate; bounded state, one regex pass per line.

import type { EvidenceLine } from './failureReason';

export type DependencyOrigin = 'spec' | 'buildroot';

export interface StageFindings {
  /** Where the packages that could not be installed were asked for, when mock's stage markers tell. */
  depsFrom?: DependencyOrigin;
  /** The sources could not be fetched or prepared. */
  sourceError?: { message: string; evidence: EvidenceLine[] };
}

// mock installs the buildroot (config_opts chroot_setup_cmd + the project's "buildroot packages") in chroot init,
// and the spec's BuildRequires in "build setup" (or rpmbuild reports them as "Failed build dependencies").
const BUILDROOT_START = /^Start(?:\(bootstrap\))?: installing (?:minimal )?buildroot/;
const BUILDROOT_END = /^Finish(?:\(bootstrap\))?: installing (?:minimal )?buildroot/;
const SPEC_DEPS_START = /^Start: build setup for |^Executing\(%generate_buildrequires\)/;

const SOURCE_RULES: ReadonlyArray<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^error: Couldn't download (\S+)/, (m) => `cannot download ${m[1]}`],
  [/^make(?:\[\d+\])?: (?:\*\*\* )?(?:\S*\/)?\.copr\/Makefile: No such file or directory/, () => '.copr/Makefile not found in the repository'],
  [/^make(?:\[\d+\])?: \*\*\* No rule to make target '(srpm|\S*\.copr\/Makefile)'/, (m) => (m[1] === 'srpm' ? ".copr/Makefile has no 'srpm' target" : '.copr/Makefile not found in the repository')],
  [/^fatal: repository '([^']+)' not found/, (m) => `git repository not found: ${m[1]}`],
  [/^fatal: unable to access '([^']+)': The requested URL returned error: (4\d\d)/, (m) => `git repository not accessible (HTTP ${m[2]}): ${m[1]}`],
  [/^fatal: Remote branch (\S+) not found/, (m) => `branch ${m[1]} not found in the repository`],
  [/^error: pathspec '([^']+)' did not match/, (m) => `committish ${m[1]} not found in the repository`],
  [/^fatal: (?:invalid reference|couldn't find remote ref): (\S+)/, (m) => `committish ${m[1]} not found in the repository`],
  [/(?:Could not find|No) (?:a |the )?\.?spec file(?: found)?|^error: no spec file/i, () => 'no spec file found in the sources'],
  [/No matching distribution found for (\S+)/, (m) => `PyPI has no matching distribution for ${m[1]}`],
  [/Could not find a valid gem '([^']+)'/, (m) => `RubyGems has no gem ${m[1]}`],
  // copr-rpmbuild's own words (fedora-copr/copr rpmbuild/copr_rpmbuild/providers: scm.py, spec.py, rubygems.py)
  [/The user-defined SCM subdirectory `([^']*)' doesn't exist within this repository/, (m) => `subdirectory ${m[1]} not found in the repository`],
  [/Requests get status "(4\d\d)" for "([^"]+)"/, (m) => `cannot download ${m[2]} (HTTP ${m[1]})`],
  [/Url is not a path to \.spec nor \.src\.rpm file/, () => 'the URL is neither a .spec nor a .src.rpm file'],
  [/Empty tag: License/, () => 'the gem declares no license (gem2rpm: Empty tag: License)'],
];
const HTTP_4XX = /returned error: (4\d\d)\b|\b(404) Not Found\b/;
/** Cheap gates: most lines of a big log reach neither the stage markers nor any source rule. */
const STAGE_GATE = /^(?:Start|Finish|Executing)\b/;
const SOURCE_GATE = /^(?:error: |make|fatal: )|spec file|distribution|valid gem|returned error: 4|404 Not Found|SCM subdirectory|Requests get status|\.src\.rpm file|Empty tag/;

export class StageScanner {
  #stage: DependencyOrigin | null = null;
  #lastHttp4xx: EvidenceLine | null = null;
  #lastHttpCode = '';
  #sourceError: StageFindings['sourceError'];

  /** The stage a dependency found now belongs to. */
  get stage(): DependencyOrigin | null {
    return this.#stage;
  }

  /** `inSection`: rpmbuild runs a section's script, whose output (tests cloning repositories...) is not the sources'. */
  feed(line: string, evidence: EvidenceLine, inSection: boolean): void {
    if (STAGE_GATE.test(line)) this.#markStage(line);
    else if (!inSection && SOURCE_GATE.test(line)) this.#matchSource(line, evidence);
  }

  #markStage(line: string): void {
    if (BUILDROOT_START.test(line)) {
      this.#stage = 'buildroot';
      return;
    }
    if (BUILDROOT_END.test(line)) {
      this.#stage = null;
      return;
    }
    if (SPEC_DEPS_START.test(line)) {
      this.#stage = 'spec';
    }
  }

  #matchSource(line: string, evidence: EvidenceLine): void {
    const http = HTTP_4XX.exec(line);
    if (http) {
      this.#lastHttp4xx = evidence;
      this.#lastHttpCode = http[1] ?? http[2];
    }
    if (this.#sourceError) {
      // copr-rpmbuild repeats the failed command's output after "Copr build error:"; the first saying is the cause.
      return;
    }
    for (const [re, message] of SOURCE_RULES) {
      const m = re.exec(line);
      if (m) {
        const text = message(m);
        const http = text.startsWith('cannot download') ? this.#lastHttp4xx : null;
        this.#sourceError = http
          ? { message: `${text} (HTTP ${this.#lastHttpCode})`, evidence: [http, evidence] }
          : { message: text, evidence: [evidence] };
        return;
      }
    }
  }

  finish(): StageFindings {
    return this.#sourceError ? { sourceError: this.#sourceError } : {};
  }
}
