import * as assert from 'node:assert/strict';
import type { Build, BuildTask } from '../../../src/api/types';
import { detailsData, reasonView, type DetailsSources } from '../../../src/details/detailsModel';
import { contentSecurityPolicy, renderDetails } from '../../../src/details/renderDetails';
import { escapeHtml, html } from '../../../src/details/html';

const NONCE = 'abcdefghijklmnopqrstuvwxyz012345';
const HOSTILE = '<img src=x onerror=alert(1)>';

function task(over: Partial<BuildTask> = {}): BuildTask {
  return {
    chroot_name: 'fedora-rawhide-x86_64',
    build_id: 106882,
    state: 'succeeded',
    started_on: 1440753865,
    ended_on: 1440753919,
    result_dir_url: 'https://backend.example/results/o/p/fedora-rawhide-x86_64/00106882-pkg/',
    git_hash: 'd241064b14f9dcd5d9032d0aca3b4e78fbd1aafd',
    ...over,
  };
}

function build(over: Partial<Build> = {}): Build {
  return {
    id: 106882,
    owner: 'vgologuz',
    project: 'aeghqawgt',
    dirname: 'aeghqawgt',
    package_name: 'python-marshmallow',
    package_version: '2.0.0-1',
    submitter: 'vgologuz',
    submitted_on: 1440753800,
    started_on: 1440753865,
    ended_on: 1440753919,
    state: 'succeeded',
    chroots: ['fedora-rawhide-x86_64', 'fedora-42-x86_64'],
    project_id: 3985,
    ...over,
  };
}

function sources(over: Partial<DetailsSources> = {}): DetailsSources {
  const t = task();
  return {
    buildId: 106882,
    chroot: 'fedora-rawhide-x86_64',
    task: t,
    build: build(),
    tasks: [t, task({ chroot_name: 'fedora-42-x86_64', state: 'failed' })],
    reason: undefined,
    fetchedGitHash: undefined,
    buildUrl: 'https://copr.example/coprs/vgologuz/aeghqawgt/build/106882/',
    nowSeconds: 1440754000,
    ...over,
  };
}

function render(over: Partial<DetailsSources> = {}): string {
  return renderDetails({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: NONCE,
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/media/details.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/media/details.css',
    data: detailsData(sources(over)),
  });
}

/** Every tag name in the document (the markup a hostile value would have to add). */
function tags(page: string): string[] {
  return [...page.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1].toLowerCase());
}

