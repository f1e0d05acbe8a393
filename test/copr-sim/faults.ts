// Injected faults, matched by path pattern, each optionally limited to a number of hits.

import { html, json, type SimResponse } from './http';
import type { FaultKind, FaultSpec } from './types';

interface Fault extends FaultSpec {
  id: number;
  remaining: number;
}

export const ANUBIS_PAGE = `<!doctype html><html lang="en"><head><title>Making sure you&#39;re not a bot!</title>
<meta name="viewport" content="width=device-width, initial-scale=1.0"><script id="anubis_challenge" type="application/json">{"rules":{"algorithm":"fast","difficulty":4}}</script></head>
<body><main><h1 id="title">Making sure you&#39;re not a bot!</h1><p>Protected by <a href="https://github.com/TecharoHQ/anubis">Anubis</a>. Please wait while your browser solves a challenge.</p></main></body></html>
`;

export class FaultRegistry {
  private readonly faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): number {
    const id = this.nextId++;
    this.faults.push({ ...spec, id, remaining: spec.times ?? Infinity });
    return id;
  }

  remove(id: number): void {
    const i = this.faults.findIndex((f) => f.id === id);
    if (i >= 0) this.faults.splice(i, 1);
  }

  clear(): void {
    this.faults.length = 0;
  }

  list(): Array<FaultSpec & { id: number }> {
    return this.faults.map((f) => ({ ...f }));
  }

  /** The first fault that matches, consuming one of its hits. */
  take(pathWithQuery: string): Fault | undefined {
    const pathOnly = pathWithQuery.split('?')[0] as string;
    const f = this.faults.find((x) =>
      typeof x.path === 'string' ? (x.path.includes('?') ? pathWithQuery : pathOnly).startsWith(x.path) : x.path.test(pathWithQuery));
    if (!f) return undefined;
    if (--f.remaining <= 0) this.remove(f.id);
    return f;
  }
}

/** The canned answer of a fault that replaces the response entirely, or undefined for the ones that break transport. */
export function cannedResponse(kind: FaultKind, retryAfter = 1): SimResponse | undefined {
  switch (kind) {
    case 'html200':
      return html(200, ANUBIS_PAGE);
    case 'html502':
      return html(502, '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>502 Proxy Error</title></head><body><h1>Proxy Error</h1><p>The proxy server received an invalid response from an upstream server.</p></body></html>\n');
    case 'html504':
      return html(504, '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>504 Gateway Timeout</title></head><body><h1>Gateway Timeout</h1><p>The gateway did not receive a timely response from the upstream server or application.</p></body></html>\n');
    case 'json500':
      return json(500, { error: "Request wasn't successful, there is probably a bug in the Copr code." });
    case '429':
      return html(429, '<!doctype html><title>429 Too Many Requests</title><h1>Too Many Requests</h1>\n', { 'retry-after': String(retryAfter) });
    case '503':
      return html(503, '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request.</p></body></html>\n', { 'retry-after': String(retryAfter) });
    default:
      return undefined;
  }
}
