// Build logs from a result directory, as bytes with offsets (triage reads them whole, tests tail them). A live log
// (builder-live.log) grows while the chroot runs and is tailed with Range requests; after the end only a .gz exists,
// which a server may send gzipped (magic bytes 1f 8b) or already decoded (Content-Encoding: gzip, which fetch undoes).
// Both are accepted; output is capped. The request itself goes through the one log fetcher (openLog in logFetch.ts):
// the host policy, the hand-followed and re-checked redirects, no credentials.

import { redactCredentials } from '../common/log';
import { CoprError } from './errors';
import { concatBytes, DEFAULT_CLIENT_VERSION, httpStatusError, readCapped, type FetchFn, type HttpTransport } from './http';
import { openLog } from './logFetch';
import type { LogHostPolicy } from './logHosts';
import { isSafeHttpUrl } from './urls';

export const DEFAULT_LOG_MAX_BYTES = 8 * 1024 * 1024;

export interface FetchLogOptions {
  /** The byte to start at (a previous call's nextOffset); 0 or absent = from the start. */
  range?: number;
  signal?: AbortSignal;
  /** The most bytes of log text returned by one call (default 8 MB); the rest waits for the next call. */
  maxBytes?: number;
  /** The transport whose User-Agent is sent (a CoprClient passes its own); else clientVersion's. */
  transport?: HttpTransport;
  fetch?: FetchFn;
  /** The whole download, body included (default 60 s). */
  timeoutMs?: number;
  clientVersion?: string;
  /** Where logs may be fetched from without asking (a CoprClient passes its own); absent = any http(s) URL. */
  policy?: LogHostPolicy;
}

const DEFAULT_LOG_TIMEOUT_MS = 60_000;

export interface LogChunk {
  /** The log text from `range` on (or from 0 when `restarted`). */
  text: string;
  /** Where the next call should start (`range` for the next tail request). */
  nextOffset: number;
  /** The log is finished and whole: a gzipped log (written once, when the chroot ended), read to its end. */
  complete: boolean;
  /** More bytes exist beyond nextOffset than maxBytes allowed in this call. */
  truncated: boolean;
  /** The server sent the log from byte 0 and it was shorter than `range` (replaced): `text` replaces, not appends. */
  restarted: boolean;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Bytes up to the last whole UTF-8 character, so a character split across two tail requests is not mangled. */
export function wholeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

async function gunzipCapped(bytes: Uint8Array, maxOut: number, inputCut: boolean, url: string): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes: concatBytes(chunks, total), truncated: false };
      if (total + value.byteLength > maxOut) {
        chunks.push(value.subarray(0, maxOut - total));
        await reader.cancel().catch(() => undefined);
        return { bytes: concatBytes(chunks, maxOut), truncated: true };
      }
      chunks.push(value);
      total += value.byteLength;
    }
  } catch {
    // A gzip stream cut by our own size cap ends early; anything else is a broken file.
    if (inputCut) return { bytes: concatBytes(chunks, total), truncated: true };
    throw new CoprError('invalid-response', 'The log is not a valid gzip file (damaged or cut off). Try opening it in the browser.', url);
  }
}

function contentRangeStart(header: string | null): number | null {
  const m = /^\s*bytes\s+(\d+)-\d+\/(?:\d+|\*)\s*$/i.exec(header ?? '');
  return m ? Number(m[1]) : null;
}

/**
 * Fetches a build log, or its new part from `range` on. 206 → the new bytes; 200 to a Range request → the whole
 * file, of which the already-seen part is dropped; 416 → no new bytes; 404 → CoprError 'not-found' (the log is not
 * there yet, or any more). Gzipped logs are decoded (and never requested by range).
 */
