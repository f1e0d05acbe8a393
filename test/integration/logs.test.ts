// Copr: View Log… inside the real VS Code, against the simulator: a finished log as a read-only copr-log document
// (gzip file or Content-Encoding), opened at an evidence line, and a live log that grows as the simulated clock moves.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSimulator, fixtures, type SimulatorHandle } from '../copr-sim';
import type { CoprTestApi } from '../../src/testApi';
import { configure, extensionApi, resetSettings, waitFor } from './support';

const { BUILDS, FAILED_BUILDS, FAILED_CHROOT } = fixtures;

async function documentOf(uri: vscode.Uri | undefined): Promise<vscode.TextDocument> {
  assert.ok(uri, 'the command returned the log document');
  return vscode.workspace.openTextDocument(uri);
}

for (const gzipMode of ['file', 'encoding'] as const) {
  describe(`Copr: View Log… (.gz served as ${gzipMode})`, function () {
    let sim: SimulatorHandle;
    let api: CoprTestApi;

    before(async function () {
      // The first suite of a run pays for activating the extension in a busy host.
      this.timeout(120_000);
      sim = await startSimulator({ api: 'both', gzipMode });
      api = await extensionApi();
      await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/failures', 'alice/tools'] });
    });
    after(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await resetSettings();
      await sim.close();
    });

    it('opens a finished build.log as a read-only copr-log document', async () => {
      const ref = { buildId: FAILED_BUILDS['build-error'], chroot: FAILED_CHROOT };
      const uri = await vscode.commands.executeCommand<vscode.Uri>('copr.viewLog', ref, 'build');
      assert.equal(uri?.toString(), `copr-log:/${ref.buildId}/${FAILED_CHROOT}/build.log`);
      const doc = await documentOf(uri);
      assert.match(doc.getText(), /Bad exit status from \S+ \(%build\)/);
      assert.doesNotMatch(doc.getText(), /^\[copr\]/);
    });

    it('opens the log at a given line (an evidence line)', async () => {
      const ref = { buildId: FAILED_BUILDS['build-error'], chroot: FAILED_CHROOT };
      const doc = await documentOf(await vscode.commands.executeCommand<vscode.Uri>('copr.viewLog', ref, 'build'));
      const line = doc.getText().split('\n').findIndex((l) => l.includes('Bad exit status')) + 1;
      assert.ok(line > 1);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('copr.viewLog', ref, 'build', line);
      const editor = await waitFor('the log editor', () => vscode.window.activeTextEditor?.document.uri.scheme === 'copr-log' && vscode.window.activeTextEditor);
      assert.equal(editor.selection.start.line, line - 1);
    });

    it('follows a running chroot\'s live log as the simulated clock advances', async () => {
      api.taskActions.logs.followMs = 200;
      const ref = { buildId: BUILDS.running.id, chroot: 'fedora-rawhide-aarch64' };
      const doc = await documentOf(await vscode.commands.executeCommand<vscode.Uri>('copr.viewLog', ref, 'builder-live'));
      const before = doc.getText().length;
      assert.ok(before > 0);
      assert.equal(api.taskActions.logs.session({ ...ref, log: 'builder-live' })?.following, true);
      sim.clock.advance(200);
      await waitFor('the live log to grow', () => doc.getText().length > before, 15_000);
      assert.ok(doc.getText().startsWith(doc.getText().slice(0, before)));
    });
  });
}
