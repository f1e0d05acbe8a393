// Runs inside the real extension host: the packaged manifest and the running extension must agree.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'copr-builds.copr-builds';

interface ContributedCommand {
  command: string;
}

interface ContributedView {
  id: string;
}

interface Manifest {
  contributes?: {
    commands?: ContributedCommand[];
    views?: Record<string, ContributedView[]>;
    viewsContainers?: Record<string, { id: string }[]>;
  };
}

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `extension ${EXTENSION_ID} is not installed in the test host`);
  return found;
}

function manifest(): Manifest {
  return extension().packageJSON as Manifest;
}

describe('extension smoke test', () => {
  it('opens the fixture workspace', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'exactly one workspace folder is open');
    const specs = (await vscode.workspace.findFiles('**/*.spec')).map((uri) => uri.path.split('/').pop());
    assert.ok(specs.includes('python-foo.spec'), `python-foo.spec is in the fixture workspace (found: ${specs.join(', ')})`);
  });

  it('is present in the host', () => {
    assert.equal(extension().id.toLowerCase(), EXTENSION_ID);
  });

  it('activates', async () => {
    const ext = extension();
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('runs copr.refresh without throwing', async () => {
    await vscode.commands.executeCommand('copr.refresh');
  });

  it('registers every command its manifest contributes', async () => {
    const contributed = (manifest().contributes?.commands ?? []).map((c) => c.command);
    assert.ok(contributed.includes('copr.refresh'), 'the manifest contributes copr.refresh');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((command) => !registered.has(command));
    assert.deepEqual(missing, [], 'contributed commands without a registered handler');
  });

  it('registers the Copr view container and every contributed view', async () => {
    const contributes = manifest().contributes ?? {};
    const containers = (contributes.viewsContainers?.activitybar ?? []).map((c) => c.id);
    const views = Object.values(contributes.views ?? {}).flat().map((v) => v.id);
    assert.ok(views.includes('coprBuildTasks'), 'the manifest contributes the coprBuildTasks view');
    assert.ok(containers.length > 0, 'the manifest contributes an activity-bar container');

    // The workbench registers an "open" command per view container and a "focus" command per view it knows about.
    const registered = new Set(await vscode.commands.getCommands(true));
    const expected = [
      ...containers.map((id) => `workbench.view.extension.${id}`),
      ...views.map((id) => `${id}.focus`),
    ];
    assert.deepEqual(expected.filter((command) => !registered.has(command)), [], 'views the workbench does not know');
  });

  it('shows the Build Tasks view', async () => {
    await vscode.commands.executeCommand('coprBuildTasks.focus');
  });
});
