// Streams one log file into a callback, whatever the server does with compression: a `.gz` served as a gzip file is
// decompressed here (sniffed by its magic bytes), one served with `Content-Encoding: gzip` arrives already decoded
// by fetch. Nothing is buffered whole: a 100 MB log flows through in chunks, and the caller keeps what it wants.
// Live logs are read with `Range: bytes=N-` so a poll downloads only the new bytes; a server that ignores Range
// (200 instead of 206) is handled by skipping the bytes already seen.
import { CoprError } from '../api/errors';

export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

export interface LogFetchOptions {
  fetch?: FetchFn;
  userAgent: string;
  signal?: AbortSignal;
  /** Ask for the bytes from this offset on (live logs). */
  rangeStart?: number;
  /** Live files: ask for the bytes as stored, so offsets match the file (no transfer compression). */
  identity?: boolean;
  /** Gives up on a download that takes longer than this (default 5 min: a 100 MB log on a slow link). */
  timeoutMs?: number;
  /** Stops reading after this many decoded characters (a gzip bomb or a runaway log). */
  maxChars?: number;
}

export type LogFetchResult =
  | {
      kind: 'ok';
      status: number;
      /** Body bytes as received (before gunzip, after skipping what a Range-ignoring server resent). */
      rawBytes: number;
      /** True when the server honoured the Range request. */
      partial: boolean;
      /** True when the stream was cut (maxChars) or the gzip data was damaged. */
      incomplete: boolean;
      /** Why it is incomplete, for a person. */
      note?: string;
    }
  | { kind: 'missing'; status: number }
  | { kind: 'unchanged' };

const DEFAULT_TIMEOUT_MS = 300_000;
const DEFAULT_MAX_CHARS = 2 * 1024 * 1024 * 1024;

export async function streamLog(url: string, onText: (text: string) => void, opts: LogFetchOptions): Promise<LogFetchResult> {
  const doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
  const controller = new AbortController();
  const onAbort = () => controller.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) controller.abort(opts.signal.reason);
  const timer = setTimeout(() => controller.abort(new CoprError('timeout', `Downloading ${url} took too long.`, url)), opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    const headers: Record<string, string> = { 'User-Agent': opts.userAgent, Accept: 'text/plain, application/gzip, */*' };
    const rangeStart = opts.rangeStart ?? 0;
    if (rangeStart > 0) headers.Range = `bytes=${rangeStart}-`;
    if (opts.identity) headers['Accept-Encoding'] = 'identity';
    let res: Response;
    try {
      res = await doFetch(url, { headers, signal: controller.signal, redirect: 'follow', credentials: 'omit' });
    } catch (e) {
      if (controller.signal.aborted && controller.signal.reason instanceof CoprError) throw controller.signal.reason;
      throw new CoprError('network', `Could not reach ${hostOf(url)}: ${e instanceof Error ? e.message : String(e)}`, url);
    }
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'missing', status: res.status };
    }
    if (res.status === 416) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'unchanged' };
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new CoprError('http', `${hostOf(url)} answered ${res.status} for the log.`, url, res.status);
    }
    if ((res.headers.get('content-type') ?? '').toLowerCase().includes('text/html')) {
      await res.body?.cancel().catch(() => undefined);
      throw new CoprError('blocked', `${hostOf(url)} answered with a web page instead of the log (a proxy or bot protection?).`, url, res.status);
    }
    const partial = res.status === 206;
    const skip = rangeStart > 0 && !partial ? rangeStart : 0;
    return await readBody(res, skip, onText, opts.maxChars ?? DEFAULT_MAX_CHARS, partial);
  } catch (e) {
    if (controller.signal.aborted && controller.signal.reason instanceof CoprError) throw controller.signal.reason;
    throw e;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

async function readBody(res: Response, skip: number, onText: (text: string) => void, maxChars: number, partial: boolean): Promise<LogFetchResult> {
  const status = res.status;
  if (!res.body) return { kind: 'ok', status, rawBytes: 0, partial, incomplete: false };
  const raw = res.body.getReader();
  let rawBytes = 0;
  let toSkip = skip;
  // Pull raw chunks, dropping the bytes a Range-ignoring server resent, and count what is new.
  const source = new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      for (;;) {
        const { done, value } = await raw.read();
        if (done) {
          ctrl.close();
          return;
        }
        let chunk = value;
        if (toSkip > 0) {
          const n = Math.min(toSkip, chunk.byteLength);
          toSkip -= n;
          chunk = chunk.subarray(n);
        }
        if (chunk.byteLength === 0) continue;
        rawBytes += chunk.byteLength;
        ctrl.enqueue(chunk);
        return;
      }
    },
    cancel(reason) {
      return raw.cancel(reason);
    },
  });
  const reader = source.getReader();
  const first = await reader.read();
  if (first.done) return { kind: 'ok', status, rawBytes, partial, incomplete: false };
  const gzip = skip === 0 && !partial && first.value.byteLength >= 2 && first.value[0] === 0x1f && first.value[1] === 0x8b;
  const replay = new ReadableStream<Uint8Array>({
    start(ctrl) {
      ctrl.enqueue(first.value);
    },
    async pull(ctrl) {
      const { done, value } = await reader.read();
      if (done) ctrl.close();
      else ctrl.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const bytes = gzip ? replay.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>) : replay;
  const decoder = new TextDecoder('utf-8');
  const textReader = bytes.getReader();
  let chars = 0;
  try {
    for (;;) {
      const { done, value } = await textReader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      chars += text.length;
      if (text) onText(text);
      if (chars >= maxChars) {
        await textReader.cancel().catch(() => undefined);
        return { kind: 'ok', status, rawBytes, partial, incomplete: true, note: `the log is longer than ${Math.round(maxChars / 1048576)} MB; reading stopped there` };
      }
    }
  } catch (e) {
    if (!gzip) throw new CoprError('network', `The log download broke off: ${e instanceof Error ? e.message : String(e)}`, res.url);
    // A damaged or cut gzip file: keep what was decoded.
    const rest = decoder.decode();
    if (rest) onText(rest);
    return { kind: 'ok', status, rawBytes, partial, incomplete: true, note: 'the compressed log is damaged or was cut short; showing what could be read' };
  }
  const rest = decoder.decode();
  if (rest) onText(rest);
  return { kind: 'ok', status, rawBytes, partial, incomplete: false };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}
