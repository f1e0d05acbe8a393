// The one place an API token is put on a request. A Copr API token lets anyone build, cancel and delete in the
// person's projects, so it goes only where the person sent it: the configured Copr URL's origin, under its /api_3/,
// over https (plain http only to this machine's loopback, where no network sees it). Never to a result directory or
// log host (other origins, or other paths of the same origin), never along a redirect (fetch would re-send the
// header to the new place: redirects are not followed, and a 3xx is an error), never with cookies.
import { abortReason, subscribeAbort } from './abort';
import { CoprError } from './errors';
import { httpStatusError, readCapped, type FetchFn, type RawResponse } from './http';
import { parseJsonBody } from './json';
import { normalizeBaseUrl } from './urls';
import { redactCredentials, type Logger } from '../common/log';

export interface Credentials {
  login: string;
  token: string;
}

/** Why a token may not go to a URL, or undefined when it may. */
export function tokenRefusal(baseUrl: string, target: string): string | undefined {
  let base: URL;
  let url: URL;
  try {
    base = new URL(normalizeBaseUrl(baseUrl));
    url = new URL(target);
  } catch {
    return 'not a valid URL';
  }
  if (url.origin !== base.origin) return `${url.origin} is not the Copr server (${base.origin})`;
  if (url.username !== '' || url.password !== '') return 'the URL carries credentials of its own';
  const apiPrefix = `${base.pathname.replace(/\/+$/, '')}/api_3/`;
  if (!url.pathname.startsWith(apiPrefix)) return `${url.pathname} is not under ${apiPrefix}`;
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return undefined;
  return 'plain http would send the token unencrypted (use https://, or http:// only to this machine)';
}

/** 127.0.0.0/8, ::1 and localhost: requests that never leave this machine. */
export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** `Basic base64(login:token)`, UTF-8 (btoa alone rejects non-Latin-1 text). */
export function basicAuthorization(c: Credentials): string {
  const bytes = new TextEncoder().encode(`${c.login}:${c.token}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}

export interface AuthorizedRequest {
  method: 'GET' | 'PUT' | 'POST';
  url: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Absent: an anonymous request (still no cookies, still no redirects). */
  credentials?: Credentials;
  signal?: AbortSignal;
}

export interface AuthorizedTransportOptions {
  baseUrl: string;
  userAgent: string;
  fetch?: FetchFn;
  timeoutMs?: number;
  logger?: Logger;
}

const WRITE_TIMEOUT_MS = 30_000;
const MAX_BODY_BYTES = 1024 * 1024;

/** Requests that may carry the token. Every one passes tokenRefusal() first; refusals are CoprError 'invalid-argument'. */
export class AuthorizedTransport {
  private readonly fetchFn: FetchFn;

  constructor(private readonly options: AuthorizedTransportOptions) {
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The response as JSON for a 2xx, else the CoprError of its status (the server's own text in the message). */
  async json(request: AuthorizedRequest): Promise<unknown> {
    const res = await this.send(request);
    const text = new TextDecoder().decode(res.bytes);
    if (res.status >= 200 && res.status < 300) return parseJsonBody(text, res.url);
    throw httpStatusError(res, text);
  }

  async send(request: AuthorizedRequest): Promise<RawResponse> {
    const url = request.url;
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': this.options.userAgent };
    if (request.credentials) {
      const refusal = tokenRefusal(this.options.baseUrl, url);
      if (refusal !== undefined) {
        throw new CoprError('invalid-argument', `Refused to send your Copr API token: ${refusal}.`, redactCredentials(url));
      }
      headers.Authorization = basicAuthorization(request.credentials);
    }
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    const controller = new AbortController();
    const timeoutMs = this.options.timeoutMs ?? WRITE_TIMEOUT_MS;
    const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), timeoutMs);
    const unsubscribe = subscribeAbort(request.signal, () => controller.abort(abortReason(request.signal as AbortSignal)));
    try {
      const response = await this.fetchFn(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: controller.signal,
        credentials: 'omit',
        // Never follow: fetch keeps Authorization on a same-origin redirect and a server could point anywhere.
        redirect: 'manual',
      });
      // In a browser a manual redirect is an opaque response with status 0.
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        await response.body?.cancel().catch(() => undefined);
        throw new CoprError(
          'http',
          `Copr answered ${request.method} ${new URL(url).pathname} with a redirect, which the extension does not follow with your token. Check the Copr URL setting (https, no trailing path).`,
          url,
          response.status || undefined,
        );
      }
      const { bytes, truncated } = await readCapped(response, MAX_BODY_BYTES);
      if (truncated) throw new CoprError('invalid-response', 'Copr sent an oversized answer; refused.', url);
      return { status: response.status, headers: response.headers, bytes, truncated, url };
    } catch (e) {
      if (request.signal?.aborted) throw abortReason(request.signal);
      if (e instanceof CoprError) throw e;
      if (controller.signal.aborted) {
        throw new CoprError('timeout', `Copr did not answer within ${timeoutMs / 1000} s; the action may or may not have happened. Refresh to see.`, url);
      }
      this.options.logger?.debug(`${request.method} ${url} failed: ${String(e)}`);
      // A write whose answer was lost may have happened: say so instead of inviting a blind retry.
      const maybe = request.method === 'GET' ? '' : ' The action may or may not have happened; refresh to see.';
      throw new CoprError('network', `The connection to ${new URL(url).host} failed before Copr answered.${maybe}`, url);
    } finally {
      clearTimeout(timer);
      unsubscribe();
    }
  }
}
