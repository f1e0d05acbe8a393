// One pass over one log, keeping only bounded state: the findings every rule needs, and a few
// small rings of recent lines for evidence. The classifier weighs the findings of all logs afterwards.

import { EvidenceLine, LogName } from './failureReason';
import { forEachLine, normalizeLine, Ring } from './lineReader';
import * as P from './patterns';
import { StageScanner, type DependencyOrigin, type StageFindings } from './stageRules';

export type InfraKind = 'no-space' | 'timeout' | 'out-of-memory' | 'lost-builder' | 'canceled' | 'download';

export interface InfraFinding {
  reason: string;
  evidence: EvidenceLine[];
}

export interface LogFindings extends StageFindings {
  log: LogName;
  lineCount: number;
  missingDeps?: { packages: string[]; evidence: EvidenceLine[] };
  sectionFailure?: { section: string; detail?: string; evidence: EvidenceLine[] };
  specError?: { message: string; specLine?: number; evidence: EvidenceLine[] };
  unpackaged?: { files: string[]; evidence: EvidenceLine[] };
  missingFiles?: { files: string[]; evidence: EvidenceLine[] };
  infra: Partial<Record<InfraKind, InfraFinding>>;
  /** mock's / copr-rpmbuild's closing "ERROR:" lines. */
  mockError?: { evidence: EvidenceLine[] };
  /** rpm "error:" lines outside sections that no rule explains. */
  rpmErrors: EvidenceLine[];
  /** The last error-looking lines anywhere in the log. */
  errorLike: EvidenceLine[];
  /** The last non-empty lines of the log. */
  tail: EvidenceLine[];
}

const MAX_ITEMS = 50;
const MAX_FINDING_EVIDENCE = 12;
const MAX_INFRA_EVIDENCE = 4;
const SECTION_ERROR_LINES = 10;

export function scanLog(log: LogName, text: string): LogFindings {
  const scanner = new LogScanner(log);
  forEachLine(text, (raw, lineNumber) => scanner.feed(raw, lineNumber));
  return scanner.finish();
}

/** Characters scanned between two yields to the event loop: about 10 ms of scanning on the CI machine. */
export const SCAN_SLICE_CHARS = 256 * 1024;

/** Lets the event loop run (timers, I/O, the host's messages); setTimeout because a web worker has no setImmediate. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * scanLog in slices of whole lines, awaiting `pause` after each SCAN_SLICE_CHARS: a 16 MB log is ~64 short tasks
 * instead of one that held the extension host for 1.2 s (issue 20). The same findings as scanLog.
 */
export async function scanLogSliced(log: LogName, text: string, pause: () => Promise<void> = yieldToEventLoop): Promise<LogFindings> {
  const scanner = new LogScanner(log);
  let lines = 0;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', Math.min(text.length, start + SCAN_SLICE_CHARS) - 1);
    const end = newline < 0 ? text.length : newline + 1;
    let last = 0;
    forEachLine(text.slice(start, end), (raw, n) => {
      last = n;
      scanner.feed(raw, lines + n);
    });
    lines += last;
    start = end;
    if (start < text.length) await pause();
  }
  return scanner.finish();
}

export class LogScanner {
  #lineCount = 0;
  readonly #infra: Partial<Record<InfraKind, InfraFinding>> = {};
  readonly #errorLike = new Ring<EvidenceLine>(8);
  readonly #tail = new Ring<EvidenceLine>(8);
  readonly #rpmErrors = new Ring<EvidenceLine>(6);

  readonly #depPackages = new Set<string>();
  readonly #depEvidence: EvidenceLine[] = [];
  #depsConfirmed = false;
  #inNeededByBlock = false;

  #section: string | null = null;
  readonly #sectionErrors = new Ring<EvidenceLine>(SECTION_ERROR_LINES);
  readonly #sectionTail = new Ring<EvidenceLine>(6);
  #firstCompilerError: EvidenceLine | null = null;
  #lastTestSummary: string | null = null;
  #lastTestFailure: string | null = null;
  #sectionFailure: LogFindings['sectionFailure'];

  #specError: LogFindings['specError'];

  #inUnpackagedBlock = false;
  readonly #unpackagedFiles = new Set<string>();
  readonly #unpackagedEvidence: EvidenceLine[] = [];
  readonly #missingFiles = new Set<string>();
  readonly #missingEvidence: EvidenceLine[] = [];

  readonly #mockErrorEvidence: EvidenceLine[] = [];
  readonly #stages = new StageScanner();
  #depsFrom: DependencyOrigin | null = null;

  constructor(private readonly log: LogName) {}

