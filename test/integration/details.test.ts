// Copr: Show Task Details inside the real VS Code, against the simulator: the panel's HTML (CSP, fields, escaping of
// hostile server data), reuse of an open panel, live updates from the store, and validation of page messages.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSimulator, fixtures, type SimulatorHandle } from '../copr-sim';
import type { CoprTestApi } from '../../src/testApi';
import { configure, extensionApi, resetSettings, waitFor } from './support';

const { BUILDS } = fixtures;
const HOSTILE = '<img src=x onerror=alert(1)>';

describe('Copr: Show Task Details', function () {
  let sim: SimulatorHandle;
  let api: CoprTestApi;
  const running = { buildId: BUILDS.running.id, chroot: 'fedora-rawhide-x86_64' };

  before(async function () {
    // The first suite of a run pays for activating the extension in a busy host.
    this.timeout(120_000);
    sim = await startSimulator({ api: 'both' });
    api = await extensionApi();
    api.opener.setLauncher(async () => true);
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/tools'] });
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    api.opener.setLauncher(undefined);
    await resetSettings();
    await sim.close();
  });

  it('opens a panel with every field of the task and its build, under a strict CSP', async () => {
    await vscode.commands.executeCommand('copr.showTaskDetails', running);
    const html = await waitFor('the details page with the build loaded', () => {
      const h = api.taskActions.panels.lastHtml(running);
      return h && h.includes('python-tools') && h.includes('Result directory') ? h : undefined;
    });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
    assert.match(csp, /^default-src 'none'; style-src (?!'none')[^;]+; script-src 'nonce-[A-Za-z0-9]{16,}'/);
    assert.doesNotMatch(csp, /unsafe-/);
    const source = api.taskActions.panels.get(running)!.panel.webview.cspSource;
    for (const token of source.split(/\s+/)) assert.ok(csp.includes(`style-src ${source.split(/\s+/)[0]}`) && csp.includes(token), `the CSP keeps ${token}`);
    assert.equal([...html.matchAll(/<script\b/g)].length, 1);
    for (const text of ['fedora-rawhide-x86_64', String(BUILDS.running.id), 'running', '1.4.0-1', 'alice/tools', 'alice', 'fedora-rawhide-s390x', 'updates live']) {
      assert.ok(html.includes(text), `shows ${text}`);
    }
    assert.match(html, /data-command="openResultDir"(?! disabled)/);
  });

  it('reuses the open panel for the same task and opens another for another task', async () => {
    const before = api.taskActions.panels.openCount;
    await vscode.commands.executeCommand('copr.showTaskDetails', running);
    assert.equal(api.taskActions.panels.openCount, before);
    await vscode.commands.executeCommand('copr.showTaskDetails', { buildId: BUILDS.running.id, chroot: 'fedora-rawhide-s390x' });
    assert.equal(api.taskActions.panels.openCount, before + 1);
  });

  it('updates live from the store while the task runs', async () => {
    const panel = api.taskActions.panels.get(running)!;
    const renders = panel.renders;
    // x86_64 ends at +300 in the fixture; the monitor's next poll (forced here) puts that into the store.
    sim.clock.advance(400);
    await vscode.commands.executeCommand('copr.refresh');
    const html = await waitFor('the panel to show the task succeeded', () => {
      const h = api.taskActions.panels.lastHtml(running);
      return h && /<th scope="row">State<\/th><td><span class="state state-succeeded">/.test(h) ? h : undefined;
    }, 15_000);
    assert.ok(panel.renders > renders);
    assert.doesNotMatch(html, /updates live/);
  });

  it('shows hostile server data as text', async () => {
    const id = sim.world.addBuild({ owner: 'alice', project: 'tools', package: HOSTILE, version: `"'><svg onload=alert(3)>`, submitter: HOSTILE });
    sim.clock.advance(120);
    const ref = { buildId: id, chroot: 'fedora-rawhide-x86_64' };
    await vscode.commands.executeCommand('copr.showTaskDetails', ref);
    const html = await waitFor('the hostile build rendered', () => {
      const h = api.taskActions.panels.lastHtml(ref);
      return h && h.includes('onerror') ? h : undefined;
    }, 15_000);
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.doesNotMatch(html, /<img/);
    assert.doesNotMatch(html, /<svg onload/);
    assert.equal([...html.matchAll(/<script\b/g)].length, 1);
  });

  it('acts only on valid messages from the page', async () => {
    const panels = api.taskActions.panels;
    assert.equal(await panels.handleMessage(running, { command: 'workbench.action.terminal.new' }), false);
    assert.equal(await panels.handleMessage(running, { command: 'viewLog', log: '../../etc/passwd' }), false);
    assert.equal(await panels.handleMessage(running, { command: 'showTask', chroot: 'not-a-chroot-of-this-build' }), false);
    const opened = api.opener.opened.length;
    assert.equal(await panels.handleMessage(running, { command: 'openBuildInCopr' }), true);
    assert.equal(api.opener.opened.length, opened + 1);
    assert.equal(api.opener.opened.at(-1), `${sim.url}/coprs/alice/tools/build/${BUILDS.running.id}/`);
  });
});