export async function fetchLog(url: string, options: FetchLogOptions = {}): Promise<LogChunk> {
  if (!isSafeHttpUrl(url)) throw new CoprError('invalid-argument', 'Only http(s) log URLs of up to 2048 characters are fetched.');
  const range = options.range ?? 0;
  const maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
  if (!Number.isSafeInteger(range) || range < 0) throw new CoprError('invalid-argument', `range must be a byte offset ≥ 0, not ${range}.`, url);
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new CoprError('invalid-argument', `maxBytes must be ≥ 1, not ${maxBytes}.`, url);
  const userAgent = options.transport?.userAgent ?? `copr-vscode/${options.clientVersion ?? DEFAULT_CLIENT_VERSION}`;
  // A .gz is complete once it exists, and a byte range of a gzip stream cannot be decoded: fetch it whole.
  const gzName = /\.gz$/i.test(new URL(url).pathname);
  const ranged = range > 0 && !gzName;
  const headers: Record<string, string> = { Accept: 'text/plain, */*' };
  if (ranged) headers.Range = `bytes=${range}-`;
  const res = await download(url, { fetch: options.fetch, userAgent, headers, signal: options.signal, policy: options.policy }, range + maxBytes, options.timeoutMs ?? DEFAULT_LOG_TIMEOUT_MS);

  if (res.status === 416) return { text: '', nextOffset: range, complete: false, truncated: false, restarted: false };
  if (res.status < 200 || res.status >= 300) {
    const err = httpStatusError(res);
    if (err.kind === 'not-found') {
      throw new CoprError('not-found', 'This log is not there (not written yet, or already removed).', res.url, 404);
    }
    throw err;
  }

  let bytes = res.bytes;
  let truncated = res.truncated;
  let start = 0; // the log byte bytes[0] stands for
  if (res.status === 206) start = contentRangeStart(res.headers.get('content-range')) ?? range;

  const gzipped = isGzip(bytes) && start === 0;
  if (gzipped) ({ bytes, truncated } = await gunzipCapped(bytes, range + maxBytes, truncated, res.url));
  const complete = (gzipped || gzName) && !truncated;

  let restarted = false;
  if (range > 0 && start < range) {
    if (bytes.length >= range - start) {
      bytes = bytes.subarray(range - start);
      start = range;
    } else {
      restarted = true; // shorter than what we had: the file was replaced
    }
  } else if (range > 0 && start > range) {
    restarted = true; // a gap we cannot fill; the caller starts over
  }
  if (bytes.length > maxBytes) {
    bytes = bytes.subarray(0, maxBytes);
    truncated = true;
  }
  const usable = complete ? bytes.length : wholeUtf8Length(bytes);
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, usable));
  return { text, nextOffset: start + usable, complete: complete && usable === bytes.length, truncated, restarted };
}

interface Downloaded {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  truncated: boolean;
  url: string;
}

/** openLog, then at most maxBytes of the body, all within timeoutMs; failures as CoprErrors without credentials. */
async function download(url: string, open: Parameters<typeof openLog>[1], maxBytes: number, timeoutMs: number): Promise<Downloaded> {
  const controller = new AbortController();
  const outer = open.signal;
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  if (outer?.aborted) controller.abort(outer.reason);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const shown = redactCredentials(url);
  try {
    const { response, url: finalUrl } = await openLog(url, { ...open, signal: controller.signal });
    const body = await readCapped(response, maxBytes);
    return { status: response.status, headers: response.headers, ...body, url: redactCredentials(finalUrl) };
  } catch (e) {
    if (outer?.aborted) throw outer.reason;
    if (timedOut) throw new CoprError('timeout', `${hostOf(url)} did not send the log within ${Math.round(timeoutMs / 1000)} s.`, shown);
    if (e instanceof CoprError) throw e;
    const detail = redactCredentials(e instanceof Error ? String((e.cause as { code?: unknown } | undefined)?.code ?? e.message) : String(e));
    throw new CoprError('network', `Could not reach ${hostOf(url)} for the log (${detail.slice(0, 120)}).`, shown);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}
