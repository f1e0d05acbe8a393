// What the status bar says, as plain data: pure, so counts, words and the tooltip are unit-tested without VS Code.
import { STATE_TABLE } from '../api/states';
import { markdownText } from '../common/displayText';
import { buildLabel, formatPlain, type Translate } from './notificationPolicy';
import type { Health } from './pollScheduler';
import type { FailedTask } from './taskStore';

export interface StatusInput {
  /** Something configured or watched. */
  visible: boolean;
  counts: { running: number; active: number; failed: number; unacknowledged: number };
  failures: readonly FailedTask[];
  health: Health;
}

export interface StatusSummary {
  visible: boolean;
  /** With `$(codicon)` icons; every number has its word. */
  text: string;
  /** The same in words only, for screen readers. */
  accessibleText: string;
  /** An unacknowledged failure: the item turns to the error background. */
  alert: boolean;
  /** The server is not answering: the item turns to the warning background. */
  warning: boolean;
  /** Markdown (codicons allowed). */
  tooltip: string;
}

const MAX_TOOLTIP_FAILURES = 15;

export function summarizeStatus(input: StatusInput, t: Translate = formatPlain): StatusSummary {
  const { counts, health } = input;
  const parts: Array<{ icon: string; words: string }> = [];
  const queued = counts.active - counts.running;
  if (counts.running) parts.push({ icon: STATE_TABLE.running.icon, words: t('{0} running', counts.running) });
  if (queued > 0) parts.push({ icon: STATE_TABLE.pending.icon, words: t('{0} queued', queued) });
  if (counts.failed) parts.push({ icon: STATE_TABLE.failed.icon, words: t('{0} failed', counts.failed) });
  const healthWords = healthText(health, t);
  if (healthWords) parts.unshift({ icon: health.state === 'stopped' ? 'debug-pause' : 'warning', words: healthWords });
  if (parts.length === 0) parts.push({ icon: STATE_TABLE.succeeded.icon, words: t('Copr: nothing running') });
  const text = parts.map((p) => `$(${p.icon}) ${p.words}`).join('  ');
  const accessibleText = t('Copr builds: {0}', parts.map((p) => p.words).join(', '));

  const lines: string[] = [`**${escapeMarkdown(t('Copr builds'))}**`, ''];
  if (healthWords) lines.push(`$(warning) ${escapeMarkdown(healthDetail(health, t))}`, '');
  if (input.failures.length) {
    lines.push(escapeMarkdown(t('Failed chroots:')), '');
    for (const f of input.failures.slice(0, MAX_TOOLTIP_FAILURES)) {
      const mark = f.acknowledged ? '' : ` ${escapeMarkdown(t('(new)'))}`;
      if (f.stage === 'source') {
        lines.push(`- $(${STATE_TABLE.failed.icon}) ${escapeMarkdown(failureTitle(f, t))} (${escapeMarkdown(`${f.build.owner}/${f.build.project}`)} #${f.build.id})${mark}`);
        continue;
      }
      const reason = f.reason ? ` — ${escapeMarkdown(f.reason)}` : '';
      lines.push(`- $(${STATE_TABLE.failed.icon}) ${escapeMarkdown(f.task.chroot_name)} — ${escapeMarkdown(buildLabel(f.build, t))} (${escapeMarkdown(`${f.build.owner}/${f.build.project}`)} #${f.build.id})${mark}${reason}`);
    }
    const rest = input.failures.length - MAX_TOOLTIP_FAILURES;
    if (rest > 0) lines.push(`- ${escapeMarkdown(t('and {0} more', rest))}`);
    lines.push('', escapeMarkdown(t('Click to pick a failed chroot.')));
  } else {
    lines.push(escapeMarkdown(t('No failed chroots.')));
  }
  return {
    visible: input.visible,
    text,
    accessibleText,
    alert: counts.unacknowledged > 0,
    warning: health.state === 'backoff' || health.state === 'blocked',
    tooltip: lines.join('\n'),
  };
}

/** A failed source stage in one line, "<build> — source package (SRPM) failed: <reason>" (status bar, quick pick). */
export function failureTitle(f: FailedTask, t: Translate = formatPlain): string {
  const head = `${buildLabel(f.build, t)} — ${t('source package (SRPM) failed')}`;
  return f.reason ? `${head}: ${f.reason}` : head;
}

function healthText(health: Health, t: Translate): string | undefined {
  switch (health.state) {
    case 'backoff':
      return t('Copr unreachable');
    case 'blocked':
      return t('Copr blocked');
    case 'stopped':
      return t('paused');
    default:
      return undefined;
  }
}

function healthDetail(health: Health, t: Translate): string {
  switch (health.state) {
    case 'backoff':
      return t('Copr is not answering ({0}); retrying automatically.', health.error.message);
    case 'blocked':
      return t('Copr answered with a web page instead of data ({0}). Polling is paused: run "Copr: Refresh" to retry.', health.error.message);
    case 'stopped':
      return t('Polling paused while the window is in the background; it resumes on focus.');
    default:
      return '';
  }
}

/** Server text for the tooltip (Markdown with theme icons): printed as typed — no markup, no links, no `$(icon)`,
 * no invisible characters. The one escape of that surface, shared with the tree's tooltips. */
export const escapeMarkdown = markdownText;
