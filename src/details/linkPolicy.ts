// Which links may leave the editor. Server data decides where Open Result Directory and Open Build in Copr go,
// so only plain http(s) URLs of reasonable length are handed to the system browser: never javascript:, file:,
// data:, command: or a URL with credentials in it.

export const MAX_EXTERNAL_URL_LENGTH = 2048;

export type LinkCheck = { ok: true; url: string } | { ok: false; reason: string };

export function checkExternalUrl(value: unknown): LinkCheck {
  if (typeof value !== 'string' || value.trim() === '') return { ok: false, reason: 'There is no URL to open.' };
  const text = value.trim();
  if (text.length > MAX_EXTERNAL_URL_LENGTH) {
    return { ok: false, reason: `Refusing to open a URL of ${text.length} characters (the limit is ${MAX_EXTERNAL_URL_LENGTH}).` };
  }
  // Control characters and whitespace inside a URL are how scheme checks get fooled ("java\tscript:").
  if (/[\u0000-\u0020\u007f-\u009f]/.test(text)) return { ok: false, reason: 'Refusing to open a URL that contains spaces or control characters.' };
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { ok: false, reason: 'Refusing to open a URL that does not parse.' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, reason: `Refusing to open a ${parsed.protocol.replace(/[^a-z0-9+.-]/gi, '').slice(0, 20)}: URL; only http and https links are opened.` };
  }
  if (parsed.username || parsed.password) return { ok: false, reason: 'Refusing to open a URL that carries credentials.' };
  if (!parsed.hostname) return { ok: false, reason: 'Refusing to open a URL without a host.' };
  return { ok: true, url: parsed.href };
}
