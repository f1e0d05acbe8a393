// Live monitoring inside the real VS Code: a chroot fails in the simulator → the next poll cycle turns the status
// bar red and changes the row's icon; the build ends → exactly one notification request; nothing at start-up.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSimulator, fixtures, type SimulatorHandle } from '../copr-sim';
import type { CoprTestApi } from '../../src/testApi';
import { children, configure, extensionApi, resetSettings, waitFor } from './support';

const { BUILDS } = fixtures;
const RUNNING = BUILDS.running.id;

describe('live monitoring', function () {
  let sim: SimulatorHandle;
  let api: CoprTestApi;

  before(async () => {
    sim = await startSimulator({ api: 'v3' });
    api = await extensionApi();
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/tools'], notifications: 'failures' });
    await waitFor('the running build and its chroots in the store', async () => {
      if (api.store.tasks(RUNNING)?.length === 5) return true;
      if (api.store.build(RUNNING)) await api.scheduler.ensureTasks(RUNNING);
      return false;
    });
  });
  after(async () => {
    await resetSettings();
    await sim.close();
  });

  const item = () => api.statusBar.statusBarItem;
  const forRunning = () => api.notifications.requests.filter((r) => r.buildIds.includes(RUNNING));

  it('announces nothing at start-up for builds that had already finished', () => {
    assert.equal(api.notifications.requests.length, 0, api.notifications.requests.map((r) => r.text).join('\n'));
    assert.doesNotMatch(item().text, /failed/);
    assert.equal(item().backgroundColor, undefined);
    assert.match(item().text, /running/);
  });

  it('turns the status bar red and the row icon to an error one poll after a chroot fails', async () => {
    sim.clock.advance(610); // fedora-rawhide-aarch64 fails its %check at +600
    await vscode.commands.executeCommand('copr.refresh'); // one poll cycle, now
    await waitFor('the status bar to say 1 failed', () => /1 failed/.test(item().text));
    assert.ok(item().backgroundColor instanceof vscode.ThemeColor);
    // ThemeColor's id is not in the 1.90 typings, but it is there at run time.
    assert.equal((item().backgroundColor as unknown as { id: string }).id, 'statusBarItem.errorBackground');
    const tooltip = typeof item().tooltip === 'string' ? item().tooltip : (item().tooltip as vscode.MarkdownString)?.value;
    assert.match(String(tooltip), /fedora\\?-rawhide\\?-aarch64/); // Markdown-escaped
    const build = (await children(api)).find((r) => r.label.startsWith(`#${RUNNING}`))!;
    const aarch64 = (await children(api, build.node)).find((r) => r.label === 'fedora-rawhide-aarch64')!;
    assert.equal(aarch64.icon, 'error');
    assert.match(aarch64.description, /failed/);
    assert.equal(forRunning().length, 0, 'the build has not ended: no notification yet');
  });

  it('sends exactly one notification request when the build ends, none after', async () => {
    sim.clock.advance(700); // s390x fails at +1200, the build ends
    await vscode.commands.executeCommand('copr.refresh');
    await waitFor('one notification for the ended build', () => forRunning().length === 1);
    const [message] = forRunning();
    assert.equal(message.severity, 'error');
    assert.match(message.text, /python-tools 1\.4\.0-1: 2 of 5 chroots failed/);
    assert.deepEqual(message.actions.map((a) => a.title).slice(0, 3), ['Show Details', 'Open Log', 'Open in Copr']);
    await vscode.commands.executeCommand('copr.refresh');
    await vscode.commands.executeCommand('copr.refresh');
    assert.equal(forRunning().length, 1, 'announced once');
  });

  it('Clear Alerts acknowledges: the red goes, the count stays in words', async () => {
    await vscode.commands.executeCommand('copr.clearAlerts');
    await waitFor('no error background', () => item().backgroundColor === undefined);
    assert.match(item().text, /2 failed/);
  });
});
