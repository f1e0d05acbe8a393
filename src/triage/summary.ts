// One sentence for a build whose chroots failed: the same reason said once, and the arch or release
// it is confined to when it is — "only s390x" is the most useful thing triage can tell a packager.

import { FailureCategory, FailureReason } from './failureReason';

export interface ChrootFailure {
  chroot: string;
  reason: FailureReason;
}

export type FailureScope =
  | { kind: 'all' }
  | { kind: 'arch'; arch: string }
  | { kind: 'release'; release: string }
  | { kind: 'chroots' };

export interface FailureGroup {
  /** "5 chroots", "only s390x", "only epel-9", "fedora-rawhide-s390x, epel-9-ppc64le", "3 others". */
  label: string;
  scope: FailureScope;
  category: FailureCategory;
  summary: string;
  notYourPackage: boolean;
  chroots: string[];
}

export interface CrossChrootSummary {
  /** Largest group last when it is labelled "N others"; otherwise most chroots first. */
  groups: FailureGroup[];
  /** One line per group: "<label>: <summary>". */
  lines: string[];
  /** The one-line text: the lines joined by "; ". */
  text: string;
}

export interface SummaryOptions {
  /**
   * Every chroot of the build, failed or not. Without it, only the failed chroots are known, and
   * "only s390x" can only be said against other failing arches.
   */
  allChroots?: readonly string[];
}

/** "fedora-rawhide-x86_64" → { release: "fedora-rawhide", arch: "x86_64" }. */
export function splitChroot(chroot: string): { release: string; arch: string } {
  const dash = chroot.lastIndexOf('-');
  return dash <= 0 ? { release: chroot, arch: '' } : { release: chroot.slice(0, dash), arch: chroot.slice(dash + 1) };
}

export function summarizeAcrossChroots(items: readonly ChrootFailure[], options: SummaryOptions = {}): CrossChrootSummary {
  const failed = unique(items.map((i) => i.chroot));
  const universe = unique([...(options.allChroots ?? []), ...failed]);

  const byKey = new Map<string, { reason: FailureReason; chroots: string[] }>();
  for (const item of items) {
    const key = groupKey(item.reason);
    const group = byKey.get(key);
    if (group) {
      if (!group.chroots.includes(item.chroot)) {
        group.chroots.push(item.chroot);
      }
    } else {
      byKey.set(key, { reason: item.reason, chroots: [item.chroot] });
    }
  }

  const groups: FailureGroup[] = [...byKey.values()]
    .sort((a, b) => b.chroots.length - a.chroots.length)
    .map(({ reason, chroots }) => {
      const scope = scopeOf(chroots, universe);
      return {
        label: labelFor(scope, chroots, universe),
        scope,
        category: reason.category,
        summary: reason.summary,
        notYourPackage: reason.notYourPackage,
        chroots: [...chroots].sort(),
      };
    });

  // "fedora-rawhide-s390x: %check failed; 3 others: missing BuildRequires: foo" reads best with
  // the exceptions first and the bulk of the chroots summed up last.
  if (groups.length > 1 && groups[0].scope.kind === 'chroots' && groups[0].chroots.length > 3) {
    const bulk = groups.shift() as FailureGroup;
    bulk.label = `${bulk.chroots.length} others`;
    groups.push(bulk);
  }

  const lines = groups.map((g) => `${g.label}: ${g.summary}`);
  return { groups, lines, text: lines.join('; ') };
}

/** Failures that read the same to a packager share a key, whatever the log line numbers. */
function groupKey(reason: FailureReason): string {
  switch (reason.category) {
    case 'missing-deps':
      return `deps|${[...(reason.packages ?? [])].sort().join(',')}`;
    case 'section-failed':
      return `section|${reason.section ?? ''}`;
    case 'unpackaged-files':
    case 'missing-files':
      return `${reason.category}|${[...(reason.files ?? [])].sort().join(',')}`;
    default:
      return `${reason.category}|${reason.summary}`;
  }
}

function scopeOf(chroots: readonly string[], universe: readonly string[]): FailureScope {
  if (universe.length > 1 && chroots.length === universe.length) {
    return { kind: 'all' };
  }
  const arches = unique(chroots.map((c) => splitChroot(c).arch));
  if (arches.length === 1 && arches[0] !== '') {
    const arch = arches[0];
    const sameArch = universe.filter((c) => splitChroot(c).arch === arch);
    const hasOtherArches = universe.some((c) => splitChroot(c).arch !== arch);
    if (hasOtherArches && sameArch.length === chroots.length) {
      return { kind: 'arch', arch };
    }
  }
  const releases = unique(chroots.map((c) => splitChroot(c).release));
  if (releases.length === 1) {
    const release = releases[0];
    const sameRelease = universe.filter((c) => splitChroot(c).release === release);
    const hasOtherReleases = universe.some((c) => splitChroot(c).release !== release);
    if (hasOtherReleases && sameRelease.length === chroots.length) {
      return { kind: 'release', release };
    }
  }
  return { kind: 'chroots' };
}

function labelFor(scope: FailureScope, chroots: readonly string[], universe: readonly string[]): string {
  switch (scope.kind) {
    case 'all':
      return `${chroots.length} chroots`;
    case 'arch':
      return `only ${scope.arch}`;
    case 'release':
      return `only ${scope.release}`;
    case 'chroots':
      if (chroots.length <= 3) {
        return [...chroots].sort().join(', ');
      }
      return universe.length > chroots.length ? `${chroots.length} of ${universe.length} chroots` : `${chroots.length} chroots`;
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
