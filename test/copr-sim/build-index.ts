// Builds of one project (or owner, or the instance) sorted by id, with cached task counts so that a page of
// build tasks at any offset is found by binary search instead of a scan over every task.

import { type BuildRec, chrootsVisible, visibleChrootCount } from './model';

export class BuildIndex {
  /** Ascending by id. */
  readonly builds: BuildRec[] = [];
  /** prefix[i] = visible tasks in builds[0..i-1]; rebuilt lazily. */
  private prefix: Float64Array | null = null;
  /** Builds whose chroots are not visible yet: the only ones whose count can change with time. */
  private readonly notYetImported = new Set<BuildRec>();

  insert(b: BuildRec): void {
    const list = this.builds;
    if (list.length === 0 || (list[list.length - 1] as BuildRec).id < b.id) list.push(b);
    else list.splice(lowerBound(list.length, (i) => (list[i] as BuildRec).id >= b.id), 0, b);
    this.notYetImported.add(b);
    this.prefix = null;
  }

  /** A build's chroot set or visibility changed outside the clock (forced state, cancel). */
  invalidate(): void {
    this.prefix = null;
  }

  /** Newest first. */
  *newestFirst(from = 0): Generator<BuildRec> {
    for (let i = this.builds.length - 1 - from; i >= 0; i--) yield this.builds[i] as BuildRec;
  }

  private prefixAt(t: number): Float64Array {
    for (const b of this.notYetImported) {
      if (chrootsVisible(b, t) || t >= b.importEndAt) {
        this.notYetImported.delete(b);
        this.prefix = null;
      }
    }
    if (this.prefix) return this.prefix;
    const p = new Float64Array(this.builds.length + 1);
    for (let i = 0; i < this.builds.length; i++) p[i + 1] = (p[i] as number) + visibleChrootCount(this.builds[i] as BuildRec, t);
    this.prefix = p;
    return p;
  }

  /** Tasks in order build id ASC, chroots in creation order, from `offset` (API v2's /build_tasks has no ORDER BY). */
  *tasksOldestFirst(t: number, offset: number): Generator<[BuildRec, number]> {
    const p = this.prefixAt(t);
    const total = p[p.length - 1] as number;
    if (offset >= total) return;
    // Build i holds ASC positions [p[i], p[i+1]); find the one holding `offset`.
    let i = lowerBound(p.length, (k) => (p[k] as number) > offset) - 1;
    let skip = offset - (p[i] as number);
    for (; i < this.builds.length; i++) {
      const b = this.builds[i] as BuildRec;
      const n = visibleChrootCount(b, t);
      for (let c = skip; c < n; c++) yield [b, c];
      skip = 0;
    }
  }

  totalTasks(t: number): number {
    const p = this.prefixAt(t);
    return p[p.length - 1] as number;
  }

  /**
   * Tasks in order build id DESC, chroots in creation order, starting at `offset`.
   * Yields [build, chroot index] pairs.
   */
  *tasksNewestFirst(t: number, offset: number): Generator<[BuildRec, number]> {
    const p = this.prefixAt(t);
    const total = p[p.length - 1] as number;
    if (offset >= total) return;
    // Build i holds DESC positions [total - p[i+1], total - p[i]); find the one holding `offset`.
    const x = total - offset;
    let i = lowerBound(p.length, (k) => (p[k] as number) >= x) - 1;
    let skip = offset - (total - (p[i + 1] as number));
    for (; i >= 0; i--) {
      const b = this.builds[i] as BuildRec;
      const n = visibleChrootCount(b, t);
      for (let c = skip; c < n; c++) yield [b, c];
      skip = 0;
    }
  }
}

/** The first index in [0, n) for which `ok` holds (`ok` is monotone), or n. */
export function lowerBound(n: number, ok: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ok(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
