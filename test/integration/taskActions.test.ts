// The task commands inside the real VS Code, against the simulator: the clipboard after Copy Git Hash, the URLs
// handed to the browser (through the ExternalOpener), and refusals of what must not be opened.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSimulator, fixtures, type SimulatorHandle } from '../copr-sim';
import type { Build, BuildTask } from '../../src/api/types';
import type { CoprTestApi } from '../../src/testApi';
import { configure, extensionApi, resetSettings } from './support';

const { BUILDS } = fixtures;

function resultUrl(sim: SimulatorHandle, buildId: number, chroot: string): string | null {
  const c = sim.world.getChroots(buildId).find((x) => (x as { name: string }).name === chroot) as { result_url: string | null } | undefined;
  return c?.result_url ?? null;
}

describe('task commands', function () {
  let sim: SimulatorHandle;
  let api: CoprTestApi;

  before(async function () {
    // The first suite of a run pays for activating the extension in a busy host.
    this.timeout(120_000);
    sim = await startSimulator({ api: 'both' });
    api = await extensionApi();
    api.opener.setLauncher(async () => true);
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/hello', 'alice/tools'] });
  });
  after(async () => {
    api.opener.setLauncher(undefined);
    await resetSettings();
    await sim.close();
  });

  it('Copy Git Hash fetches the hash on v3 and puts it on the clipboard', async () => {
    await vscode.env.clipboard.writeText('before');
    const hash = await vscode.commands.executeCommand<string | undefined>('copr.copyGitHash', { buildId: BUILDS.succeeded.id, chroot: 'fedora-42-x86_64' });
    assert.match(hash ?? '', /^[0-9a-f]{40}$/);
    assert.equal(await vscode.env.clipboard.readText(), hash);
  });

  it('Copy Git Hash copies nothing and explains when the server cannot tell', async () => {
    await vscode.env.clipboard.writeText('unchanged');
    const fault = sim.faults.add({ path: '/backend/get-build-task', kind: 'json500' });
    try {
      const hash = await vscode.commands.executeCommand<string | undefined>('copr.copyGitHash', { buildId: BUILDS.webhook.id, chroot: 'fedora-42-x86_64' });
      assert.equal(hash, undefined);
      assert.equal(await vscode.env.clipboard.readText(), 'unchanged');
    } finally {
      sim.faults.remove(fault);
    }
  });

  it('Copy Git Hash refuses a stored hash that is not a commit id', async () => {
    const id = 999_000_001;
    putFake(api, id, { git_hash: 'not-a-hash; rm -rf /' });
    await vscode.env.clipboard.writeText('unchanged');
    assert.equal(await vscode.commands.executeCommand('copr.copyGitHash', { buildId: id, chroot: 'fedora-rawhide-x86_64' }), undefined);
    assert.equal(await vscode.env.clipboard.readText(), 'unchanged');
  });

  it('Open Result Directory hands the task\'s result URL to the browser', async () => {
    const ref = { buildId: BUILDS.running.id, chroot: 'fedora-rawhide-x86_64' };
    const expected = resultUrl(sim, ref.buildId, ref.chroot);
    assert.ok(expected);
    assert.equal(await vscode.commands.executeCommand('copr.openResultDir', ref), true);
    assert.equal(api.opener.opened.at(-1), expected);
  });

  it('Open Result Directory explains a task that has not started', async () => {
    const opened = api.opener.opened.length;
    assert.equal(await vscode.commands.executeCommand('copr.openResultDir', { buildId: BUILDS.pending.id, chroot: 'fedora-rawhide-s390x' }), false);
    assert.equal(api.opener.opened.length, opened);
  });

  it('refuses hostile result URLs: javascript:, file:, data: and over 2048 characters', async () => {
    const hostile = ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<script>alert(1)</script>', `https://evil.example/${'a'.repeat(2100)}`];
    const opened = api.opener.opened.length;
    for (const [i, url] of hostile.entries()) {
      const id = 999_000_100 + i;
      putFake(api, id, { result_dir_url: url });
      const refused = api.opener.refused.length;
      assert.equal(await vscode.commands.executeCommand('copr.openResultDir', { buildId: id, chroot: 'fedora-rawhide-x86_64' }), false, url.slice(0, 40));
      assert.equal(api.opener.refused.length, refused + 1);
      assert.match(api.opener.refused.at(-1)!, /Refusing/);
    }
    assert.equal(api.opener.opened.length, opened, 'nothing hostile reached the browser');
  });

  it('Open Build in Copr opens the user or group build page on the configured server', async () => {
    assert.equal(await vscode.commands.executeCommand('copr.openBuildInCopr', { buildId: BUILDS.running.id, chroot: 'fedora-rawhide-x86_64' }), true);
    assert.equal(api.opener.opened.at(-1), `${sim.url}/coprs/alice/tools/build/${BUILDS.running.id}/`);
    // A build outside the configured projects (a group's): read from the server.
    assert.equal(await vscode.commands.executeCommand('copr.openBuildInCopr', { buildId: BUILDS.big.id }), true);
    assert.equal(api.opener.opened.at(-1), `${sim.url}/coprs/g/rpm-team/python3.14/build/${BUILDS.big.id}/`);
  });
});

/** A build only the store knows (for data the simulator will not serve). */
function putFake(api: CoprTestApi, id: number, task: Partial<BuildTask>): void {
  const build: Build = {
    id, owner: 'alice', project: 'fake', dirname: 'fake', package_name: 'fake', package_version: '1-1', submitter: 'alice',
    submitted_on: 1, started_on: 2, ended_on: 3, state: 'succeeded', chroots: ['fedora-rawhide-x86_64'], project_id: null,
  };
  api.store.putBuild(build);
  api.store.putTasks(id, [{
    chroot_name: 'fedora-rawhide-x86_64', build_id: id, state: 'succeeded', started_on: 2, ended_on: 3,
    result_dir_url: 'https://backend.example/results/alice/fake/fedora-rawhide-x86_64/0-fake/', git_hash: null, ...task,
  }]);
  api.store.flush();
}
