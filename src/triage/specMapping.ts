// Where a failure shows in the spec file, for the Problems panel: pure text work, no rpm macro engine.

import { FailureReason } from './failureReason';

export interface SpecMark {
  /** 0-based line in the spec file. */
  line: number;
  message: string;
}

const NAME_TAG = /^Name\s*:\s*(\S+)/i;
const BUILD_REQUIRES = /^BuildRequires\s*:\s*(.*)$/i;
const FILES_SECTION = /^%files(?:\s|$)/;
const SECTION_HEADER = /^%(?:description|package|prep|conf|build|install|check|files|changelog|generate_buildrequires|pre|post|preun|postun|pretrans|posttrans|triggerin|triggerun|verifyscript|clean)\b/;

/** The `Name:` tag's value as written (macros such as `%{srcname}` are not expanded), or null. */
export function specPackageName(specText: string): string | null {
  for (const line of specLines(specText)) {
    const name = NAME_TAG.exec(line.trim());
    if (name) {
      return name[1];
    }
  }
  return null;
}

/** The spec lines to mark for a failure; empty when the failure is not the spec's (infrastructure, unknown). */
export function specMarks(specText: string, reason: FailureReason): SpecMark[] {
  const lines = specLines(specText);
  const fallback = (message: string): SpecMark[] => [{ line: nameLine(lines), message }];
  switch (reason.category) {
    case 'spec-error': {
      const missing = /^missing Source\/Patch file: (\S+)$/.exec(reason.summary);
      if (missing) {
        return sourceLineMarks(lines, missing[1], reason.summary, fallback);
      }
      if (reason.specLine !== undefined && reason.specLine >= 1 && reason.specLine <= lines.length) {
        return [{ line: reason.specLine - 1, message: reason.summary }];
      }
      const tag = /Unknown tag: ([\w()]+):/.exec(reason.summary);
      const tagLine = tag ? lines.findIndex((l) => l.trimStart().startsWith(`${tag[1]}:`)) : -1;
      return tagLine >= 0 ? [{ line: tagLine, message: reason.summary }] : fallback(reason.summary);
    }
    case 'missing-deps':
      // Packages the project's buildroot settings ask for have no line in the spec.
      return reason.dependencySource === 'buildroot' ? [] : dependencyMarks(lines, reason);
    case 'source-error': {
      const url = /cannot download (\S+)/.exec(reason.summary);
      return url ? sourceLineMarks(lines, url[1].slice(url[1].lastIndexOf('/') + 1), reason.summary, () => []) : [];
    }
    case 'section-failed': {
      const message = reason.detail ? `${reason.summary}: ${reason.detail}` : reason.summary;
      const section = reason.section ?? '';
      const header = lines.findIndex((l) => isHeader(l, section));
      return header >= 0 ? [{ line: header, message }] : fallback(message);
    }
    case 'missing-files':
      return missingFileMarks(lines, reason);
    case 'unpackaged-files': {
      const files = lines.findIndex((l) => FILES_SECTION.test(l.trim()));
      const message = `unpackaged files (add them to %files or remove them in %install): ${(reason.files ?? []).join(', ')}`;
      return files >= 0 ? [{ line: files, message }] : fallback(message);
    }
    default:
      return [];
  }
}

const SOURCE_TAG = /^(?:Source|Patch)\d*\s*:/i;

/** The Source/Patch line whose value ends with this file name (macros in it are not expanded). */
function sourceLineMarks(lines: readonly string[], file: string, message: string, fallback: (m: string) => SpecMark[]): SpecMark[] {
  const stem = file.replace(/\.(?:tar\.\w+|t[gx]z|zip|patch|diff)$/, '').replace(/[\d.]+$/, '');
  let index = lines.findIndex((l) => SOURCE_TAG.test(l.trim()) && l.includes(file));
  if (index < 0 && stem.length > 2) index = lines.findIndex((l) => SOURCE_TAG.test(l.trim()) && l.includes(stem));
  return index >= 0 ? [{ line: index, message }] : fallback(message);
}

function specLines(specText: string): string[] {
  return typeof specText === 'string' ? specText.split(/\r?\n/) : [];
}

function nameLine(lines: readonly string[]): number {
  const index = lines.findIndex((l) => NAME_TAG.test(l.trim()));
  return index >= 0 ? index : 0;
}

function isHeader(line: string, section: string): boolean {
  if (section.length === 0) {
    return false;
  }
  const trimmed = line.trim();
  return trimmed === section || (trimmed.startsWith(section) && /\s/.test(trimmed.charAt(section.length)));
}

