// The last N characters of a log, cut at a line boundary, with a count of the lines dropped before it, so a 100 MB
// log costs at most ~2N of memory and line numbers from the full log can still be mapped into the document.

export class TailText {
  private chunks: string[] = [];
  private length = 0;
  private _droppedLines = 0;
  private _droppedChars = 0;
  private _totalChars = 0;

  constructor(readonly maxChars: number) {
    if (!(maxChars > 0)) throw new Error('TailText: maxChars must be positive');
  }

  append(text: string): void {
    if (!text) return;
    this.chunks.push(text);
    this.length += text.length;
    this._totalChars += text.length;
    // Trim lazily (at twice the budget) so streaming many small chunks stays linear.
    if (this.length > this.maxChars * 2) this.trim();
  }

  /** Whole log replaced (a server that ignored a Range request). */
  reset(): void {
    this.chunks = [];
    this.length = 0;
    this._droppedLines = 0;
    this._droppedChars = 0;
    this._totalChars = 0;
  }

  text(): string {
    this.trim();
    return this.chunks.join('');
  }

  /** Complete lines dropped from the start of the log. */
  get droppedLines(): number {
    this.trim();
    return this._droppedLines;
  }

  get droppedChars(): number {
    this.trim();
    return this._droppedChars;
  }

  get totalChars(): number {
    return this._totalChars;
  }

  get truncated(): boolean {
    return this.droppedChars > 0;
  }

  private trim(): void {
    if (this.length <= this.maxChars) {
      if (this.chunks.length > 1) this.chunks = [this.chunks.join('')];
      return;
    }
    const all = this.chunks.join('');
    let cut = all.length - this.maxChars;
    // Start the kept part at the beginning of a line.
    const nl = all.indexOf('\n', cut - 1);
    // One line longer than the budget: cut inside it rather than drop everything.
    if (nl !== -1) cut = nl + 1;
    const dropped = all.slice(0, cut);
    this._droppedLines += countNewlines(dropped);
    this._droppedChars += dropped.length;
    const kept = all.slice(cut);
    this.chunks = kept ? [kept] : [];
    this.length = kept.length;
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
