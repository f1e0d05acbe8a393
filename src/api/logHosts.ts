// Where build logs may be fetched from without asking. A task's result_dir_url is server data: followed blindly, it
// makes the extension request any address (loopback, the intranet, 169.254.169.254) with redirects on top. Automatic
// fetches (triage, log documents) go only to the Copr host itself or to hosts the server names as its own storage in
// other fields (a project's or build's `repo_url`, `chroot_repos`), over https; plain http only to loopback, and only
// when copr.url is itself loopback (a local Copr or the simulator). Any other host needs a click that shows it (allow).

import { redactCredentials } from '../common/log';

export type HostCheck = { ok: true } | { ok: false; host: string; reason: string };

/** Hosts given by a name that can only mean this machine. */
function isLoopbackName(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost');
}

function ipv4(hostname: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  return m ? m.slice(1).map(Number) : undefined;
}

/** Loopback: 127/8, ::1, localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  const v4 = ipv4(h);
  return (v4 !== undefined && v4[0] === 127) || h === '[::1]' || isLoopbackName(h);
}

/**
 * An address that is not on the public internet: loopback, private ranges, carrier-grade NAT, link-local (cloud
 * metadata at 169.254.169.254), multicast and reserved, and their IPv6 forms. Only literal addresses are known here;
 * a public name that resolves to a private address is not (fetch does not show the resolved address).
 */
export function isNonPublicAddress(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (isLoopbackHost(h)) return true;
  const v4 = ipv4(h) ?? ipv4(/^\[::ffff:([\d.]+)\]$/.exec(h)?.[1] ?? '');
  if (v4) {
    const [a, b] = v4;
    return a === 0 || a === 10 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a >= 224;
  }
  if (h.startsWith('[')) {
    const v6 = h.slice(1, -1);
    return v6 === '::' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || /^ff/.test(v6) || v6.startsWith('::ffff:');
  }
  return false;
}

export class LogHostPolicy {
  private readonly base: URL;
  private readonly localBase: boolean;
  /** `host[:port]` values fetched from without asking. */
  private readonly hosts = new Set<string>();
  /** Hosts a person allowed by a click. */
  private readonly allowed = new Set<string>();

  constructor(baseUrl: string) {
    this.base = new URL(baseUrl);
    this.localBase = isLoopbackHost(this.base.hostname);
    this.hosts.add(this.base.host.toLowerCase());
  }

  /** The hosts fetched from without asking (for messages and tests). */
  get knownHosts(): string[] {
    return [...this.hosts];
  }

  /** Learns the server's storage hosts from a JSON body it sent: every `repo_url` and `chroot_repos` value. */
  learnFrom(body: unknown): void {
    let budget = 5000;
    const walk = (v: unknown, depth: number): void => {
      if (budget-- <= 0 || depth > 4 || v === null || typeof v !== 'object') return;
      if (Array.isArray(v)) {
        for (const x of v) walk(x, depth + 1);
        return;
      }
      for (const [key, value] of Object.entries(v as Record<string, unknown>)) {
        if (key === 'repo_url') this.learn(value);
        else if (key === 'chroot_repos' && value && typeof value === 'object') for (const r of Object.values(value)) this.learn(r);
        else if (typeof value === 'object') walk(value, depth + 1);
      }
    };
    walk(body, 0);
  }

  /** A URL the server names as its own storage; ignored unless it could be fetched under the rules. */
  learn(url: unknown): void {
    if (typeof url !== 'string' || url.length > 2048 || this.hosts.size > 50) return;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return;
    }
    if (this.schemeProblem(parsed) || parsed.username || parsed.password) return;
    if (isNonPublicAddress(parsed.hostname) && !(this.localBase && isLoopbackHost(parsed.hostname))) return;
    this.hosts.add(parsed.host.toLowerCase());
  }

  /** After a click that showed the host: its logs are fetched from then on (for this connection). */
  allow(host: string): void {
    this.allowed.add(host.toLowerCase());
  }

  /** Whether `url` may be fetched now; when not, a sentence that names the host. */
  check(url: string): HostCheck {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { ok: false, host: '', reason: 'The log URL does not parse.' };
    }
    const host = parsed.host.toLowerCase();
    if (parsed.username || parsed.password) return { ok: false, host, reason: `The log URL ${redactCredentials(url)} carries credentials.` };
    // A click allows the host over http too (it showed the host); nothing else but http and https is ever fetched.
    if (this.allowed.has(host) && (parsed.protocol === 'https:' || parsed.protocol === 'http:')) return { ok: true };
    const scheme = this.schemeProblem(parsed);
    if (scheme) return { ok: false, host, reason: scheme };
    if (this.hosts.has(host)) return { ok: true };
    return {
      ok: false,
      host,
      reason: `The log is on ${host}, which is neither the Copr server (${this.base.host}) nor a result storage it names; it is fetched only when you allow it.`,
    };
  }

  private schemeProblem(url: URL): string | undefined {
    if (url.protocol === 'https:') return undefined;
    if (url.protocol === 'http:' && this.localBase && isLoopbackHost(url.hostname)) return undefined;
    if (url.protocol === 'http:') return `Not fetching the log over plain http from ${url.host}: only https (http only on this machine, for a local Copr).`;
    return `Not fetching a ${url.protocol.replace(/[^a-z0-9+.-]/gi, '').slice(0, 20)}: URL.`;
  }
}
