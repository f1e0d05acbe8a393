// Small, pure formatting helpers for rows and tooltips (English units; callers wrap sentences in l10n).
import { markdownText } from '../common/displayText';

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  const rm = m % 60;
  if (h < 48) return rm ? `${h} h ${rm} min` : `${h} h`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** `2026-11-29 19:28 UTC`; unix seconds in, stable text out (tooltips must not depend on the machine's zone). */
export function formatTime(unixSeconds: number | null): string {
  if (unixSeconds === null) return '—';
  const d = new Date(unixSeconds * 1000);
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Escapes text for a MarkdownString so names from the server render as text, never as markup, links or `$(icons)`,
 * without bidi or invisible characters (src/common/displayText.ts).
 */
export function escapeMarkdown(text: string): string {
  return markdownText(text);
}

/** Caps text from the server that ends up in a single-line label. */
export function clipLabel(text: string, max = 120): string {
  const oneLine = text.replace(/[\r\n\t]+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