  feed(raw: string, lineNumber: number): void {
    this.#lineCount = lineNumber;
    const line = normalizeLine(raw);
    if (line.length === 0) {
      this.#inNeededByBlock = false;
      this.#inUnpackagedBlock = false;
      return;
    }
    const evidence: EvidenceLine = { log: this.log, line: lineNumber, text: line };
    this.#tail.push(evidence);
    if (this.#section !== null) {
      this.#sectionTail.push(evidence);
    }

    if (this.#inNeededByBlock) {
      const needed = P.NEEDED_BY.exec(line);
      if (needed) {
        this.#addDependency(needed[1], evidence);
        return;
      }
      this.#inNeededByBlock = false;
    }
    if (this.#inUnpackagedBlock) {
      const path = P.PATH_LINE.exec(line);
      if (path) {
        addBounded(this.#unpackagedFiles, path[1]);
        pushBounded(this.#unpackagedEvidence, evidence, MAX_FINDING_EVIDENCE);
        return;
      }
      this.#inUnpackagedBlock = false;
    }

    if (!P.MAYBE_INTERESTING.test(line)) {
      return;
    }
    this.#stages.feed(line, evidence, this.#section !== null);
    const backend = this.log === 'backend';
    const outsideSection = this.#section === null || backend;

    if (P.ERROR_LIKE.test(line)) {
      this.#errorLike.push(evidence);
      if (this.#section !== null) {
        this.#noteSectionError(line, evidence);
      }
    }

    if (this.#matchDependencies(line, evidence, this.#section === null)) {
      return;
    }

    const executing = P.EXECUTING_SECTION.exec(line);
    if (executing) {
      this.#startSection(executing[1]);
      return;
    }
    const badExit = P.BAD_EXIT_STATUS.exec(line);
    if (badExit) {
      this.#recordSectionFailure(badExit[1], evidence);
      return;
    }
    if (P.SECTION_OVER.test(line)) {
      this.#section = null;
    }

    if (P.UNPACKAGED_FILES.test(line)) {
      this.#inUnpackagedBlock = true;
      pushBounded(this.#unpackagedEvidence, evidence, MAX_FINDING_EVIDENCE);
      return;
    }
    const notFound = P.FILE_NOT_FOUND.exec(line);
    if (notFound) {
      addBounded(this.#missingFiles, P.stripBuildroot(notFound[1]));
      pushBounded(this.#missingEvidence, evidence, MAX_FINDING_EVIDENCE);
      return;
    }

    this.#matchInfrastructure(line, evidence, outsideSection);

    if (this.#section === null) {
      if (this.#matchSpecError(line, evidence)) {
        return;
      }
      if (P.RPM_ERROR.test(line)) {
        this.#rpmErrors.push(evidence);
      }
    }
    if (P.MOCK_ERROR.test(line)) {
      pushBounded(this.#mockErrorEvidence, evidence, 4);
    }
  }

  finish(): LogFindings {
    const findings: LogFindings = {
      ...this.#stages.finish(),
      log: this.log,
      lineCount: this.#lineCount,
      infra: this.#infra,
      rpmErrors: this.#rpmErrors.toArray(),
      errorLike: this.#errorLike.toArray(),
      tail: this.#tail.toArray(),
    };
    if (this.#depsConfirmed) {
      findings.missingDeps = { packages: [...this.#depPackages], evidence: this.#depEvidence };
      if (this.#depsFrom) findings.depsFrom = this.#depsFrom;
    }
    if (this.#sectionFailure) {
      findings.sectionFailure = this.#sectionFailure;
    }
    if (this.#specError) {
      findings.specError = this.#specError;
    }
    if (this.#unpackagedFiles.size > 0) {
      findings.unpackaged = { files: [...this.#unpackagedFiles], evidence: this.#unpackagedEvidence };
    }
    if (this.#missingFiles.size > 0) {
      findings.missingFiles = { files: [...this.#missingFiles], evidence: this.#missingEvidence };
    }
    if (this.#mockErrorEvidence.length > 0) {
      findings.mockError = { evidence: this.#mockErrorEvidence };
    }
    return findings;
  }

  #addDependency(dependency: string, evidence: EvidenceLine): void {
    this.#depsConfirmed = true;
    this.#depsFrom ??= this.#stages.stage;
    addBounded(this.#depPackages, dependency.trim());
    pushBounded(this.#depEvidence, evidence, MAX_FINDING_EVIDENCE);
  }

  #matchDependencies(line: string, evidence: EvidenceLine, outsideSection: boolean): boolean {
    if (P.FAILED_BUILD_DEPS.test(line)) {
      this.#depsConfirmed = true;
      this.#inNeededByBlock = true;
      pushBounded(this.#depEvidence, evidence, MAX_FINDING_EVIDENCE);
      return true;
    }
    // dnf's own wording; inside a running section it would be a test or a script talking.
    const dependency =
      P.NO_MATCHING_PACKAGE.exec(line) ??
      (outsideSection
        ? (P.NO_MATCH_FOR_ARGUMENT.exec(line) ??
          P.UNABLE_TO_FIND_MATCH.exec(line) ??
          P.NOTHING_PROVIDES.exec(line) ??
          P.NONE_OF_PROVIDERS.exec(line))
        : null);
    if (dependency) {
      this.#addDependency(dependency[1], evidence);
      return true;
    }
    if (outsideSection && P.DEPS_CONTEXT.test(line)) {
      this.#depsConfirmed = true;
      pushBounded(this.#depEvidence, evidence, MAX_FINDING_EVIDENCE);
      return true;
    }
    return false;
  }

  #startSection(section: string): void {
    this.#section = section;
    this.#sectionErrors.clear();
    this.#sectionTail.clear();
    this.#firstCompilerError = null;
    this.#lastTestSummary = null;
    this.#lastTestFailure = null;
  }

  #noteSectionError(line: string, evidence: EvidenceLine): void {
    if (P.BAD_EXIT_STATUS.test(line)) {
      return;
    }
    this.#sectionErrors.push(evidence);
    if (this.#firstCompilerError === null && P.COMPILER_ERROR.test(line)) {
      this.#firstCompilerError = evidence;
    }
    const summary = P.TEST_SUMMARY.exec(line);
    if (summary) {
      this.#lastTestSummary = summary[1];
    } else if (P.TEST_FAILED_LINE.test(line)) {
      this.#lastTestFailure = line;
    }
  }

  #recordSectionFailure(section: string, badExit: EvidenceLine): void {
    if (this.#sectionFailure) {
      return; // "RPM build errors:" repeats it
    }
    let lines = this.#sectionErrors.toArray();
    if (lines.length === 0) {
      lines = this.#sectionTail.toArray().filter((l) => l !== badExit);
    }
    const first = this.#firstCompilerError;
    if (first && !lines.includes(first)) {
      lines = [first, ...lines.slice(-(MAX_FINDING_EVIDENCE - 2))];
    }
    const detail =
      first?.text ??
      this.#lastTestSummary ??
      this.#lastTestFailure ??
      lastPythonException(lines) ??
      (lines.length > 0 ? lines[lines.length - 1].text : undefined);
    this.#sectionFailure = { section, evidence: [...lines, badExit], ...(detail ? { detail } : {}) };
    this.#section = null;
  }

  #matchSpecError(line: string, evidence: EvidenceLine): boolean {
    const withLine = P.SPEC_LINE_ERROR.exec(line) ?? P.SPEC_FILE_LINE_ERROR.exec(line);
    if (withLine) {
      if (!this.#specError || this.#specError.specLine === undefined) {
        this.#specError = { message: withLine[2], specLine: Number(withLine[1]), evidence: [evidence] };
      } else {
        pushBounded(this.#specError.evidence, evidence, MAX_INFRA_EVIDENCE);
      }
      return true;
    }
    const other = P.SPEC_OTHER_ERROR.exec(line);
    if (other) {
      if (!this.#specError) {
        this.#specError = { message: other[1], evidence: [evidence] };
      } else {
        pushBounded(this.#specError.evidence, evidence, MAX_INFRA_EVIDENCE);
      }
      return true;
    }
    return false;
  }

  #matchInfrastructure(line: string, evidence: EvidenceLine, outsideSection: boolean): void {
    if (P.NO_SPACE.test(line)) {
      this.#noteInfra('no-space', 'No space left on device', evidence);
    }
    if (P.TIMEOUT.test(line) || (outsideSection && P.KILLED_AFTER.test(line))) {
      this.#noteInfra('timeout', 'build timeout', evidence);
    }
    if (!outsideSection) {
      return; // test suites print network and memory errors of their own
    }
    if (P.OUT_OF_MEMORY.test(line)) {
      this.#noteInfra('out-of-memory', 'out of memory', evidence);
    }
    const lost = P.LOST_BUILDER.exec(line);
    if (lost) {
      this.#noteInfra('lost-builder', `lost the builder (${lost[0]})`, evidence);
    }
    if (P.BUILD_CANCELED.test(line)) {
      this.#noteInfra('canceled', 'the build was canceled', evidence);
    }
    const download = P.DOWNLOAD_FAILED.exec(line);
    if (download) {
      const repo = download[1] ?? download[2];
      const reason = repo
        ? `cannot download metadata for repository '${repo}'`
        : `download failed (${clip(line.slice(download.index), 60)})`;
      this.#noteInfra('download', reason, evidence);
    }
  }

  #noteInfra(kind: InfraKind, reason: string, evidence: EvidenceLine): void {
    const finding = this.#infra[kind];
    if (finding) {
      pushBounded(finding.evidence, evidence, MAX_INFRA_EVIDENCE);
    } else {
      this.#infra[kind] = { reason, evidence: [evidence] };
    }
  }
}

function lastPythonException(lines: EvidenceLine[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    if (P.PYTHON_EXCEPTION.test(lines[i].text)) {
      return lines[i].text;
    }
  }
  return undefined;
}

function addBounded(set: Set<string>, item: string): void {
  if (set.size < MAX_ITEMS && item.length > 0) {
    set.add(item);
  }
}

function pushBounded<T>(list: T[], item: T, max: number): void {
  if (list.length < max) {
    list.push(item);
  }
}

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
