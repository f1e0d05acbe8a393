// Failure triage end to end inside the real VS Code, against the simulator: the reason on the failed chroot's row,
// in the status bar, the store's failures and the notification, and as problems on the workspace's spec file —
// cleared when a newer build succeeds, and switched off by copr.specDiagnostics.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSimulator, fixtures, FAILURE_KINDS, INFRASTRUCTURE_KINDS, type FailureKind, type SimulatorHandle } from '../copr-sim';
import type { CoprTestApi } from '../../src/testApi';
import { children, configure, extensionApi, resetSettings, waitFor, type RowView } from './support';

const { FAILED_BUILDS, FAILED_CHROOT } = fixtures;
const OTHER_CHROOT = 'fedora-rawhide-aarch64';
const PACKAGE = 'python-broken';

/** What a packager must read on the failed row, per simulator failure kind. */
const EXPECTED: Record<FailureKind, RegExp> = {
  'missing-buildrequires': /missing BuildRequires: python3dist\(hatchling\)/,
  'build-error': /%build failed/,
  'check-failure': /%check failed/,
  'unpackaged-files': /unpackaged files: /,
  'missing-files': /File not found: \/usr\/bin\/python-broken-cli/,
  'spec-error': /Unknown tag: Recommend/,
  'no-space': /infrastructure: .*(space|disk)/i,
  'builder-lost': /infrastructure: /,
  'build-timeout': /infrastructure: .*time/i,
};

function specUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the fixture workspace is not open');
  return vscode.Uri.joinPath(folder.uri, `${PACKAGE}.spec`);
}

const coprDiagnostics = () => vscode.languages.getDiagnostics(specUri()).filter((d) => d.source === 'Copr');

