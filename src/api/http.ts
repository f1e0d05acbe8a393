// The only place the API layer touches the network. Web-standard fetch only (Node, browser worker, tests), so the
// same code runs everywhere. Every request: an honest non-browser User-Agent (Copr sits behind Anubis bot
// protection, which lets copr tools through by UA), a timeout that covers the body, a size cap, no credentials,
// and at most N requests in flight. Every failure leaves here as a CoprError whose message a person can act on.

import { abortReason, subscribeAbort } from './abort';
import { errorMessageOf } from './decode';
import { CoprError } from './errors';
import { parseJsonBody } from './json';
import { RequestLimiter } from './limiter';
import { nullLogger, redactCredentials, type Logger } from '../common/log';

export const DEFAULT_CLIENT_VERSION = '0.1.0';
export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_IN_FLIGHT = 6;
/** Far above any real Copr JSON page (100 builds ≈ 100 kB); low enough that a hostile server cannot exhaust memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions {
  fetch?: FetchFn;
  timeoutMs?: number;
  /** Goes into `User-Agent: copr-vscode/<clientVersion>`. */
  clientVersion?: string;
  /** A full User-Agent override; refused (with a warning) when it looks like a browser's. */
  userAgent?: string;
  maxInFlight?: number;
  maxResponseBytes?: number;
  logger?: Logger;
}

export interface RawRequest {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Defaults to the transport's maxResponseBytes. */
  maxBytes?: number;
  /** 'error' (JSON: a cut body is useless) or 'truncate' (logs: keep the first maxBytes). */
  overflow: 'error' | 'truncate';
}

export interface RawResponse {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  /** True when the body was longer than maxBytes and was cut (overflow 'truncate' only). */
  truncated: boolean;
  url: string;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (/^\d{1,10}$/.test(v)) return Math.min(Number(v), 86_400);
  if (!/[a-z]/i.test(v)) return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.min(Math.max(0, Math.ceil((t - now) / 1000)), 86_400);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The first `code` along an error's cause chain (undici puts ECONNREFUSED etc. two levels down). */
function causeCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 5 && typeof cur === 'object' && cur !== null; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function networkError(e: unknown, url: string): CoprError {
  const host = hostOf(url);
  const code = causeCode(e);
  let message: string;
  if (code === 'ECONNREFUSED') {
    message = `Could not connect to ${host}: connection refused. Check the Copr URL setting.`;
  } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    message = `Could not resolve the host name ${host}. Check the Copr URL setting, your network and DNS.`;
  } else if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || /terminated/i.test(String(e))) {
    message = `The connection to ${host} closed before the response was complete. Try again; if it keeps happening, check your proxy.`;
  } else if (code !== undefined && /CERT|SSL|TLS|SELF_SIGNED/i.test(code)) {
    message = `The TLS certificate of ${host} was not accepted (${code}). Check the Copr URL and your proxy.`;
  } else {
    const detail = code ?? (e instanceof Error ? e.message : String(e));
    message = `Could not reach ${host} (${detail.slice(0, 120)}). Check your network connection and proxy settings.`;
  }
  return new CoprError('network', message, url);
}

function looksLikeHtml(contentType: string, text: string): boolean {
  return /text\/html|application\/xhtml/i.test(contentType) || /^\s*</.test(text.slice(0, 200));
}

/**
 * The CoprError for a non-2xx response: 'not-found' for 404, else 'http', with the server's own message when the
 * body is a Copr error document and, for 429/503, retryAfter.
 */
export function httpStatusError(res: RawResponse, text: string = new TextDecoder().decode(res.bytes)): CoprError {
  const html = looksLikeHtml(res.headers.get('content-type') ?? '', text);
  let serverMessage: string | null = null;
  if (!html && text.trim() !== '') {
    try {
      serverMessage = errorMessageOf(parseJsonBody(text, res.url));
    } catch {
      serverMessage = null;
    }
  }
  const status = res.status;
  const statusText = `HTTP ${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}`;
  const retryAfter = status === 429 || status === 503 ? parseRetryAfter(res.headers.get('retry-after')) : undefined;
  if (status === 404) {
    return new CoprError('not-found', serverMessage ?? `Not found on Copr (${statusText}).`, res.url, status);
  }
  let hint = '';
  if (status === 429) hint = ` Copr asks to slow down${retryAfter !== undefined ? `; retrying after ${retryAfter} s` : ''}.`;
  else if (status === 503 && retryAfter !== undefined) hint = ` Copr is unavailable; retrying after ${retryAfter} s.`;
  else if (status >= 500) hint = ' The Copr server is having trouble; the extension will retry later.';
  else if (status === 401 || status === 403) hint = ' The extension only reads public data; check the Copr URL setting.';
  const what = serverMessage ? `: ${serverMessage}` : html ? ' (an error page instead of data)' : '';
  return new CoprError('http', `Copr answered ${statusText}${what}.${hint}`, res.url, status, retryAfter);
}

export class HttpTransport {
  readonly userAgent: string;
  private readonly fetchFn: FetchFn;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly limiter: RequestLimiter;
  private readonly logger: Logger;

