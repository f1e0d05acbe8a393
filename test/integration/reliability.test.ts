// Reliability inside the real VS Code, against the simulator: an outage never throws into VS Code, keeps the last
// good tree under one row that says why, sends no notification, and ends by itself; bad settings each get a message
// naming the setting while the rest keeps working; hostile server data stays text in rows, tooltips and the details
// page, and dangerous links are refused. (The full fault × phase matrix runs in plain Node: test/unit/reliability.)
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSimulator, fixtures, type SimulatorHandle, type FaultKind } from '../copr-sim';
import type { CoprTestApi } from '../../src/testApi';
import { children, configure, extensionApi, resetSettings, waitFor, type RowView } from './support';

const { BUILDS } = fixtures;
const MARKUP = '<img src=x onerror=alert(1)>';
const counts = { faults: 0, badSettings: 0, hostile: 0 };

const buildRow = (rows: RowView[], id: number) => rows.find((r) => r.label.startsWith(`#${id}`));

describe('Reliability in VS Code', function () {
  this.timeout(120_000);
  let sim: SimulatorHandle;
  let api: CoprTestApi;

  before(async () => {
    sim = await startSimulator({ api: 'both' });
    api = await extensionApi();
    api.opener.setLauncher(async () => true);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    api.opener.setLauncher(undefined);
    await resetSettings();
    await sim.close();
  });

  const OUTAGES: Array<{ kind: FaultKind; message: RegExp }> = [
    { kind: 'json500', message: /HTTP 500/ },
    { kind: 'html502', message: /HTTP 502/ },
    { kind: '429', message: /HTTP 429.*slow down/ },
    { kind: 'drop', message: /closed before the response was complete|Could not reach/ },
  ];

  for (const { kind, message } of OUTAGES) {
    it(`${kind}: the last good tree stays under one row saying why, no notification, then it recovers`, async () => {
      await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/tools'], pollInterval: 10 });
      await waitFor('alice/tools builds', async () => buildRow(await children(api), BUILDS.running.id), 20_000);
      await waitFor('health ok', () => api.scheduler.health.state === 'ok', 20_000);
      const before = (await children(api)).filter((r) => r.label.startsWith('#')).map((r) => r.label);
      const notified = api.notifications.requests.length;

      sim.faults.add({ path: /^\/api_3\//, kind, retryAfter: 1 });
      // Refreshing into an outage resolves: nothing is thrown into VS Code.
      await vscode.commands.executeCommand('copr.refresh');
      await vscode.commands.executeCommand('copr.refresh');
      const rows = await waitFor('the outage row', async () => {
        const r = await children(api);
        return api.scheduler.health.state === 'backoff' && r.some((x) => x.contextValue?.includes('error')) ? r : undefined;
      }, 20_000);
      const errors = rows.filter((r) => message.test(r.label));
      assert.equal(errors.length, 1, `one row says why: ${rows.map((r) => r.label).join(' | ')}`);
      assert.deepEqual(rows.filter((r) => r.label.startsWith('#')).map((r) => r.label), before, 'the last good tree stays');
      assert.equal(api.notifications.requests.length, notified, 'an outage is not a notification');

      sim.faults.clear();
      await vscode.commands.executeCommand('copr.refresh');
      const healed = await waitFor('recovery', async () => {
        const r = await children(api);
        return api.scheduler.health.state === 'ok' && !r.some((x) => message.test(x.label)) ? r : undefined;
      }, 30_000);
      assert.ok(buildRow(healed, BUILDS.running.id));
      counts.faults++;
    });
  }

  it('bad settings: one message per bad setting, naming it; the good project keeps working', async () => {
    await configure({
      url: sim.url, apiVersion: 'v3', owner: 'al ice', projects: ['alice/tools', 'nohash', '@@x/y'], maxBuilds: 0, pollInterval: -5, idleRefreshMinutes: 1e9,
    });
    const problems = await waitFor('the settings problems', () => {
      const p = api.settingsProblems();
      return p.length >= 5 ? p : undefined;
    });
    for (const key of ['owner', 'projects', 'maxBuilds', 'pollInterval', 'idleRefreshMinutes']) {
      assert.ok(problems.some((p) => p.startsWith(`copr.${key}`)), `copr.${key} named: ${problems.join(' | ')}`);
    }
    // maxBuilds 0 became 1: the newest build of alice/tools is shown.
    const shown = await waitFor('alice/tools still shown', async () => {
      const builds = (await children(api)).filter((r) => r.label.startsWith('#'));
      return builds.length === 1 ? builds : undefined;
    }, 20_000);
    assert.equal(shown.length, 1);
    counts.badSettings += 5;

    for (const [values, key] of [
      [{ url: 'copr.example.invalid/coprs/x' }, 'url'],
      [{ url: `http://bob:hunter2pw@127.0.0.1:${new URL(sim.url).port}` }, 'url'],
      [{ url: sim.url, projects: 'alice/tools' }, 'projects'],
    ] as const) {
      await configure({ apiVersion: 'v3', ...values });
      const p = await waitFor(`a copr.${key} problem`, () => api.settingsProblems().find((x) => x.startsWith(`copr.${key}`)));
      assert.ok(!p.includes('hunter2pw'), p);
      counts.badSettings++;
    }
    assert.equal(api.settings().url, 'http://127.0.0.1:' + new URL(sim.url).port, 'the setting without credentials');
  });

  it('hostile data: rows and tooltips show it as text, the details page escapes it, bad links are refused', async () => {
    const chroot = `${MARKUP}-x86_64`;
    const id = sim.world.addBuild({
      owner: 'alice', project: 'tools', package: MARKUP, version: '"><script>alert(2)</script>', submitter: MARKUP,
      chroots: ['fedora-rawhide-x86_64', chroot], resultDirUrl: { 'fedora-rawhide-x86_64': 'javascript:alert(1)', [chroot]: 'file:///etc/passwd' },
      gitHash: 'zzzz; rm -rf /',
    });
    sim.clock.advance(200);
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/tools'] });
    await vscode.commands.executeCommand('copr.refresh');
    const row = await waitFor('the hostile build row', async () => buildRow(await children(api), id), 20_000);
    assert.ok(row.label.includes(MARKUP), 'the label is plain text, shown as is');
    assert.ok(!/(^|[^\\])<img/i.test(row.tooltip), `the tooltip's markdown escapes markup: ${row.tooltip.slice(0, 200)}`);
    assert.ok(row.tooltip.includes('\\<img'), 'shown as text');
    const tasks = await children(api, row.node);
    assert.deepEqual(tasks.map((t) => t.label).sort(), ['fedora-rawhide-x86_64', chroot].sort());
    for (const t of tasks) assert.doesNotMatch(t.contextValue ?? '', /has-result-dir/, 'no result directory from a dangerous URL');
    counts.hostile += 4;

    const opened = api.opener.opened.length;
    const ok = await vscode.commands.executeCommand('copr.openResultDir', { buildId: id, chroot: 'fedora-rawhide-x86_64' });
    assert.equal(ok, false);
    assert.equal(api.opener.opened.length, opened, 'nothing opened');
    assert.ok(!api.opener.opened.some((u) => !/^https?:/.test(u)));
    counts.hostile += 2;

    // (A chroot name that is not one, like the markup one, is never passed to a command: the command asks instead.)
    const ref = { buildId: id, chroot: 'fedora-rawhide-x86_64' };
    await vscode.commands.executeCommand('copr.showTaskDetails', ref);
    const html = await waitFor('the hostile details page', () => {
      const h = api.taskActions.panels.lastHtml(ref);
      return h && h.includes('onerror') && h.includes('alert(2)') && h.includes('-x86_64') ? h : undefined;
    }, 20_000);
    assert.equal([...html.matchAll(/<script\b/g)].length, 1, 'only the page\'s own script');
    assert.doesNotMatch(html, /<img\b/i);
    assert.ok(!html.includes('zzzz; rm -rf /') || html.includes('not a valid hash'));
    counts.hostile += 3;
  });

  it('prints the counts', () => {
    const line = `reliability (VS Code): ${counts.faults} outages, ${counts.badSettings} bad settings, ${counts.hostile} hostile inputs — all passed`;
    console.log(`      ${line}`);
    assert.equal(counts.faults, OUTAGES.length);
    assert.ok(counts.badSettings >= 8 && counts.hostile >= 9);
  });
});
