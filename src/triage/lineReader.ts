// Reads a log one line at a time without splitting it into an array: logs can be 100 MB, and a
// finished log is scanned once. Every line is cut to MAX_LINE_CHARS before any rule looks at it,
// which keeps each regex's work per line bounded and the whole scan linear in the input size.

export const MAX_LINE_CHARS = 1024;
const MAX_EVIDENCE_CHARS = 400;

/** Calls `onLine(line, lineNumber)` for every line (1-based), the line cut to MAX_LINE_CHARS. */
export function forEachLine(text: string, onLine: (line: string, lineNumber: number) => void): void {
  const length = text.length;
  let start = 0;
  let lineNumber = 0;
  while (start < length) {
    let end = text.indexOf('\n', start);
    if (end < 0) {
      end = length;
    }
    lineNumber++;
    onLine(text.slice(start, Math.min(end, start + MAX_LINE_CHARS)), lineNumber);
    start = end + 1;
  }
}

// Colour codes (unbuffer keeps them), and the prefix mock's python logger puts on every line of
// root.log/build.log ("DEBUG util.py:459:  ").
const ESC = String.fromCharCode(27);
const ANSI_ESCAPE = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'g');
const MOCK_LOGGER_PREFIX = /^(?:DEBUG|INFO|WARNING|ERROR) [\w.-]{1,40}\.py:\d{1,6}:\s*/;
const BACKEND_TIMESTAMP = /^\[\d{4}-\d\d-\d\d[ T][\d:.,]{1,20}\](?:\[[^\]]{0,30}\]){0,3}\s*/;
// copr-rpmbuild --srpm prints a failed command's output as "stderr: <first line>" and repeats it after
// "Copr build error: ": the tool's own line (rpm's "error: ...", curl's, git's "fatal: ...") is what rules read.
const COPR_RPMBUILD_PREFIX = /^(?:stderr|stdout|Copr build error): (?=[A-Za-z][\w.-]{0,30}(?:\[\d{1,4}\])?: |Traceback )/;

/** The line as rules see it: no CR, no colour codes, no logger prefix, no leading blanks. */
export function normalizeLine(raw: string): string {
  let line = raw;
  if (line.endsWith('\r')) {
    line = line.slice(0, -1);
  }
  if (line.includes(ESC)) {
    line = line.replace(ANSI_ESCAPE, '');
  }
  const trimmed = line.trimStart();
  if (trimmed.length === 0) {
    return trimmed;
  }
  const first = trimmed.charCodeAt(0);
  if (first === 0x44 /* D */ || first === 0x49 /* I */ || first === 0x57 /* W */ || first === 0x45 /* E */) {
    const prefix = MOCK_LOGGER_PREFIX.exec(trimmed);
    if (prefix) {
      return trimmed.slice(prefix[0].length);
    }
  } else if (first === 0x73 /* s */ || first === 0x43 /* C */) {
    const prefix = COPR_RPMBUILD_PREFIX.exec(trimmed);
    if (prefix) {
      return trimmed.slice(prefix[0].length);
    }
  } else if (first === 0x5b /* [ */) {
    const stamp = BACKEND_TIMESTAMP.exec(trimmed);
    if (stamp) {
      return trimmed.slice(stamp[0].length);
    }
  }
  return trimmed;
}

/**
 * A copy of a (short) string that does not keep the whole log alive: `slice` may return a view into
 * its parent, and results are cached long after the log text is gone.
 */
export function detach(text: string): string {
  const short = text.length > MAX_EVIDENCE_CHARS ? text.slice(0, MAX_EVIDENCE_CHARS) + '…' : text;
  return Array.from(short).join('');
}

/** A fixed-size ring keeping the last `capacity` items pushed. */
export class Ring<T> {
  private readonly items: T[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  push(item: T): void {
    if (this.items.length < this.capacity) {
      this.items.push(item);
    } else {
      this.items[this.next] = item;
      this.next = (this.next + 1) % this.capacity;
    }
  }

  clear(): void {
    this.items.length = 0;
    this.next = 0;
  }

  get size(): number {
    return this.items.length;
  }

  /** Oldest first. */
  toArray(): T[] {
    return this.items.slice(this.next).concat(this.items.slice(0, this.next));
  }
}
