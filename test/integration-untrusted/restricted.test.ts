// Restricted Mode in a real VS Code: workspace trust is on and the folder (test/fixtures/untrusted-workspace) was never
// trusted. Its .vscode/settings.json names another server and carries hostile text; its .packit.yaml names a project.
// What the person set in their user settings still works (reading builds is allowed without trust); what the
// repository says is not used, not read, and no write is ever sent.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSimulator, type SimulatorHandle } from '../copr-sim';
import type { PromptRequest } from '../../src/auth/prompts';
import type { CoprTestApi } from '../../src/testApi';
import { children, configure, extensionApi, resetSettings, waitFor } from '../integration/support';

const HOSTILE_URL = 'http://127.0.0.1:9/not-the-copr-you-chose';

describe('Restricted Mode (a workspace nobody trusted)', function () {
  this.timeout(60_000);
  let sim: SimulatorHandle;
  let api: CoprTestApi;

  before(async function () {
    this.timeout(120_000);
    sim = await startSimulator({ api: 'v3' });
    api = await extensionApi();
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/hello'] });
  });
  after(async () => {
    api.writes.prompts.setAnswerer(undefined);
    await resetSettings();
    await sim.close();
  });

  it('opens the folder untrusted, with a settings file that names another server', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the suite must run in Restricted Mode');
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder');
    const file = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json')));
    assert.ok(file.includes(HOSTILE_URL), 'the fixture no longer tries to choose the server');
  });

  it("uses the person's server and projects, not the workspace's copr.url, copr.owner or copr.projects", async () => {
    const s = api.settings();
    assert.equal(s.url, sim.url);
    assert.equal(s.owner, undefined);
    assert.deepEqual(s.projects, ['alice/hello']);
    await waitFor('builds of alice/hello from the simulator', () => api.store.buildIds().length > 0, 30_000);
    const everything = [...(await children(api))].map((r) => `${r.label} ${r.description} ${r.tooltip}`).join('\n');
    assert.doesNotMatch(everything, /evil|not-the-copr/, everything);
    assert.doesNotMatch(api.settingsProblems().join('\n'), /evil|not-the-copr|verified-filled/);
  });

  it("does not read .packit.yaml: This workspace holds one row that asks for trust, and Copr hears nothing of it", async () => {
    await waitFor('discovery to see an untrusted workspace', () => api.discovery.state.status === 'untrusted', 20_000);
    const root = (await children(api)).find((r) => r.label === 'This workspace');
    assert.ok(root, 'no This workspace root');
    const rows = await children(api, root.node);
    assert.equal(rows.length, 1, rows.map((r) => r.label).join(' | '));
    assert.match(`${rows[0].label} ${rows[0].tooltip}`, /trust/i);
    assert.equal(sim.requests.count((r) => /from-packit|evil/.test(r.path)), 0);
  });

  it('sends no write: Cancel Build says it is disabled in Restricted Mode', async () => {
    const id = sim.world.addBuild({ owner: 'alice', project: 'hello' });
    sim.clock.advance(120);
    api.writes.prompts.setAnswerer(() => undefined);
    api.writes.prompts.asked.length = 0;
    sim.requests.reset();
    assert.equal(await api.writes.buildActions.cancel({ buildId: id }), false);
    assert.equal(sim.requests.count((r) => r.method !== 'GET'), 0);
    const said = api.writes.prompts.asked.filter((r): r is Extract<PromptRequest, { kind: 'message' }> => r.kind === 'message');
    assert.match(said.at(-1)?.text ?? '', /Restricted Mode/);
  });
});
