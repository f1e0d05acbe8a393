// Text from outside (the Copr server, build logs, settings from a workspace) on its way to a VS Code surface. Each
// surface has its own active syntax, so each has one function here, and nothing else prepares such text:
//   - message APIs (showInformation/Warning/ErrorMessage) turn `[label](command:id?args)` into a link that runs the
//     command on click: `inertMessageText` (used only by src/ui/messages.ts, the one door to those APIs);
//   - tree labels and descriptions, quick-pick items and status-bar text render `$(icon)`: `labelText`;
//   - MarkdownStrings (tooltips) render Markdown and `$(icon)`: `markdownText`.
// All of them first drop bidi and invisible control characters (Trojan Source: text that reads differently from what
// it is), via `stripInvisible`. No `vscode` here, so the property tests run in plain Node.

/**
 * C0 and C1 controls, the soft hyphen, the Arabic letter mark, the Mongolian vowel separator, zero-width spaces and
 * joiners, left-to-right/right-to-left marks, bidi embeddings, overrides and isolates, invisible operators and the BOM.
 */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const LINE_BREAKS = /[\t\n\r\u2028\u2029]+/g;

/** Drops bidi and invisible control characters; tabs and line breaks become one space (labels are one line). */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '').replace(LINE_BREAKS, ' ');
}

/** At most `max` UTF-16 units, never splitting a surrogate pair; an ellipsis marks a cut. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** The longest message text handed to a message API (a toast shows a few lines; the log has the whole story). */
export const MAX_MESSAGE_CHARS = 1000;

/**
 * Text that a message API shows as text, whatever it contains. VS Code makes a link of `[label](target)` in message
 * text (`/\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^\)\s]+)…\)/gi` in the workbench), and a `command:` target runs
 * any command with any arguments. Every link needs `]` directly followed by `(`, so that pair is split with a space.
 * Before that: compatibility forms are folded (NFKC: fullwidth `［］（）` become `[](`, so no later normalisation can
 * make a link), invisible characters that could hide between `]` and `(` are dropped, and the text is capped.
 * Idempotent; plain prose passes unchanged.
 */
export function inertMessageText(text: string, max = MAX_MESSAGE_CHARS): string {
  // Capped once before the work (a 100 MB string is not normalised), and once after (splitting adds spaces).
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const folded = stripInvisible(head.normalize('NFKC'));
  return clipText(folded.replace(/\](?=\()/g, '] '), max);
}

/** VS Code's theme-icon syntax, `$(name)` or `$(name~modifier)`. */
const ICON = /\$\(/g;

/**
 * For a tree label or description, a quick-pick label, description or detail, or status-bar text: `$(name)` would
 * render as an icon; `\$(` is the escape VS Code honours (`renderLabelWithIcons`), and it shows `$(` as typed.
 */
export function labelText(text: string): string {
  return stripInvisible(text).replace(ICON, '\\$(');
}

/**
 * For a MarkdownString with theme icons (tree and status-bar tooltips): Markdown punctuation backslash-escaped, so
 * names render as typed and never as markup or links, and `$(` as `\$(` first. The Markdown escape turns that into
 * `\\$\(`, which Markdown renders as the text `\$(`, which the icon renderer shows as `$(`: no icon. (Escaping only
 * `$\(` — what this code did before — renders an icon: Markdown removes the backslash, then the icon pass sees `$(`.)
 */
export function markdownText(text: string): string {
  return labelText(text).replace(/[\\`*_{}[\]()#+\-.!|<>&~$]/g, (c) => `\\${c}`);
}