describe('Failure triage', function () {
  let sim: SimulatorHandle;
  let api: CoprTestApi;
  let specLines: string[];
  const lineOf = (prefix: string) => specLines.findIndex((l) => l.startsWith(prefix));

  before(async function () {
    this.timeout(120_000);
    sim = await startSimulator({ api: 'v3' });
    api = await extensionApi();
    specLines = new TextDecoder().decode(await vscode.workspace.fs.readFile(specUri())).split('\n');
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/failures'] });
  });
  after(async () => {
    await resetSettings();
    await sim.close();
  });

  async function buildRow(id: number): Promise<RowView> {
    return waitFor(`the row of build #${id}`, async () => (await children(api)).find((r) => r.label.startsWith(`#${id} `)), 20_000);
  }

  /** Advances the simulator and refreshes until the build is in the store in a final state with its chroots. */
  async function finish(id: number): Promise<void> {
    sim.clock.advance(1000);
    await waitFor(`build #${id} finished in the store`, async () => {
      await api.scheduler.refresh();
      const b = api.store.build(id);
      return b && ['failed', 'succeeded'].includes(b.state) && api.store.tasks(id)?.every((t) => ['failed', 'succeeded'].includes(t.state));
    }, 20_000);
  }

  it('shows why each failure kind failed on its chroot’s row (description and tooltip)', async function () {
    this.timeout(90_000);
    const right: FailureKind[] = [];
    const wrong: string[] = [];
    for (const kind of FAILURE_KINDS) {
      const id = FAILED_BUILDS[kind];
      const build = await buildRow(id);
      const failedRow = await waitFor(`the reason on #${id} ${FAILED_CHROOT}`, async () => {
        const r = (await children(api, build.node)).find((t) => t.label === FAILED_CHROOT);
        return r && /·/.test(r.description) && api.store.reasonOf(id, FAILED_CHROOT) ? r : undefined;
      }, 20_000).catch(() => undefined);
      const infra = INFRASTRUCTURE_KINDS.includes(kind);
      const ok =
        failedRow !== undefined &&
        EXPECTED[kind].test(failedRow.description) &&
        failedRow.tooltip.includes('Why:') &&
        EXPECTED[kind].test(failedRow.tooltip.replace(/\\/g, '')) &&
        /not your package/.test(failedRow.tooltip) === infra &&
        api.triage.reason(id, FAILED_CHROOT)?.notYourPackage === infra;
      if (ok) right.push(kind);
      else wrong.push(`${kind}: "${failedRow?.description ?? 'no row'}"`);
      const okRow = (await children(api, build.node)).find((t) => t.label === OTHER_CHROOT)!;
      assert.doesNotMatch(okRow.description, /failed|Why/, 'the succeeded chroot carries no reason');
    }
    console.log(`      triage end to end: ${right.length}/${FAILURE_KINDS.length} failure kinds show the right reason on the row`);
    assert.deepEqual(wrong, []);
  });

  it('marks the spec file where the newest failure points, with chroots and a log link', async function () {
    this.timeout(90_000);
    const notified = api.notifications.requests.length;
    const id = sim.world.addBuild({
      owner: 'alice', project: 'failures', package: PACKAGE, version: '2.0-1',
      outcome: { [FAILED_CHROOT]: 'failed', [OTHER_CHROOT]: 'failed' }, failureKind: 'missing-buildrequires',
    });
    await api.scheduler.refresh(); // seen while it is importing: its end is announced
    await finish(id);
    const diagnostics = await waitFor('diagnostics on python-broken.spec for the new build', () => {
      const d = coprDiagnostics().filter((x) => x.message.includes(`#${id}`));
      return d.length >= 2 ? d : undefined;
    }, 20_000);
    const deps = diagnostics.find((d) => d.range.start.line === lineOf('BuildRequires:  python3dist(pytest)'));
    assert.ok(deps, `a problem on the BuildRequires line: ${diagnostics.map((d) => `${d.range.start.line}: ${d.message}`).join(' | ')}`);
    assert.match(deps.message, /missing build dependency: python3dist\(pytest\) >= 8/);
    assert.match(deps.message, new RegExp(`failed in ${OTHER_CHROOT}, ${FAILED_CHROOT}`), 'one problem names both chroots');
    assert.equal(deps.severity, vscode.DiagnosticSeverity.Error);
    const code = deps.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'copr-failure');
    assert.ok(code.target.toString().startsWith(sim.url) && /\.log\.gz$/.test(code.target.path), code.target.toString());
    const generated = diagnostics.find((d) => d.range.start.line === lineOf('%generate_buildrequires'));
    assert.match(generated?.message ?? '', /python3dist\(hatchling\)/);
    assert.equal(coprDiagnostics().filter((d) => !d.message.includes(`#${id}`)).length, 0, 'older builds’ failures are superseded');

    // The same reason reaches the notification, the status bar and the list of failures.
    const message = await waitFor('the failure notification', () => api.notifications.requests.slice(notified).find((m) => m.buildIds.includes(id)), 20_000);
    assert.match(message.text, /Why: 2 chroots: missing BuildRequires: python3dist\(hatchling\)/);
    const failure = api.store.failures().find((f) => f.build.id === id && f.task.chroot_name === FAILED_CHROOT);
    assert.match(failure?.reason ?? '', /missing BuildRequires/);
    const tooltip = api.statusBar.statusBarItem.tooltip;
    assert.match(typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''), /missing BuildRequires/);
  });

  it('puts a spec error on the line rpm names', async function () {
    this.timeout(90_000);
    const id = sim.world.addBuild({ owner: 'alice', project: 'failures', package: PACKAGE, version: '2.1-1', outcome: { [FAILED_CHROOT]: 'failed' }, failureKind: 'spec-error' });
    await api.scheduler.refresh();
    await finish(id);
    const diagnostic = await waitFor('the spec error on python-broken.spec', () => coprDiagnostics().find((d) => d.message.includes(`#${id}`) && d.message.includes(FAILED_CHROOT)), 20_000);
    const reason = api.triage.reason(id, FAILED_CHROOT);
    assert.equal(reason?.category, 'spec-error');
    assert.equal(diagnostic.range.start.line, (reason?.specLine ?? 0) - 1);
    assert.match(diagnostic.message, /Unknown tag: Recommend/);
    // The same build succeeded on aarch64: the older missing-dependency problem there is gone.
    await waitFor('aarch64 cleared', () => coprDiagnostics().every((d) => !d.message.includes(OTHER_CHROOT)), 20_000);
  });

  it('puts every failure kind on its line of the spec (Error, or Warning when not the package’s fault)', async function () {
    this.timeout(180_000);
    const expected = (kind: FailureKind, id: number): number[] => {
      switch (kind) {
        case 'missing-buildrequires':
          return [lineOf('BuildRequires:  python3dist(pytest)'), lineOf('%generate_buildrequires')];
        case 'build-error':
          return [lineOf('%build')];
        case 'check-failure':
          return [lineOf('%check')];
        case 'unpackaged-files':
          return [lineOf('%files')];
        case 'missing-files':
          return [lineOf('%{_bindir}/python-broken-cli')];
        case 'spec-error':
          return [(api.triage.reason(id, FAILED_CHROOT)?.specLine ?? 0) - 1];
        default:
          return [lineOf('Name:')];
      }
    };
    const right: FailureKind[] = [];
    const wrong: string[] = [];
    for (const kind of FAILURE_KINDS) {
      const id = sim.world.addBuild({ owner: 'alice', project: 'failures', package: PACKAGE, version: `3.${right.length + wrong.length}-1`, outcome: { [FAILED_CHROOT]: 'failed' }, failureKind: kind });
      await api.scheduler.refresh();
      await finish(id);
      const mine = await waitFor(`the ${kind} problem`, () => {
        const d = coprDiagnostics().filter((x) => x.message.includes(`#${id}`));
        return d.length > 0 ? d : undefined;
      }, 20_000).catch(() => []);
      const severity = INFRASTRUCTURE_KINDS.includes(kind) ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error;
      const lines = mine.map((d) => d.range.start.line).sort((a, b) => a - b);
      const want = expected(kind, id).sort((a, b) => a - b);
      const ok = JSON.stringify(lines) === JSON.stringify(want) && mine.every((d) => d.severity === severity && d.message.includes(FAILED_CHROOT));
      if (ok) right.push(kind);
      else wrong.push(`${kind}: lines ${lines.join(',')} (want ${want.join(',')}): ${mine.map((d) => d.message).join(' | ')}`);
    }
    console.log(`      spec problems end to end: ${right.length}/${FAILURE_KINDS.length} failure kinds on the right line with the right severity`);
    assert.deepEqual(wrong, []);
  });

  it('copr.specDiagnostics false clears the problems; true brings them back', async function () {
    this.timeout(60_000);
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/failures'], specDiagnostics: false });
    await waitFor('no Copr problems', () => coprDiagnostics().length === 0, 20_000);
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/failures'], specDiagnostics: true });
    await waitFor('Copr problems again', () => coprDiagnostics().length > 0, 20_000);
  });

  it('clears the problems when a newer build of the package succeeds in those chroots', async function () {
    this.timeout(90_000);
    const id = sim.world.addBuild({ owner: 'alice', project: 'failures', package: PACKAGE, version: '2.2-1' });
    await api.scheduler.refresh();
    await finish(id);
    assert.equal(api.store.build(id)?.state, 'succeeded');
    await waitFor('the spec problems cleared', () => coprDiagnostics().length === 0, 20_000);
  });

  it('says why a build’s source (SRPM) stage failed: on its row, in the notification, on its details page and on the spec', async function () {
    this.timeout(90_000);
    const notified = api.notifications.requests.length;
    const id = sim.world.addBuild({ owner: 'alice', project: 'failures', package: PACKAGE, version: '4.0-1', srpmFailure: 'spec-parse' });
    await api.scheduler.refresh(); // seen while importing: its end is announced
    sim.clock.advance(1000);
    await waitFor(`build #${id} failed in the store`, async () => {
      await api.scheduler.refresh();
      return api.store.build(id)?.state === 'failed';
    }, 20_000);
    const reason = await waitFor('the source stage’s reason', () => api.triage.reason(id, 'srpm-builds'), 20_000);
    assert.equal(reason.category, 'spec-error');
    const row = await waitFor('the reason on the build row', async () => {
      const r = (await children(api)).find((x) => x.label.startsWith(`#${id} `));
      return r && /SRPM: spec error at line \d+: Illegal char/.test(r.description) ? r : undefined;
    }, 20_000);
    const child = (await children(api, row.node))[0];
    assert.match(child.label, /^source package \(SRPM\) failed: spec error at line \d+: Illegal char/);
    const message = await waitFor('the failure notification', () => api.notifications.requests.slice(notified).find((m) => m.buildIds.includes(id)), 20_000);
    assert.match(message.text, /failed before its chroots were built \(sources or import\)\. Why: source package \(SRPM\): spec error at line \d+: Illegal char/);
    await vscode.commands.executeCommand('copr.showTaskDetails', { buildId: id, chroot: 'srpm-builds' });
    const page = await waitFor('the source stage page', () => api.taskActions.panels.lastHtml({ buildId: id, chroot: 'srpm-builds' }), 20_000);
    assert.match(page, /Source package \(SRPM\) failed/);
    assert.match(page, /srpm-builds\/builder-live\.log:\d+/);
    const diagnostic = await waitFor('the spec error on python-broken.spec', () => coprDiagnostics().find((d) => d.message.includes(`#${id}`)), 20_000);
    assert.equal(diagnostic.range.start.line, (reason.specLine ?? 0) - 1);
    assert.match(diagnostic.message, /failed in srpm-builds/);
  });

  it('counts a failed source stage as one failure: status bar, Show Failed Chroots… (opens its page), Clear Alerts', async function () {
    this.timeout(90_000);
    const id = sim.world.addBuild({ owner: 'alice', project: 'failures', package: PACKAGE, version: '4.1-1', srpmFailure: 'no-makefile' });
    await api.scheduler.refresh(); // seen while importing: it is a failure of this session
    sim.clock.advance(1000);
    const failure = await waitFor(`build #${id}'s source stage among the failures, with its reason`, async () => {
      await api.scheduler.refresh();
      return api.store.failures().find((f) => f.build.id === id && f.reason);
    }, 20_000);
    assert.deepEqual([failure.stage, failure.task.chroot_name, failure.acknowledged], ['source', 'srpm-builds', false]);
    const counts = api.store.counts();
    assert.ok(counts.failed >= 1 && counts.unacknowledged >= 1, JSON.stringify(counts));
    const item = api.statusBar.statusBarItem;
    assert.match(item.text, new RegExp(`\\$\\(error\\) ${counts.failed} failed`));
    const tooltip = typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '');
    assert.ok(tooltip.includes(`#${id}`) && /source package \\\(SRPM\\\) failed: /.test(tooltip), tooltip);
    // The quick pick lists the newest build first: accepting its first item opens this source stage's page.
    const shown = vscode.commands.executeCommand('copr.showFailures');
    await new Promise((r) => setTimeout(r, 500));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await shown;
    const page = await waitFor('the source stage page from the quick pick', () => api.taskActions.panels.lastHtml({ buildId: id, chroot: 'srpm-builds' }), 20_000);
    assert.match(page, /Source package \(SRPM\) failed/);
    await vscode.commands.executeCommand('copr.clearAlerts');
    assert.equal(api.store.failures().find((f) => f.build.id === id)?.acknowledged, true);
    assert.equal(api.store.counts().unacknowledged, 0);
  });

  it('answers reasonFor on demand for a failed chroot, and not for a succeeded one', async () => {
    const id = FAILED_BUILDS['check-failure'];
    const reason = await api.triage.reasonFor(id, FAILED_CHROOT);
    assert.equal(reason?.section, '%check');
    assert.equal(await api.triage.reasonFor(id, OTHER_CHROOT), undefined);
  });
});

