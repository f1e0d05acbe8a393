// Requests and responses as plain values: handlers return a SimResponse, the server writes it (or breaks it).

import type { IncomingHttpHeaders } from 'node:http';

export interface SimRequest {
  method: string;
  /** Path without query, percent-decoding left to each handler. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Whole simulated unix seconds at arrival. */
  now: number;
  body: string;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export function json(status: number, value: unknown): SimResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(value)) };
}

export function html(status: number, body: string, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, body: Buffer.from(body) };
}

export function text(status: number, body: string | Buffer, contentType = 'text/plain; charset=utf-8'): SimResponse {
  return { status, headers: { 'content-type': contentType }, body: typeof body === 'string' ? Buffer.from(body) : body };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Flask's generic 404 page (what any non-/api_3 path gets for a missing route). */
export function htmlNotFound(): SimResponse {
  return html(404, '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n');
}

/** Strict non-negative-or-negative integer parse of a query value ("12", "-1"); NaN otherwise. */
export function parseIntStrict(v: string | null): number {
  return v !== null && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
}

/** Drops one trailing slash (Copr's strict_slashes = False). */
export function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
