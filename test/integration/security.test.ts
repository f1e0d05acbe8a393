// Issue 20 inside the real VS Code, against the simulator: a build log line written by an attacker becomes the failure
// reason of a build-end notification, and that notification cannot run a command; a package named
// `hello$(verified-filled)` shows no icon in the tree or the status bar; a log whose result directory is on another host
// is not fetched when its document opens.
// The smoke-test driver hides toasts, so the test asserts on the text VS Code was handed (the notification sink
// records it after src/ui/messages.ts made it inert), parses it with VS Code's own link syntax, and registers the
// command the hostile link names, to prove it never ran.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { startSimulator, type SimulatorHandle } from '../copr-sim';
import type { CoprTestApi } from '../../src/testApi';
import { startHostileRelay, type HostileRelay } from '../support/hostileRelay';
import { children, configure, extensionApi, resetSettings, waitFor } from './support';

const PWNED = 'coprSecurityTest.pwned';
const HOSTILE_LINK = `[Open the build log](command:${PWNED}?%22pwned%22)`;
/** VS Code's link syntax in message text (workbench parseLinkedText). */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/i;
const CHROOT = 'fedora-rawhide-x86_64';
const ICON_NAME = 'hello$(verified-filled)';

describe('Security in VS Code', function () {
  this.timeout(120_000);
  let sim: SimulatorHandle;
  let relay: HostileRelay;
  let api: CoprTestApi;
  let pwned = 0;
  let command: vscode.Disposable;
  let buildId = 0;

  before(async () => {
    sim = await startSimulator({ world: 'empty', api: 'v3' });
    relay = await startHostileRelay(sim.url, HOSTILE_LINK);
    command = vscode.commands.registerCommand(PWNED, () => pwned++);
    api = await extensionApi();
    sim.world.addProject('sec', 'evil', [CHROOT, 'epel-9-x86_64']);
    buildId = sim.world.addBuild({
      owner: 'sec', project: 'evil', package: ICON_NAME, chroots: [CHROOT, 'epel-9-x86_64'], outcome: { [CHROOT]: 'failed' },
      resultDirUrl: { [CHROOT]: relay.resultDir }, durationSeconds: 60,
    });
    sim.clock.advance(150); // running
    await configure({ url: relay.url, apiVersion: 'v3', projects: ['sec/evil'], notifications: 'failures' });
    await waitFor('the running build in the store', () => api.store.build(buildId)?.state === 'running', 20_000);
  });
  after(async () => {
    command.dispose();
    await resetSettings();
    await relay.close();
    await sim.close();
  });

  it('a hostile failure reason in a build-end notification is text: no link in what VS Code shows, the command never runs', async () => {
    sim.clock.advance(400); // the build ends: one chroot failed
    await vscode.commands.executeCommand('copr.refresh');
    const index = await waitFor('the notification of the failed build', () => {
      const i = api.notifications.requests.findIndex((r) => r.buildIds.includes(buildId));
      return i >= 0 ? i : undefined;
    }, 30_000);
    const requested = api.notifications.requests[index].text;
    const shown = api.notifications.shown[index];
    assert.ok(requested.includes(HOSTILE_LINK), `the attacker's line reached the reason: ${requested}`);
    assert.doesNotMatch(shown, VSCODE_LINK, `VS Code was handed a link: ${shown}`);
    assert.ok(shown.includes('[Open the build log] (command:'), `the words are still there, as text: ${shown}`);
    // What a click on the toast's text could reach: every link VS Code would render in it (none) — run each.
    for (const m of shown.matchAll(new RegExp(VSCODE_LINK.source, 'gi'))) {
      await vscode.commands.executeCommand(vscode.Uri.parse(m[2]).path);
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(pwned, 0, 'the attacker\'s command ran');
  });

  it('a package named hello$(verified-filled) shows no icon: the row, its tooltip and the status-bar tooltip escape $(', async () => {
    const rows = await children(api);
    const row = rows.find((r) => r.label.startsWith(`#${buildId}`));
    assert.ok(row, rows.map((r) => r.label).join(' | '));
    assert.ok(row.label.includes('hello\\$(verified-filled)'), row.label);
    assert.doesNotMatch(row.label, /(^|[^\\])\$\(/);
    // Markdown: `\\\$\(` renders the text `\$(`, which the icon pass shows as `$(`.
    assert.ok(row.tooltip.includes('hello\\\\\\$\\(verified\\-filled\\)'), row.tooltip);
    await waitFor('the failure in the status bar', () => /failed/.test(api.statusBar.statusBarItem.text), 20_000);
    const tip = api.statusBar.statusBarItem.tooltip;
    const md = typeof tip === 'string' ? tip : (tip?.value ?? '');
    assert.ok(md.includes('hello\\\\\\$\\(verified\\-filled\\)'), md);
    assert.doesNotMatch(md, /(^|[^\\])\\\$\\\(verified/, 'a $\\( that Markdown would turn into an icon');
  });

  it('a log document whose result directory is on another host says so and fetches nothing (a click on "Fetch from <host>" would)', async () => {
    const requests: string[] = [];
    const other: Server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.end('log');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const id = sim.world.addBuild({ owner: 'sec', project: 'evil', package: 'elsewhere', chroots: [CHROOT], resultDirUrl: { [CHROOT]: `http://${host}/results/x/` }, durationSeconds: 60 });
      sim.clock.advance(400);
      const uri = await vscode.commands.executeCommand<vscode.Uri>('copr.viewLog', { buildId: id, chroot: CHROOT }, 'builder-live');
      assert.ok(uri);
      const doc = await vscode.workspace.openTextDocument(uri);
      const text = await waitFor('the document to say why', () => (/Not fetched/.test(doc.getText()) ? doc.getText() : undefined), 20_000);
      assert.match(text, new RegExp(`The log is on ${host.replace(/\./g, '\\.')}, which is neither the Copr server`));
      assert.deepEqual(requests, [], 'nothing reached the other host');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});
