// Failure triage: which of the usual reasons made a chroot fail, from its logs. Pure and
// synchronous; each log is scanned once, line by line, and nothing here throws.

import { EvidenceLine, FailureReason, LogName, MAX_EVIDENCE } from './failureReason';
import { detach } from './lineReader';
import { clip, InfraKind, LogFindings, scanLog, scanLogSliced } from './logScanner';

export type { EvidenceLine, FailureCategory, FailureReason, LogName } from './failureReason';
export type { LogFindings } from './logScanner';

export interface FailureLogs {
  builderLive?: string;
  build?: string;
  root?: string;
  backend?: string;
}

export interface Classification {
  reason: FailureReason;
  /**
   * False when the cause is only a guess (mock's generic ERROR, an unexplained rpm error, nothing):
   * another log, when one can still be fetched, may say more.
   */
  decisive: boolean;
}

/** The order logs are consulted in; on equal specificity the earlier log wins. */
const LOG_ORDER: ReadonlyArray<[keyof FailureLogs, LogName]> = [
  ['builderLive', 'builder-live'],
  ['build', 'build'],
  ['root', 'root'],
  ['backend', 'backend'],
];

/** How specific each kind of finding is: the most specific cause over all logs wins. */
const SCORE = {
  noSpace: 100,
  timeout: 99,
  outOfMemory: 98,
  missingDeps: 90,
  specError: 85,
  sourceError: 84,
  missingFiles: 80,
  unpackaged: 79,
  sectionFailed: 70,
  lostBuilder: 60,
  download: 55,
  rpmError: 40,
  mockError: 30,
} as const;
const DECISIVE_SCORE = SCORE.download;

interface Candidate {
  score: number;
  reason: FailureReason;
}

export function classifyFailure(logs: FailureLogs): FailureReason {
  return classifyLogs(logs).reason;
}

export function classifyLogs(logs: FailureLogs): Classification {
  try {
    return classifyUnsafe(logs);
  } catch (error) {
    // Scanning is written not to throw; this is the promise to callers that it never will.
    return { reason: triageFailed(error), decisive: false };
  }
}

function triageFailed(error: unknown): FailureReason {
  let message = 'unknown';
  try {
    message = clip(String(error), 80);
  } catch {
    // an error whose toString throws; keep the placeholder
  }
  return { category: 'unknown', summary: `unknown failure (triage error: ${message})`, notYourPackage: false, evidence: [] };
}

function classifyUnsafe(logs: FailureLogs): Classification {
  const findings: LogFindings[] = [];
  for (const [key, name] of LOG_ORDER) {
    const text: unknown = logs?.[key];
    if (typeof text === 'string' && text.length > 0) {
      findings.push(scanLog(name, text));
    }
  }
  return classifyFindings(findings);
}

/** The scan of one log, to weigh later with others (each log is read once, even when fetched one by one). */
export function scanFailureLog(log: LogName, text: string): LogFindings {
  try {
    return scanLog(log, typeof text === 'string' ? text : '');
  } catch {
    return { log, lineCount: 0, infra: {}, rpmErrors: [], errorLike: [], tail: [] };
  }
}

/** scanFailureLog without holding the event loop: the scan yields between slices (scanLogSliced). */
export async function scanFailureLogSliced(log: LogName, text: string): Promise<LogFindings> {
  try {
    return await scanLogSliced(log, typeof text === 'string' ? text : '');
  } catch {
    return { log, lineCount: 0, infra: {}, rpmErrors: [], errorLike: [], tail: [] };
  }
}

/** Weighs the findings of several logs (given in LOG_ORDER) and picks the most specific cause. */
export function classifyFindings(findings: readonly LogFindings[]): Classification {
  try {
    let best: Candidate | null = null;
    for (const found of findings) {
      const candidate = bestCandidate(found);
      if (candidate && (!best || candidate.score > best.score)) {
        best = candidate;
      }
    }
    if (best) {
      return { reason: finalize(best.reason), decisive: best.score >= DECISIVE_SCORE };
    }
    return { reason: finalize(unknownReason(findings)), decisive: false };
  } catch (error) {
    return { reason: triageFailed(error), decisive: false };
  }
}

