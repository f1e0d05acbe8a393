// The package names a spec file stands for: its file name and its Name: tag with the spec's own simple
// %global/%define macros expanded. Pure text work — nothing in the workspace is ever executed.

import { specPackageName } from '../triage/specMapping';

const DEFINITION = /^%(?:global|define)\s+(\w+)\s+(.+?)\s*$/;
const MAX_ROUNDS = 5;

/** The Name: tag with %{macro}, %macro and %{?macro} of the spec's plain definitions replaced; null without one. */
export function expandedSpecName(specText: string): string | null {
  const raw = specPackageName(specText);
  if (raw === null) return null;
  const macros = new Map<string, string>();
  for (const line of specText.split(/\r?\n/)) {
    const m = DEFINITION.exec(line.trim());
    // Shell or Lua expansions (%(...), %{lua:...}) are not evaluated: such a macro is left as written.
    if (m && !/%[({]\s*(?:lua:|\()/.test(m[2]) && !m[2].includes('%(')) macros.set(m[1], m[2]);
  }
  let name = raw;
  for (let round = 0; round < MAX_ROUNDS && name.includes('%'); round++) {
    name = name.replace(/%\{\??(\w+)\}|%(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => macros.get(braced ?? bare ?? '') ?? whole);
  }
  return name;
}

/** "dir/python-foo.spec" → "python-foo". */
export function specBaseName(path: string): string {
  const file = path.slice(path.lastIndexOf('/') + 1);
  return file.toLowerCase().endsWith('.spec') ? file.slice(0, -'.spec'.length) : file;
}

/** Every name the spec answers to (file name first). */
export function specNames(path: string, specText: string): string[] {
  const names = [specBaseName(path)];
  const named = expandedSpecName(specText);
  if (named && !named.includes('%') && !names.includes(named)) names.push(named);
  return names;
}