describe('renderDetails', () => {
  it('sets a strict CSP: nothing by default, scripts only with the nonce, styles from the webview source', () => {
    const page = render();
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1];
    assert.ok(csp, 'the page has a CSP meta tag');
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, new RegExp(`script-src 'nonce-${NONCE}'`));
    assert.match(csp, /style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  it('has exactly one script, with the nonce and the given src, and no inline style or event attribute', () => {
    const page = render();
    const scripts = [...page.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(scripts, [`<script nonce="${NONCE}" src="https://file+.vscode-resource.vscode-cdn.net/media/details.js">`]);
    assert.doesNotMatch(page, /\sstyle=/);
    assert.doesNotMatch(page, /\son[a-z]+=/i);
    assert.doesNotMatch(page, /<style/);
  });

  it('refuses a nonce that is not base64 (it would break out of the policy)', () => {
    assert.throws(() => contentSecurityPolicy('x', "abc'; script-src *"));
    assert.throws(() => contentSecurityPolicy('x', 'short'));
  });

  it('keeps a hostile cspSource from adding directives', () => {
    const csp = contentSecurityPolicy("https://a.example; script-src 'unsafe-inline'", NONCE);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(csp.split(';').length, 5);
  });

  it("keeps a cspSource of several sources, 'self' included (code-server's form)", () => {
    const csp = contentSecurityPolicy("'self' https://*.vscode-cdn.net", NONCE);
    assert.match(csp, /style-src 'self' https:\/\/\*\.vscode-cdn\.net;/);
  });

  it('shows every field of the task, the build and the other chroots', () => {
    const page = render();
    for (const text of [
      'fedora-rawhide-x86_64',
      '106882',
      'succeeded',
      '2015-08-28 09:24 UTC',
      '2015-08-28 09:25 UTC',
      '54 s',
      'https://backend.example/results/o/p/fedora-rawhide-x86_64/00106882-pkg/',
      'd241064b14f9dcd5d9032d0aca3b4e78fbd1aafd',
      'python-marshmallow',
      '2.0.0-1',
      'vgologuz/aeghqawgt',
      'Submitter',
      'fedora-42-x86_64',
      'data-command="showTask" data-chroot="fedora-42-x86_64"',
      'data-command="openResultDir"',
      'data-command="copyGitHash"',
      'data-command="openBuildInCopr"',
      'data-command="viewLog" data-log="builder-live"',
      'data-command="viewLog" data-log="root"',
    ]) {
      assert.ok(page.includes(text), `the page shows ${text}`);
    }
  });

  it('shows server values as text: a hostile package name, owner, chroot and URL add no markup', () => {
    const clean = tags(render());
    const hostileTask = task({ chroot_name: HOSTILE, result_dir_url: `javascript:alert(1)//${HOSTILE}`, git_hash: HOSTILE });
    const page = render({
      chroot: HOSTILE,
      task: hostileTask,
      tasks: [hostileTask, task({ chroot_name: `"><script>alert(2)</script>` })],
      build: build({ package_name: HOSTILE, package_version: `"'><svg onload=alert(3)>`, owner: HOSTILE, project: '</td></table><script>x</script>', submitter: HOSTILE, dirname: HOSTILE }),
      reason: { summary: HOSTILE, notYourPackage: false, evidence: [{ log: 'build', line: 3, text: HOSTILE }] },
    });
    assert.ok(page.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.doesNotMatch(page, /<img/);
    assert.equal([...page.matchAll(/<script/g)].length, 1);
    assert.doesNotMatch(page, /<svg onload/);
    // The hostile page has no tag the clean page lacks (the reason section adds ol/li/code/button only).
    const allowed = new Set([...clean, 'ol', 'li', 'code', 'button', 'p']);
    assert.deepEqual(tags(page).filter((t) => !allowed.has(t)), []);
  });

  it('renders the failure reason with its evidence lines as buttons that open the log at the line', () => {
    const page = render({
      reason: { summary: 'missing BuildRequires: python3-flit-core', notYourPackage: true, evidence: [{ log: 'root', line: 1234, text: "No matching package to install: 'python3-flit-core'" }] },
    });
    assert.match(page, /Why it failed/);
    assert.match(page, /missing BuildRequires: python3-flit-core/);
    assert.match(page, /data-command="viewLog" data-log="root" data-line="1234"/);
    assert.match(page, /No matching package to install: &#39;python3-flit-core&#39;/);
    assert.match(page, /not your package/i);
  });

  it('has no reason section without a reason', () => {
    assert.doesNotMatch(render(), /Why it failed/);
  });

  it('explains what is missing for a task that has not started', () => {
    const pending = task({ state: 'pending', started_on: null, ended_on: null, result_dir_url: null, git_hash: null });
    const page = render({ task: pending, tasks: [pending] });
    assert.match(page, /not assigned yet/);
    assert.match(page, /data-command="openResultDir" disabled title="[^"]*not started/);
    assert.match(page, /updates live/);
  });

  it('shows the running duration so far for an active task', () => {
    const running = task({ state: 'running', ended_on: null });
    const page = render({ task: running, tasks: [running], nowSeconds: running.started_on! + 125 });
    assert.match(page, /2 min so far/);
  });

  it('says the git hash is fetched on demand when the list had none', () => {
    const noHash = task({ git_hash: null });
    assert.match(render({ task: noHash, tasks: [noHash] }), /fetched when copied/);
    assert.match(render({ task: noHash, tasks: [noHash], fetchedGitHash: null }), /not available/);
    assert.match(render({ task: noHash, tasks: [noHash], fetchedGitHash: 'a'.repeat(64) }), new RegExp('a'.repeat(64)));
  });

  it('renders while the task is still loading', () => {
    const page = render({ task: undefined, build: undefined, tasks: undefined });
    assert.match(page, /Loading the task/);
    assert.match(page, /Loading the build/);
  });

  it('lists chroots the build names even before their tasks are loaded', () => {
    const data = detailsData(sources({ tasks: [task()] }));
    assert.deepEqual(data.chroots.map((c) => [c.chroot, c.state, c.current]), [
      ['fedora-rawhide-x86_64', 'succeeded', true],
      ['fedora-42-x86_64', 'unknown', false],
    ]);
  });
});

describe('reasonView', () => {
  it('accepts a summary string or a FailureReason-like object and drops malformed evidence', () => {
    assert.deepEqual(reasonView('why'), { summary: 'why', notYourPackage: false, evidence: [] });
    assert.equal(reasonView(''), undefined);
    assert.equal(reasonView(42), undefined);
    assert.equal(reasonView({ nosummary: 1 }), undefined);
    const r = reasonView({
      summary: 's',
      notYourPackage: true,
      evidence: [{ log: 'build', line: 2, text: 'a' }, { log: 'evil', line: 2, text: 'b' }, { log: 'root', line: 0, text: 'c' }, { log: 'root', line: 1.5, text: 'd' }, null],
    });
    assert.deepEqual(r, { summary: 's', notYourPackage: true, evidence: [{ log: 'build', line: 2, text: 'a' }] });
  });
});

describe('html escaping', () => {
  it('escapes the five HTML specials and the backtick', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&\``), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;');
  });

  it('escapes interpolations in the template, arrays included', () => {
    assert.equal(html`<p>${'<b>'}${['<i>', html`<u>`]}</p>`.html, '<p>&lt;b&gt;&lt;i&gt;<u></p>');
  });
  it("shows a failed source (SRPM) stage on its own page ('srpm-builds'): the reason and its log lines, escaped, no chroot actions", () => {
    const reason = { summary: `sources: cannot download https://x.example/${HOSTILE}.tar.gz (HTTP 404)`, notYourPackage: false, evidence: [{ log: 'builder-live', line: 41, text: `error: Couldn't download ${HOSTILE}` }] };
    const page = render({ chroot: 'srpm-builds', task: undefined, tasks: [], build: build({ state: 'failed', chroots: [], package_name: null }), reason, sourceReason: reason });
    assert.match(page, /<h2 id="source-title">.*Source package \(SRPM\) failed<\/h2>/);
    assert.ok(page.includes('srpm-builds/builder-live.log:41'));
    assert.ok(!page.includes(HOSTILE), 'server and log text are escaped');
    assert.ok(page.includes(escapeHtml(`error: Couldn't download ${HOSTILE}`)));
    assert.ok(!page.includes('id="task-title"'), 'no task section for the stage');
    assert.ok(!page.includes('data-command="openResultDir"'), 'no chroot actions');
    assert.equal((page.match(/Why it failed/g) ?? []).length, 0, 'the reason is said once, in the stage section');
  });

  it('says so when the source stage page has no known failure', () => {
    const page = render({ chroot: 'srpm-builds', task: undefined, tasks: [], build: build({ state: 'importing', chroots: [] }) });
    assert.ok(page.includes('no failure known for it'));
  });
});
