// The source stage's result directory, `/results/<owner>/<dirname>/srpm-builds/<%08d>/`, as Copr's backend lays it
// out (backend/copr_backend/job.py: target_dir_name without a package name; builder_log and backend_log; both
// gzipped when the task ends). The source build runs from 5 s after submission until 10 s before the import ends
// (a failed one ends at the import's end): `backend.log` and a growing `builder-live.log` while it runs, then
// `backend.log.gz` and `builder-live.log.gz`, plus the SRPM and `success` when it succeeded.

import { gzipSync } from 'node:zlib';
import { html, escapeHtml, htmlNotFound, text, type SimRequest, type SimResponse } from './http';
import type { BuildRec } from './model';
import { withRange, type ResultsContext } from './results';
import { renderSrpmLogs } from './srpmLogs';
import { pad8 } from './views';

/** When the source build starts and ends (simulated unix seconds). */
export function srpmTimes(b: BuildRec): { start: number; end: number } {
  const start = b.submittedOn + 5;
  return { start, end: Math.max(start + 1, b.srpmFailure ? b.importEndAt : b.importEndAt - 10) };
}

export function srpmFiles(b: BuildRec, now: number): string[] {
  const { start, end } = srpmTimes(b);
  if (now < start) return [];
  if (now < end) return ['backend.log', 'builder-live.log'];
  const done = ['backend.log.gz', 'builder-live.log.gz'];
  return b.srpmFailure ? done : [...done, `${b.pkg}-${b.version}.src.rpm`, 'success'];
}

/** segs: [owner, dirname, 'srpm-builds', '<%08d>', file?] */
export function handleSrpmResults(ctx: ResultsContext, req: SimRequest, segs: readonly string[]): SimResponse {
  const [owner, dirname, , dir, file = ''] = segs;
  if (!/^\d{8}$/.test(dir ?? '') || segs.length > 5) return htmlNotFound();
  const b = ctx.world.builds.get(Number(dir));
  if (!b || b.project.owner !== owner || b.dirname !== dirname || pad8(b.id) !== dir) return htmlNotFound();
  const files = srpmFiles(b, req.now);
  if (file === '') {
    if (files.length === 0) return htmlNotFound();
    if (!req.path.endsWith('/')) return { status: 301, headers: { location: `${req.path}/` }, body: Buffer.alloc(0) };
    const items = files.map((f) => `<li><a href="${escapeHtml(f)}">${escapeHtml(f)}</a></li>`).join('\n');
    return html(200, `<!doctype html>\n<html><head><title>Index of ${escapeHtml(req.path)}</title></head>\n<body><ul>\n${items}\n</ul></body></html>\n`);
  }
  if (!files.includes(file)) return htmlNotFound();
  if (file === 'success') return text(200, 'done\n');
  if (file.endsWith('.src.rpm')) return text(200, Buffer.from('\xed\xab\xee\xdb', 'latin1'), 'application/x-rpm');
  const { start, end } = srpmTimes(b);
  const logs = renderSrpmLogs(b.srpmFailure ?? 'succeeded', {
    buildId: b.id, owner: b.project.owner, project: b.project.name, dirname: b.dirname, package: b.pkg, version: b.version,
    startedOn: start, endedOn: end, frontendUrl: ctx.base,
  });
  const content = file.startsWith('builder-live') ? logs.builderLive : logs.backend;
  if (!file.endsWith('.gz')) {
    // Still running: the part written so far, never the closing lines.
    const lines = content.split('\n');
    const shown = Math.max(3, Math.floor(lines.length * Math.min(1, (req.now - start) / Math.max(1, end - start)) * 0.8));
    return withRange(req, text(200, lines.slice(0, shown).join('\n') + '\n'));
  }
  const gz = gzipSync(content);
  if (ctx.gzipMode === 'encoding') return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'content-encoding': 'gzip' }, body: gz };
  return withRange(req, text(200, gz, 'application/gzip'));
}
