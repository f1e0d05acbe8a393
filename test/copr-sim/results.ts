// The backend's result directories: live logs that grow while a chroot runs (with Range support), then the
// gzipped logs and the `success` marker, served as gzip files or as text with Content-Encoding: gzip.

import { gzipSync } from 'node:zlib';
import { renderLog, type LogOutcome, type RenderedLogs } from './logs';
import { buildAt, type BuildRec, type ChrootView } from './model';
import { escapeHtml, html, htmlNotFound, type SimRequest, type SimResponse, text } from './http';
import { handleSrpmResults } from './srpmResults';
import { gitHash, pad8 } from './views';
import type { World } from './world';

export interface ResultsContext {
  world: World;
  base: string;
  gzipMode: 'file' | 'encoding';
}

type FileName = 'builder-live.log' | 'backend.log' | 'builder-live.log.gz' | 'backend.log.gz' | 'build.log.gz' | 'root.log.gz' | 'success';

export function filesFor(c: ChrootView): FileName[] {
  if (!c.hasResultDir) return [];
  if (c.state === 'starting') return ['backend.log'];
  if (c.state === 'running') return ['backend.log', 'builder-live.log'];
  const done: FileName[] = ['backend.log.gz', 'build.log.gz', 'builder-live.log.gz', 'root.log.gz'];
  return c.state === 'succeeded' || c.state === 'forked' ? [...done, 'success'] : done;
}

export function logOutcome(c: ChrootView): LogOutcome {
  if (c.state === 'succeeded' || c.state === 'forked') return 'succeeded';
  if (c.state === 'failed') return c.canceledWhileRunning ? 'canceled' : (c.rec.failureKind ?? 'build-error');
  return c.rec.outcome === 'failed' ? (c.rec.failureKind ?? 'build-error') : 'succeeded';
}

export function logsOf(ctx: ResultsContext, b: BuildRec, c: ChrootView, now: number): RenderedLogs {
  const started = c.started_on ?? now;
  return renderLog(logOutcome(c), {
    buildId: b.id, chroot: c.rec.name, owner: b.project.owner, project: b.project.name, dirname: b.dirname,
    package: b.pkg, version: b.version, gitHash: gitHash(b), startedOn: started,
    endedOn: c.ended_on ?? Math.max(c.rec.endAt, started + 1), frontendUrl: ctx.base,
  });
}

/** The part of the live log written by `now`: proportional to the running time, never the closing lines. */
export function liveText(full: string, c: ChrootView, now: number): string {
  const lines = full.split('\n');
  const { runAt, endAt } = c.rec;
  const f = c.rec.forced ? 0.5 : Math.min(1, Math.max(0, (now - runAt) / Math.max(1, endAt - runAt)));
  const shown = Math.min(lines.length - 5, Math.max(12, Math.floor(f * lines.length)));
  return lines.slice(0, shown).join('\n') + '\n';
}

function backendLive(full: string, c: ChrootView): string {
  const lines = full.split('\n');
  const upTo = c.state === 'starting' ? 5 : lines.findIndex((l) => l.includes('Downloading the builder-live.log')) + 1;
  return lines.slice(0, Math.max(1, upTo)).join('\n') + '\n';
}

const gzCache = new Map<string, Buffer>();
function gzipCached(key: string, content: string): Buffer {
  let out = gzCache.get(key);
  if (!out) {
    out = gzipSync(content);
    if (gzCache.size > 500) gzCache.delete(gzCache.keys().next().value as string);
    gzCache.set(key, out);
  }
  return out;
}

/** Applies a single `Range: bytes=` request to a body (206/416), or returns it whole (200). */
export function withRange(req: SimRequest, res: SimResponse): SimResponse {
  res.headers['accept-ranges'] = 'bytes';
  const range = req.headers.range;
  if (typeof range !== 'string' || res.status !== 200) return res;
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!m || (m[1] === '' && m[2] === '')) return res;
  const total = res.body.length;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, total - Number(m[2]));
    end = total - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? total - 1 : Math.min(Number(m[2]), total - 1);
  }
  if (start >= total || end < start) {
    return { status: 416, headers: { 'content-type': res.headers['content-type'] ?? 'text/plain', 'content-range': `bytes */${total}` }, body: Buffer.alloc(0) };
  }
  return { status: 206, headers: { ...res.headers, 'content-range': `bytes ${start}-${end}/${total}` }, body: res.body.subarray(start, end + 1) };
}

function listing(path: string, files: readonly string[]): SimResponse {
  const items = files.map((f) => `<li><a href="${escapeHtml(f)}">${escapeHtml(f)}</a></li>`).join('\n');
  return html(200, `<!doctype html>\n<html><head><title>Index of ${escapeHtml(path)}</title></head>\n<body><h1>Index of ${escapeHtml(path)}</h1>\n<ul>\n${items}\n</ul></body></html>\n`);
}

/** GET /results/<owner>/<dirname>/<chroot>/<%08d>-<package>/[file] */
export function handleResults(ctx: ResultsContext, req: SimRequest): SimResponse {
  const segs = req.path.split('/').slice(2).map((s) => decodeURIComponent(s));
  const [owner, dirname, chroot, dir, file = ''] = segs;
  if (chroot === 'srpm-builds') return handleSrpmResults(ctx, req, segs);
  const m = /^(\d{8})-(.+)$/.exec(dir ?? '');
  if (!owner || !dirname || !chroot || !m || segs.length > 5) return htmlNotFound();
  const b = ctx.world.builds.get(Number(m[1]));
  if (!b || b.project.owner !== owner || b.dirname !== dirname || b.pkg !== m[2] || pad8(b.id) !== m[1]) return htmlNotFound();
  const c = buildAt(b, req.now).chroots.find((x) => x.rec.name === chroot);
  if (!c) return htmlNotFound();
  const files = filesFor(c);
  if (file === '') {
    if (files.length === 0) return htmlNotFound();
    if (!req.path.endsWith('/')) return { status: 301, headers: { location: `${req.path}/` }, body: Buffer.alloc(0) };
    return listing(req.path, files);
  }
  if (!(files as string[]).includes(file)) return htmlNotFound();
  if (file === 'success') return text(200, 'done\n');
  const logs = logsOf(ctx, b, c, req.now);
  if (file === 'builder-live.log') return withRange(req, text(200, liveText(logs.builderLive, c, req.now)));
  if (file === 'backend.log') return withRange(req, text(200, backendLive(logs.backend, c)));
  const key = file.replace('.log.gz', '') as 'builder-live' | 'backend' | 'build' | 'root';
  const content = { 'builder-live': logs.builderLive, backend: logs.backend, build: logs.build, root: logs.root }[key];
  const gz = gzipCached(`${b.id}/${chroot}/${file}/${logOutcome(c)}/${c.started_on}/${c.ended_on}`, content);
  if (ctx.gzipMode === 'encoding') {
    return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'content-encoding': 'gzip' }, body: gz };
  }
  return withRange(req, text(200, gz, 'application/gzip'));
}