describe('Failure triage while a build runs', function () {
  let sim: SimulatorHandle;
  let api: CoprTestApi;
  const { running } = fixtures.BUILDS;

  before(async function () {
    this.timeout(120_000);
    sim = await startSimulator({ api: 'v3' });
    api = await extensionApi();
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/tools'] });
    await waitFor('the running build in the store', () => api.store.tasks(running.id)?.length, 20_000);
  });
  after(async () => {
    await resetSettings();
    await sim.close();
  });

  it('explains a new chroot failure as soon as it happens', async function () {
    this.timeout(60_000);
    sim.clock.advance(650); // aarch64 fails its %check at +600
    await waitFor('the aarch64 reason', async () => {
      await api.scheduler.refresh();
      return api.store.failures().find((f) => f.build.id === running.id && f.task.chroot_name === 'fedora-rawhide-aarch64')?.reason;
    }, 20_000);
    const build = (await children(api)).find((r) => r.label.startsWith(`#${running.id} `))!;
    const row = (await children(api, build.node)).find((r) => r.label === 'fedora-rawhide-aarch64')!;
    assert.match(row.description, /^failed · .* · %check failed/);
  });

  it('says, when the build ends, which reason holds where: “only aarch64”, “only s390x”', async function () {
    this.timeout(60_000);
    const before = api.notifications.requests.length;
    sim.clock.advance(600); // s390x fails its %build at +1200; the build ends
    const message = await waitFor('the build’s notification', async () => {
      await api.scheduler.refresh();
      return api.notifications.requests.slice(before).find((m) => m.buildIds.includes(running.id));
    }, 20_000);
    assert.match(message.text, /2 of 5 chroots failed/);
    assert.match(message.text, /Why: only aarch64: %check failed; only s390x: %build failed/);
    assert.equal(message.severity, 'error');
  });
});