/** "python3-foo >= 1.2" → "python3-foo". */
function dependencyName(dependency: string): string {
  return dependency.trim().split(/\s+/)[0] ?? '';
}

/** The ways a spec may write a dependency: "python3dist(foo)" is also "%{py3_dist foo}". */
function spellings(name: string): string[] {
  const forms = [name];
  const pyDist = /^python3dist\((.+)\)$/.exec(name);
  if (pyDist) {
    forms.push(`%{py3_dist ${pyDist[1]}}`, `%py3_dist ${pyDist[1]}`);
  }
  return forms;
}

function dependencyMarks(lines: readonly string[], reason: FailureReason): SpecMark[] {
  const marks = new Map<number, string[]>();
  const unmatched: string[] = [];
  for (const dependency of reason.packages ?? []) {
    const forms = spellings(dependencyName(dependency));
    const index = lines.findIndex((l) => {
      const value = BUILD_REQUIRES.exec(l.trim());
      if (!value) {
        return false;
      }
      const tokens = value[1].split(/[\s,]+/);
      return forms.some((form) => (form.includes(' ') ? value[1].includes(form) : tokens.includes(form)));
    });
    if (index >= 0) {
      marks.set(index, [...(marks.get(index) ?? []), dependency]);
    } else {
      unmatched.push(dependency);
    }
  }
  const result: SpecMark[] = [...marks.entries()].map(([line, deps]) => ({
    line,
    message: `missing build dependency: ${deps.join(', ')}`,
  }));
  if (unmatched.length > 0 || result.length === 0) {
    // Generated (or indirect) build dependencies have no BuildRequires line of their own.
    const generator = lines.findIndex((l) => l.trim().startsWith('%generate_buildrequires'));
    result.push({
      line: generator >= 0 ? generator : nameLine(lines),
      message: unmatched.length > 0 ? `missing build dependency: ${unmatched.join(', ')}` : reason.summary,
    });
  }
  return result.sort((a, b) => a.line - b.line);
}

/** The usual directory macros, enough to find most %files entries by path. */
const PATH_MACROS: ReadonlyArray<[RegExp, string]> = [
  [/%\{?_mandir\}?/g, '/usr/share/man'],
  [/%\{?_datadir\}?/g, '/usr/share'],
  [/%\{?_docdir\}?/g, '/usr/share/doc'],
  [/%\{?_bindir\}?/g, '/usr/bin'],
  [/%\{?_sbindir\}?/g, '/usr/sbin'],
  [/%\{?_libexecdir\}?/g, '/usr/libexec'],
  [/%\{?_includedir\}?/g, '/usr/include'],
  [/%\{?_sysconfdir\}?/g, '/etc'],
  [/%\{?_unitdir\}?/g, '/usr/lib/systemd/system'],
  [/%\{?_prefix\}?/g, '/usr'],
];

function expandPath(text: string): string {
  let expanded = text;
  for (const [macro, value] of PATH_MACROS) {
    expanded = expanded.replace(macro, value);
  }
  return expanded;
}

function missingFileMarks(lines: readonly string[], reason: FailureReason): SpecMark[] {
  const marks: SpecMark[] = [];
  const unmatched: string[] = [];
  let inFiles = false;
  const filesEntries: Array<{ line: number; path: string }> = [];
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (SECTION_HEADER.test(line)) {
      inFiles = FILES_SECTION.test(line);
      return;
    }
    if (inFiles && line.length > 0 && !line.startsWith('#')) {
      const path = line.split(/\s+/).find((token) => token.startsWith('/') || token.startsWith('%{_') || token.startsWith('%_'));
      if (path) {
        filesEntries.push({ line: index, path: expandPath(path) });
      }
    }
  });
  for (const file of reason.files ?? []) {
    const entry = filesEntries.find((e) => e.path === file);
    if (entry) {
      marks.push({ line: entry.line, message: `File not found in the buildroot: ${file}` });
    } else {
      unmatched.push(file);
    }
  }
  if (unmatched.length > 0 || marks.length === 0) {
    const files = lines.findIndex((l) => FILES_SECTION.test(l.trim()));
    marks.push({
      line: files >= 0 ? files : nameLine(lines),
      message: `File not found in the buildroot: ${unmatched.length > 0 ? unmatched.join(', ') : reason.summary}`,
    });
  }
  return marks.sort((a, b) => a.line - b.line);
}