  constructor(options: TransportOptions = {}) {
    this.logger = options.logger ?? nullLogger;
    const fallbackUa = `copr-vscode/${options.clientVersion ?? DEFAULT_CLIENT_VERSION}`;
    if (options.userAgent !== undefined && /mozilla|chrome|safari|gecko/i.test(options.userAgent)) {
      this.logger.warn(`Ignoring a browser-like User-Agent ("${options.userAgent}"): Copr's bot protection blocks those.`);
      this.userAgent = fallbackUa;
    } else {
      this.userAgent = options.userAgent ?? fallbackUa;
    }
    // Bound to globalThis: a detached `fetch` throws "Illegal invocation" in browsers.
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.limiter = new RequestLimiter(options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
  }

  /** Requests currently on the wire / waiting for a slot (for diagnostics and tests). */
  get inFlight(): number {
    return this.limiter.inFlight;
  }

  get queued(): number {
    return this.limiter.queued;
  }

  /**
   * A GET whose whole body is read within the timeout. Rejects with CoprError 'timeout' | 'network' |
   * 'invalid-response' (too large), or with the caller's AbortError when `signal` aborts. HTTP statuses are not
   * judged here.
   */
  getRaw(url: string, request: RawRequest): Promise<RawResponse> {
    const safeUrl = redactCredentials(url);
    return this.limiter.run(() => this.fetchOnce(safeUrl, request), request.signal);
  }

  /**
   * A GET of a JSON document. 2xx → the parsed body; an HTML page → 'blocked' (200) or 'http'; 404 → 'not-found';
   * other statuses → 'http' with the server's own message and, for 429/503, retryAfter.
   */
  async getJson(url: string, signal?: AbortSignal): Promise<unknown> {
    const res = await this.getRaw(url, { signal, headers: { Accept: 'application/json' }, overflow: 'error' });
    const text = new TextDecoder().decode(res.bytes);
    const contentType = res.headers.get('content-type') ?? '';
    const html = looksLikeHtml(contentType, text);
    if (res.status >= 200 && res.status < 300) {
      if (html) {
        throw new CoprError(
          'blocked',
          `Copr (${hostOf(res.url)}) answered with a web page instead of data, probably its bot protection. ` +
            'Open Copr in your browser once, or check your proxy; the extension will retry.',
          res.url,
          res.status,
        );
      }
      return parseJsonBody(text, res.url);
    }
    throw httpStatusError(res, text);
  }

  private async fetchOnce(url: string, request: RawRequest): Promise<RawResponse> {
    const { signal } = request;
    if (signal?.aborted) throw abortReason(signal);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException('Copr request timed out', 'TimeoutError'));
    }, this.timeoutMs);
    const unsubscribe = subscribeAbort(signal, () => controller.abort(abortReason(signal)));
    const maxBytes = request.maxBytes ?? this.maxResponseBytes;
    try {
      const response = await this.fetchFn(url, {
        method: 'GET',
        headers: { ...request.headers, 'User-Agent': this.userAgent },
        signal: controller.signal,
        // Reads never carry credentials: no cookies, no Authorization (none is ever set here).
        credentials: 'omit',
        redirect: 'follow',
      });
      const finalUrl = redactCredentials(response.url || url);
      const declared = Number(response.headers.get('content-length'));
      if (request.overflow === 'error' && Number.isFinite(declared) && declared > maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw tooLarge(finalUrl, maxBytes);
      }
      const { bytes, truncated } = await readCapped(response, maxBytes);
      if (truncated && request.overflow === 'error') throw tooLarge(finalUrl, maxBytes);
      return { status: response.status, headers: response.headers, bytes, truncated, url: finalUrl };
    } catch (e) {
      if (signal?.aborted) throw abortReason(signal);
      if (timedOut) {
        throw new CoprError(
          'timeout',
          `Copr (${hostOf(url)}) did not answer within ${Math.round(this.timeoutMs / 100) / 10} s. ` +
            'It may be overloaded, or your network is slow; the extension will retry.',
          url,
        );
      }
      if (e instanceof CoprError) throw e;
      this.logger.debug(`GET ${url} failed: ${String(e)} (${causeCode(e) ?? 'no code'})`);
      throw networkError(e, url);
    } finally {
      clearTimeout(timer);
      unsubscribe();
    }
  }
}

function tooLarge(url: string, maxBytes: number): CoprError {
  return new CoprError(
    'invalid-response',
    `Copr sent a response too large to handle (over ${Math.round(maxBytes / 1024 / 1024)} MB); refused.`,
    url,
  );
}

/** Reads at most maxBytes of the body; stops (and cancels the stream) as soon as more arrive. */
export async function readCapped(response: Response, maxBytes: number): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  if (!response.body) return { bytes: new Uint8Array(0), truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - total));
      total = maxBytes;
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    total += value.byteLength;
  }
  return { bytes: concatBytes(chunks, total), truncated };
}

export function concatBytes(chunks: readonly Uint8Array[], total?: number): Uint8Array {
  const size = total ?? chunks.reduce((n, c) => n + c.byteLength, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
