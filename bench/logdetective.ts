// Scores the failure classifier on Log Detective's public benchmark of real failed builds
// (the fedora-copr/logdetective-sample repository: one folder per sample, with its original logs and a
// sample_metadata.yaml whose `issue` is the cause a person wrote down). The samples are not in this repository and
// are never fetched here: pass the path of a local copy.
//   npm run compile-tests && node out/bench/logdetective.js /tmp/logdetective-sample [--json] [--verbose]
// A sample counts as right when the classifier's category is the one the issue describes AND one of its evidence
// lines names what the issue names (a backquoted token of the issue, or its URL).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { classifyFailure, type FailureLogs, type FailureReason } from '../src/triage/classifier';
import type { FailureCategory } from '../src/triage/failureReason';

export interface SampleMeta {
  issue: string;
  logFiles: string[];
  project: string;
}

export interface SampleScore {
  id: string;
  project: string;
  expected: FailureCategory;
  tokens: string[];
  /** Log files the metadata names that the copy does not have (large files may be missing from a partial copy). */
  missingLogs: string[];
  reason?: FailureReason;
  categoryRight: boolean;
  evidenceRight: boolean;
}

/** Just enough YAML for sample_metadata.yaml: top-level `key: value`, `key: |` blocks and `- item` lists. */
export function parseSampleMeta(text: string): SampleMeta {
  const fields = new Map<string, string | string[]>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^([A-Za-z_]+):\s*(.*)$/.exec(lines[i]);
    if (!m) continue;
    const [, key, rest] = m;
    const block: string[] = [];
    while (i + 1 < lines.length && (lines[i + 1].trim() === '' || /^\s/.test(lines[i + 1]))) block.push(lines[++i]);
    if (rest === '|' || rest === '>' || rest === '') {
      const items = block.map((l) => /^\s*-\s+(.*)$/.exec(l)?.[1]).filter((x): x is string => x !== undefined);
      fields.set(key, rest === '' && items.length > 0 ? items : block.map((l) => l.trim()).join('\n').trim());
    } else {
      fields.set(key, [rest, ...block.map((l) => l.trim())].join(' ').trim());
    }
  }
  const str = (k: string) => {
    const v = fields.get(k);
    return Array.isArray(v) ? v.join('\n') : (v ?? '');
  };
  const files = fields.get('log_files');
  return { issue: str('issue'), project: str('source_project_name'), logFiles: Array.isArray(files) ? files : files ? [files] : [] };
}

/** The category a person's description of the cause names (first rule that matches). */
export function expectedCategory(issue: string): FailureCategory {
  const rules: Array<[RegExp, FailureCategory]> = [
    [/\bdependenc/i, 'missing-deps'],
    [/\b(?:patch|source) files?\b|\bspec file\b/i, 'spec-error'],
    [/\bdownload|\b404\b/i, 'source-error'],
    [/no space|disk|time ?out|network|builder/i, 'infrastructure'],
    [/unpackaged/i, 'unpackaged-files'],
    [/compil|link|undefined reference|symbol|%build|%check|\btests?\b/i, 'section-failed'],
  ];
  return rules.find(([re]) => re.test(issue))?.[1] ?? 'unknown';
}

/** What the evidence must mention: the issue's `quoted` names and URLs. */
export function issueTokens(issue: string): string[] {
  const tokens = new Set<string>();
  for (const m of issue.matchAll(/`([^`'\n]{2,120})[`']/g)) tokens.add(m[1].trim());
  for (const m of issue.matchAll(/https?:\/\/\S+[^\s.,)]/g)) tokens.add(m[0]);
  return [...tokens].filter((t) => t.length > 1 && t !== 'SOURCES');
}

const LOG_KEYS: Record<string, keyof FailureLogs> = {
  'builder-live.log': 'builderLive',
  'build.log': 'build',
  'root.log': 'root',
  'backend.log': 'backend',
};

export function scoreSample(dir: string, id: string): SampleScore | undefined {
  const metaPath = join(dir, id, 'sample_metadata.yaml');
  if (!existsSync(metaPath)) return undefined;
  const meta = parseSampleMeta(readFileSync(metaPath, 'utf8'));
  const logs: FailureLogs = {};
  const missingLogs: string[] = [];
  for (const file of meta.logFiles) {
    const path = join(dir, id, file);
    const key = LOG_KEYS[file.replace(/\.gz$/, '')];
    if (!key) continue;
    if (!existsSync(path) || statSync(path).size === 0) {
      missingLogs.push(file);
      continue;
    }
    const bytes = readFileSync(path);
    logs[key] = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  }
  const expected = expectedCategory(meta.issue);
  const tokens = issueTokens(meta.issue);
  const base = { id, project: meta.project, expected, tokens, missingLogs };
  if (Object.keys(logs).length === 0) return { ...base, categoryRight: false, evidenceRight: false };
  const reason = classifyFailure(logs);
  const evidenceText = reason.evidence.map((e) => e.text);
  const evidenceRight = tokens.length === 0 || tokens.some((t) => evidenceText.some((line) => line.includes(t)));
  return { ...base, reason, categoryRight: reason.category === expected, evidenceRight };
}

export function scoreAll(dir: string): SampleScore[] {
  const data = existsSync(join(dir, 'data')) ? join(dir, 'data') : dir;
  return readdirSync(data)
    .sort()
    .map((id) => scoreSample(data, id))
    .filter((s): s is SampleScore => s !== undefined);
}

function main(): void {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--'));
  if (!dir || !existsSync(dir)) {
    console.error('usage: node out/bench/logdetective.js <path of a local copy of fedora-copr/logdetective-sample> [--json] [--verbose]');
    process.exit(2);
  }
  const scores = scoreAll(dir);
  const scored = scores.filter((s) => s.reason);
  const right = scored.filter((s) => s.categoryRight && s.evidenceRight);
  if (args.includes('--json')) {
    console.log(JSON.stringify({ samples: scores.length, scored: scored.length, right: right.length, scores }, null, 2));
    return;
  }
  for (const s of scores) {
    const mark = !s.reason ? 'n/a ' : s.categoryRight && s.evidenceRight ? 'ok  ' : 'MISS';
    const got = s.reason ? `${s.reason.category}: ${s.reason.summary}` : `logs missing: ${s.missingLogs.join(', ')}`;
    console.log(`${mark} ${s.id.slice(0, 8)} ${s.project.padEnd(28)} expected ${s.expected.padEnd(15)} got ${got}`);
    if (s.reason && (args.includes('--verbose') || !(s.categoryRight && s.evidenceRight))) {
      console.log(`       category ${s.categoryRight ? 'right' : 'wrong'}, evidence ${s.evidenceRight ? 'right' : 'wrong'} (wanted one of: ${s.tokens.join(' | ') || '-'})`);
      for (const e of s.reason.evidence) console.log(`       ${e.log}:${e.line}  ${e.text.slice(0, 160)}`);
    }
  }
  const share = scored.length ? (100 * right.length) / scored.length : 0;
  console.log(`\n${right.length}/${scored.length} scored samples right (${share.toFixed(0)} %): category and evidence line; ${scores.length - scored.length} of ${scores.length} not scored (logs missing)`);
}

if (require.main === module) main();
