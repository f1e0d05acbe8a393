// The details page as one HTML string. Pure (no `vscode`): given the webview's CSP source, a nonce, the script and
// style URIs and the data, it returns the whole document, so unit tests and the browser screenshot script can render
// it without VS Code. Every server value is escaped by the `html` template; the page has no inline style or script
// except the nonce'd script tag, and no link the page itself could follow: buttons post messages the panel validates.
import { STATE_TABLE, isActiveState } from '../api/states';
import type { TaskState } from '../api/types';
import { formatDuration, formatTime } from '../tree/format';
import { LOG_TITLES } from '../logs/logNames';
import type { ChrootRow, DetailsData, ReasonView } from './detailsModel';
import { VIEWABLE_LOGS } from './detailsModel';
import { html, trusted, type SafeHtml } from './html';
import { icon, stateIconSvg } from './icons';
import { isValidGitHash } from './gitHash';
import { SRPM_STAGE } from '../triage/sourceStage';

export interface RenderInput {
  /** `webview.cspSource`. */
  cspSource: string;
  /** Fresh per render, [A-Za-z0-9+/=], at least 16 characters. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  data: DetailsData;
}

const NONCE_RE = /^[A-Za-z0-9+/=]{16,}$/;

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  if (!NONCE_RE.test(nonce)) throw new Error('renderDetails: the nonce must be at least 16 base64 characters');
  // cspSource comes from VS Code, but a stray quote or semicolon would rewrite the policy: keep only what a source can be.
  const tokens = cspSource.split(/\s+/).filter((t) => t === "'self'" || /^[A-Za-z0-9:/.*+_-]+$/.test(t));
  const source = tokens.length ? tokens.join(' ') : "'none'";
  return [
    "default-src 'none'",
    `style-src ${source}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${source} data:`,
    `font-src ${source}`,
  ].join('; ');
}

export function renderDetails(input: RenderInput): string {
  const d = input.data;
  // Built only from the validated nonce and the filtered source: no quote can end the attribute early.
  const csp = contentSecurityPolicy(input.cspSource, input.nonce);
  const state: TaskState = d.task?.state ?? 'unknown';
  const title = `${d.chroot} · build ${d.buildId}`;
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${trusted(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${input.styleUri}">
<title>${title}</title>
</head>
<body data-build-id="${d.buildId}" data-chroot="${d.chroot}">
<main>
${header(d, state)}
${d.problem ? html`<p class="problem" role="alert">${icon('warning')}<span>${d.problem}</span></p>` : ''}
${d.chroot === SRPM_STAGE ? '' : actions(d)}
${d.sourceStage ? sourceSection(d.sourceStage) : d.chroot === SRPM_STAGE ? html`<p class="muted">The source package (SRPM) stage: no failure known for it.</p>` : ''}
${d.reason && d.chroot !== SRPM_STAGE ? reasonSection(d.reason) : ''}
${d.chroot === SRPM_STAGE ? '' : taskSection(d, state)}
${buildSection(d)}
${chrootsSection(d.chroots)}
</main>
<script nonce="${input.nonce}" src="${input.scriptUri}"></script>
</body>
</html>
`;
  return page.html;
}

function header(d: DetailsData, state: TaskState): SafeHtml {
  const live = d.task && isActiveState(state);
  return html`<header>
<h1><span class="state state-${state}">${stateIconSvg(state)}</span><span class="chroot">${d.chroot}</span></h1>
<p class="subtitle">${stateBadge(state)}<span>build ${d.buildId}</span>${d.build ? html`<span>${d.build.owner}/${d.build.project}</span>` : ''}${
    live ? html`<span class="live">${icon('sync~spin')}updates live</span>` : ''
  }</p>
</header>`;
}

function stateBadge(state: TaskState): SafeHtml {
  return html`<span class="badge state-${state}">${STATE_TABLE[state].words}</span>`;
}

function button(command: string, label: string, iconName: string, opts: { disabled?: string; data?: Record<string, string | number> } = {}): SafeHtml {
  const data = Object.entries(opts.data ?? {}).map(([k, v]) => html` data-${trusted(k)}="${v}"`);
  const disabled = opts.disabled ? html` disabled title="${opts.disabled}"` : '';
  return html`<button type="button" data-command="${command}"${data}${disabled}>${icon(iconName)}<span>${label}</span></button>`;
}

function actions(d: DetailsData): SafeHtml {
  const started = d.task?.started_on !== null && d.task?.started_on !== undefined;
  const noDir = d.task?.result_dir_url ? undefined : 'The task has no result directory yet (it has not started).';
  const hashKnownMissing = d.gitHash === null && !started ? 'The server has no git hash for this task yet.' : undefined;
  return html`<section class="actions" aria-label="Actions">
<div class="toolbar">
${button('openResultDir', 'Open Result Directory', 'folder-opened', { disabled: noDir })}
${button('copyGitHash', 'Copy Git Hash', 'copy', { disabled: hashKnownMissing })}
${button('openBuildInCopr', 'Open Build in Copr', 'link-external')}
${buildActions(d)}
</div>
<div class="toolbar logs" role="group" aria-label="View log">
<span class="group-label">${icon('output')}Logs:</span>
${VIEWABLE_LOGS.map((log) => button('viewLog', LOG_TITLES[log], 'output', { data: { log }, disabled: noDir }))}
</div>
</section>`;
}

/** Cancel while the build can still change; Resubmit (of this chroot when it failed) once it has ended. */
function buildActions(d: DetailsData): SafeHtml | string {
  if (!d.build) return '';
  if (isActiveState(d.build.state)) return button('cancelBuild', 'Cancel Build', 'stop-circle');
  return button('resubmitBuild', d.task?.state === 'failed' ? 'Resubmit This Chroot…' : 'Resubmit Build…', 'debug-rerun');
}

function reasonSection(r: ReasonView): SafeHtml {
  return html`<section class="reason" aria-labelledby="reason-title">
<h2 id="reason-title">${icon('error', 'state-failed')}Why it failed</h2>
<p class="summary">${r.summary}</p>
${r.notYourPackage ? html`<p class="note">${icon('info')}Probably not your package's fault (infrastructure): a resubmit may be enough.</p>` : ''}
${
  r.evidence.length
    ? html`<ol class="evidence">${r.evidence.map(
        (e) => html`<li><button type="button" class="link" data-command="viewLog" data-log="${e.log}" data-line="${e.line}" title="Open ${LOG_TITLES[e.log]} at line ${e.line}">${LOG_TITLES[e.log]}:${e.line}</button><code>${e.text}</code></li>`,
      )}</ol>`
    : ''
}
</section>`;
}

/** The source (SRPM) stage failed, so the build has no chroots: why, with the stage's log lines (not links: the chroot
 * log viewer reads a chroot's result directory, and this stage has its own, srpm-builds/). */
function sourceSection(r: ReasonView): SafeHtml {
  return html`<section class="reason source-stage" aria-labelledby="source-title">
<h2 id="source-title">${icon('error', 'state-failed')}Source package (SRPM) failed</h2>
<p class="muted">Copr builds the source package first (rpkg, make srpm, SCM, upload, PyPI, RubyGems); it failed, so no chroot was built.</p>
<p class="summary">${r.summary}</p>
${r.notYourPackage ? html`<p class="note">${icon('info')}Probably not your package's fault (infrastructure): a resubmit may be enough.</p>` : ''}
${
  r.evidence.length
    ? html`<ol class="evidence">${r.evidence.map((e) => html`<li><span class="muted">srpm-builds/${LOG_TITLES[e.log]}:${e.line}</span><code>${e.text}</code></li>`)}</ol>`
    : ''
}
</section>`;
}

function row(label: string, value: SafeHtml | string, cls = ''): SafeHtml {
  return html`<tr${cls ? html` class="${cls}"` : ''}><th scope="row">${label}</th><td>${value}</td></tr>`;
}

function muted(text: string): SafeHtml {
  return html`<span class="muted">${text}</span>`;
}

function durationText(d: DetailsData): SafeHtml | string {
  const t = d.task;
  if (!t || t.started_on === null) return muted('not started');
  if (t.ended_on !== null) return formatDuration(t.ended_on - t.started_on);
  if (isActiveState(t.state)) return `${formatDuration(d.nowSeconds - t.started_on)} so far`;
  return muted('did not end');
}

function gitHashText(d: DetailsData): SafeHtml | string {
  if (d.gitHash === undefined) return muted('fetched when copied');
  if (d.gitHash === null) return muted('not available');
  if (!isValidGitHash(d.gitHash)) return muted('not a valid hash');
  return html`<code>${d.gitHash}</code>`;
}

function taskSection(d: DetailsData, state: TaskState): SafeHtml {
  const t = d.task;
  return html`<section aria-labelledby="task-title">
<h2 id="task-title">Task</h2>
${
  t
    ? html`<table class="fields">
${row('Chroot', html`<code>${t.chroot_name}</code>`)}
${row('Build', String(t.build_id))}
${row('State', html`<span class="state state-${state}">${stateIconSvg(state)}</span>${STATE_TABLE[state].words}`)}
${row('Started', t.started_on === null ? muted('not yet') : formatTime(t.started_on))}
${row('Ended', t.ended_on === null ? muted(isActiveState(t.state) ? 'not yet' : 'not recorded') : formatTime(t.ended_on))}
${row('Duration', durationText(d))}
${row('Result directory', t.result_dir_url ? html`<code class="url">${t.result_dir_url}</code>` : muted('not assigned yet'))}
${row('Git hash', gitHashText(d))}
</table>`
    : html`<p class="muted">Loading the task…</p>`
}
</section>`;
}

function buildSection(d: DetailsData): SafeHtml {
  const b = d.build;
  if (!b) return html`<section aria-labelledby="build-title"><h2 id="build-title">Build</h2><p class="muted">Loading the build…</p></section>`;
  return html`<section aria-labelledby="build-title">
<h2 id="build-title">Build ${b.id}</h2>
<table class="fields">
${row('Package', b.package_name ?? muted('not imported yet'))}
${row('Version', b.package_version ?? muted('not imported yet'))}
${row('Project', html`${b.owner}/${b.project}${b.dirname && b.dirname !== b.project ? html` <span class="muted">(${b.dirname})</span>` : ''}`)}
${row('Submitter', b.submitter ?? muted('none (webhook or automation)'))}
${row('Build state', html`<span class="state state-${b.state}">${stateIconSvg(b.state)}</span>${STATE_TABLE[b.state].words}`)}
${row('Submitted', formatTime(b.submitted_on))}
</table>
</section>`;
}

function chrootsSection(rows: ChrootRow[]): SafeHtml {
  if (rows.length === 0) return html``;
  return html`<section aria-labelledby="chroots-title">
<h2 id="chroots-title">Chroots of this build (${rows.length})</h2>
<ul class="chroots">${rows.map(
    (r) => html`<li${r.current ? html` class="current" aria-current="true"` : ''}><span class="state state-${r.state}">${stateIconSvg(r.state)}</span>${
      r.current
        ? html`<span class="chroot">${r.chroot}</span>`
        : html`<button type="button" class="link chroot" data-command="showTask" data-chroot="${r.chroot}">${r.chroot}</button>`
    }<span class="words">${STATE_TABLE[r.state].words}</span></li>`,
  )}</ul>
</section>`;
}