function bestCandidate(f: LogFindings): Candidate | null {
  const infra = (kind: InfraKind, score: number): Candidate | null => {
    const found = f.infra[kind];
    return found
      ? {
          score,
          reason: {
            category: 'infrastructure',
            summary: `infrastructure: ${found.reason}`,
            notYourPackage: true,
            evidence: found.evidence,
            source: f.log,
          },
        }
      : null;
  };
  const strongInfra =
    infra('no-space', SCORE.noSpace) ?? infra('timeout', SCORE.timeout) ?? infra('out-of-memory', SCORE.outOfMemory);
  if (strongInfra) {
    return strongInfra;
  }
  if (f.missingDeps) {
    const { packages, evidence } = f.missingDeps;
    // Packages mock could not install with the minimal buildroot come from the project's settings, not the spec.
    const what = f.depsFrom === 'buildroot' ? "missing buildroot packages (the project's buildroot settings, not the spec)" : 'missing BuildRequires';
    return {
      score: SCORE.missingDeps,
      reason: {
        category: 'missing-deps',
        summary: packages.length > 0 ? `${what}: ${listSome(packages, 3)}` : what,
        notYourPackage: false,
        packages,
        ...(f.depsFrom ? { dependencySource: f.depsFrom } : {}),
        evidence,
        source: f.log,
      },
    };
  }
  // A source URL that answers 404 is the spec's; one that cannot be reached at all is the network's.
  const sourceError = f.sourceError && (f.infra.download === undefined || /\(HTTP 4\d\d\)|not found|\.copr\//.test(f.sourceError.message)) ? f.sourceError : undefined;
  if (f.specError) {
    const { message, specLine, evidence } = f.specError;
    const missing = MISSING_SOURCE_FILE.exec(evidence[0]?.text ?? '');
    return {
      score: SCORE.specError,
      reason: {
        category: 'spec-error',
        summary: missing
          ? `missing Source/Patch file: ${clip(baseName(missing[1]), 80)}`
          : specLine !== undefined
            ? `spec error at line ${specLine}: ${clip(message, 80)}`
            : `spec error: ${clip(message, 80)}`,
        notYourPackage: false,
        ...(specLine !== undefined ? { specLine } : {}),
        evidence,
        source: f.log,
      },
    };
  }
  if (sourceError) {
    return {
      score: SCORE.sourceError,
      reason: { category: 'source-error', summary: `sources: ${clip(sourceError.message, 100)}`, notYourPackage: false, evidence: sourceError.evidence, source: f.log },
    };
  }
  if (f.missingFiles) {
    const { files, evidence } = f.missingFiles;
    return {
      score: SCORE.missingFiles,
      reason: {
        category: 'missing-files',
        summary: `File not found: ${listSome(files, 1)}`,
        notYourPackage: false,
        files,
        evidence,
        source: f.log,
      },
    };
  }
  if (f.unpackaged) {
    const { files, evidence } = f.unpackaged;
    return {
      score: SCORE.unpackaged,
      reason: {
        category: 'unpackaged-files',
        summary: `unpackaged files: ${listSome(files, 1)}`,
        notYourPackage: false,
        files,
        evidence,
        source: f.log,
      },
    };
  }
  if (f.sectionFailure) {
    const { section, detail, evidence } = f.sectionFailure;
    return {
      score: SCORE.sectionFailed,
      reason: {
        category: 'section-failed',
        summary: `${section} failed`,
        notYourPackage: false,
        section,
        ...(detail !== undefined ? { detail } : {}),
        evidence,
        source: f.log,
      },
    };
  }
  const weakInfra =
    infra('lost-builder', SCORE.lostBuilder) ?? infra('canceled', SCORE.lostBuilder) ?? infra('download', SCORE.download);
  if (weakInfra) {
    return weakInfra;
  }
  if (f.rpmErrors.length > 0) {
    const first = f.rpmErrors[0].text;
    return {
      score: SCORE.rpmError,
      reason: {
        category: 'unknown',
        summary: `unknown failure: ${clip(first, 80)}`,
        notYourPackage: false,
        evidence: f.rpmErrors,
        source: f.log,
      },
    };
  }
  if (f.mockError) {
    // mock's closing ERROR lines say that it failed, not why: no evidence of infrastructure, so no resubmit advice.
    const cause = f.errorLike.filter((e) => !P_MOCK_CLOSING.test(e.text));
    return {
      score: SCORE.mockError,
      reason: {
        category: 'unknown',
        summary: cause.length > 0 ? `unknown failure: ${clip(cause[cause.length - 1].text, 80)}` : 'unknown failure: mock failed without an rpmbuild error',
        notYourPackage: false,
        evidence: [...cause, ...f.mockError.evidence],
        source: f.log,
      },
    };
  }
  return null;
}

function unknownReason(findings: readonly LogFindings[]): FailureReason {
  const withErrors = findings.find((f) => f.errorLike.length > 0);
  if (withErrors) {
    const last = withErrors.errorLike[withErrors.errorLike.length - 1].text;
    return {
      category: 'unknown',
      summary: `unknown failure: ${clip(last, 80)}`,
      notYourPackage: false,
      evidence: withErrors.errorLike,
      source: withErrors.log,
    };
  }
  const withLines = findings.find((f) => f.tail.length > 0);
  if (withLines) {
    return {
      category: 'unknown',
      summary: 'unknown failure',
      notYourPackage: false,
      evidence: withLines.tail,
      source: withLines.log,
    };
  }
  return { category: 'unknown', summary: 'unknown failure: no log to read', notYourPackage: false, evidence: [] };
}

/** Bounds the evidence and copies every string out of the (possibly huge) log text. */
function finalize(reason: FailureReason): FailureReason {
  const evidence = sortedUnique(reason.evidence).slice(-MAX_EVIDENCE);
  const result: FailureReason = {
    ...reason,
    summary: detach(reason.summary),
    evidence: evidence.map((e) => ({ log: e.log, line: e.line, text: detach(e.text) })),
  };
  if (reason.packages) {
    result.packages = reason.packages.map(detach);
  }
  if (reason.files) {
    result.files = reason.files.map(detach);
  }
  if (reason.detail !== undefined) {
    result.detail = detach(reason.detail);
  }
  return result;
}

function sortedUnique(lines: EvidenceLine[]): EvidenceLine[] {
  // rpm repeats its errors under "RPM build errors:" and mock repeats the failed command's output.
  const seenLines = new Set<string>();
  const seenTexts = new Set<string>();
  const unique: EvidenceLine[] = [];
  for (const line of lines) {
    const key = `${line.log}:${line.line}`;
    const text = line.text.trim().replace(/^error: /, '');
    if (!seenLines.has(key) && !seenTexts.has(text)) {
      seenLines.add(key);
      seenTexts.add(text);
      unique.push(line);
    }
  }
  return unique.sort((a, b) => (a.log === b.log ? a.line - b.line : 0));
}

/** rpm's words for a Source or Patch file that is not in SOURCES. */
const MISSING_SOURCE_FILE = /^error: (?:Bad (?:file|source|patch): |File |Unable to open )(\/\S+?):? No such file or directory/;
/** mock's and copr-rpmbuild's closing lines, which repeat that the build failed. */
const P_MOCK_CLOSING = /^(?:ERROR: (?:Exception\(|Command failed)|Copr build error: Build failed|error: Bad exit status)/;

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

function listSome(items: string[], shown: number): string {
  const head = items.slice(0, shown).join(', ');
  return items.length > shown ? `${head} (+${items.length - shown} more)` : head;
}
