// The logger every layer receives. The extension backs it with the "Copr" LogOutputChannel; tests collect lines.

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const nullLogger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Removes `user:pass@` from every URL in a text, so nothing we log or show carries credentials. */
export function redactCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^\s"<>]*)/gi, (_, scheme: string, rest: string) => scheme + withoutUserinfo(rest));
}

/** One URL, with or without its scheme (a setting's value as typed), without its user:pass@. */
export function redactUrl(text: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? redactCredentials(text) : withoutUserinfo(text);
}

/**
 * What follows `scheme://`, without the userinfo. Like the URL parser: the authority ends at the first / ? # or \,
 * and the userinfo is everything before its LAST `@` (`alice:s3cr@t@host` has the password `s3cr@t`). A password
 * that holds / ? # or \ ends the authority early (the parser then fails on the "port"); such an `@` further on still
 * ends a userinfo when a `:` comes before it, except `host:8080/path/@group` (a port, then a Copr group path).
 */
function withoutUserinfo(rest: string): string {
  const end = rest.search(/[/?#\\]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf('@');
  if (at >= 0) return rest.slice(at + 1);
  const lastAt = rest.lastIndexOf('@');
  if (end < 0 || lastAt < end) return rest;
  const before = rest.slice(0, lastAt);
  if (!before.includes(':')) return rest;
  const colon = authority.indexOf(':');
  const port = colon >= 0 && /^\d*$/.test(authority.slice(colon + 1));
  if (before.endsWith('/') && (colon < 0 || port)) return rest;
  return rest.slice(lastAt + 1);
}
