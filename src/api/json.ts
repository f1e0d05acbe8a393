// JSON from a server we do not control: a depth limit before JSON.parse, so a hostile body of a million nested
// brackets is refused in one linear scan instead of exhausting the stack or memory of the extension host.

import { CoprError } from './errors';

/** Deeper than any real Copr document (they nest 4 levels); far below what could hurt. */
export const MAX_JSON_DEPTH = 64;

/** True when `text` nests arrays/objects deeper than `max` (brackets inside strings do not count). */
export function exceedsJsonDepth(text: string, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}

/** Parses a response body; every failure is a CoprError 'invalid-response' (never a SyntaxError). */
export function parseJsonBody(text: string, url?: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') {
    throw new CoprError('invalid-response', 'Copr sent an empty response where JSON was expected.', url);
  }
  if (exceedsJsonDepth(body)) {
    throw new CoprError('invalid-response', `Copr sent JSON nested deeper than ${MAX_JSON_DEPTH} levels; refused.`, url);
  }
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new CoprError(
      'invalid-response',
      'Copr sent a response that is not valid JSON (possibly cut off). Try again; if it persists, check the Copr URL.',
      url,
    );
  }
}
