// Acting on builds in the real VS Code against the REAL copr-frontend (main, API v3): carol's expired token → 401
// with Renew Token; bob → "you may not cancel builds in alice/hello" with Copr's text; alice signs in, cancels the
// pending build (Copr says canceled), resubmits the failed one (create/url) and builds a commit (create/scm); both new
// builds appear in the tree. Runs last in the suite (file order): it changes the seeded world the others read.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PromptRequest } from '../../../src/auth/prompts';
import type { CoprTestApi } from '../../../src/testApi';
import { children, configure, extensionApi, resetSettings, waitFor } from '../../integration/support';
import { helloBuildIds, realServer, type HelloBuild, type RealServer } from '../realCopr';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('acting on builds against the real Copr (main, API v3)', function () {
  this.timeout(90_000);
  let api: CoprTestApi;
  let server: RealServer;
  let ids: Record<HelloBuild, number>;
  let answers: { inputs: string[]; picks: string[][]; button?: string };
  const messages = () => api.writes.prompts.asked.filter((r): r is Extract<PromptRequest, { kind: 'message' }> => r.kind === 'message');

  before(async () => {
    server = realServer('head');
    ids = await helloBuildIds(server);
    api = await extensionApi();
    api.opener.setLauncher(async () => true);
    await configure({ url: server.url, apiVersion: 'v3', projects: ['alice/hello'] });
    api.writes.trusted = () => true;
    api.writes.prompts.setAnswerer((r) => {
      if (r.kind === 'input') return answers.inputs.shift();
      if (r.kind === 'confirm') return true;
      if (r.kind === 'pick') return answers.picks.shift();
      return r.buttons.includes(answers.button ?? '') ? answers.button : undefined;
    });
  });
  beforeEach(() => {
    answers = { inputs: [], picks: [] };
    api.writes.prompts.asked.length = 0;
  });
  after(async () => {
    await api.writes.session.signOut();
    api.writes.prompts.setAnswerer(undefined);
    api.opener.setLauncher(undefined);
    await resetSettings();
  });

  /** alice/hello's build rows: the top level when it is the only project shown, else under its row. */
  async function helloRows(): Promise<string[]> {
    const top = await children(api);
    const project = top.find((r) => r.label === 'alice/hello');
    return (project ? await children(api, project.node) : top).map((r) => r.label);
  }

  it('carol (expired token): Sign In is refused with Copr\'s 401 text and Renew Token opens <copr.url>/api/', async () => {
    answers = { inputs: ['carollogin', 'caroltoken'], picks: [], button: 'Renew Token' };
    assert.equal(await vscode.commands.executeCommand('copr.signIn'), undefined);
    const said = messages().at(-1);
    assert.match(said?.text ?? '', /Login invalid\/expired\. Please visit .*\/api to get or renew your API token\./);
    assert.deepEqual(said?.buttons, ['Renew Token']);
    await waitFor('the API page', () => api.opener.opened.at(-1) === `${server.url}/api/`);
    assert.equal(api.writes.session.user, undefined);
  });

  it('carol\'s stored token on a cancel: one message with Renew Token and Sign In…', async () => {
    await api.writes.session.store({ login: 'carollogin', token: 'caroltoken' }, 'carol');
    assert.equal(await api.writes.buildActions.cancel({ buildId: ids.C }), false);
    const said = messages().filter((m) => m.severity === 'error');
    assert.equal(said.length, 1);
    assert.deepEqual(said[0].buttons, ['Renew Token', 'Sign In…']);
  });

  it('bob may not cancel alice\'s build: the message names the project and quotes Copr', async () => {
    await api.writes.session.store({ login: 'boblogin', token: 'bobtoken' }, 'bob');
    assert.equal(await api.writes.buildActions.cancel({ buildId: ids.C }), false);
    assert.equal(messages().at(-1)?.text, 'You may not cancel builds in alice/hello. Copr says: You are not allowed to cancel this build.');
  });

  it('alice signs in and cancels the pending build: Copr says canceled, and so does the store', async () => {
    answers.inputs = ['alicelogin', 'alicetoken'];
    assert.equal(await vscode.commands.executeCommand('copr.signIn'), 'alice');
    assert.equal(api.treeView.title, 'Build Tasks · signed in as alice');
    assert.equal(await api.writes.buildActions.cancel({ buildId: ids.C }), true);
    await waitFor('build C canceled in the store', () => api.store.build(ids.C)?.state === 'canceled', 30_000);
  });

  it('resubmitting the failed build creates a build (create/url) that appears in the tree, watched', async () => {
    answers.picks = [['Resubmit failed chroots']];
    const id = await api.writes.buildActions.resubmit({ buildId: ids.B });
    assert.ok(typeof id === 'number' && id > ids.D, String(id));
    assert.ok(api.store.watched().includes(id));
    await api.scheduler.refresh();
    await waitFor(`#${id} in the tree`, async () => (await helloRows()).some((l) => l.startsWith(`#${id}`)), 30_000);
  });

  it('Build This Commit creates a build (create/scm) that appears in the tree', async () => {
    api.writes.buildCommit.git = async () => ({
      repoRoot: '/work/hello',
      remoteUrl: 'git@github.com:alice/hello.git',
      head: { commit: SHA, branch: 'main', upstream: 'origin/main', ahead: 0, dirty: false },
    });
    api.writes.buildCommit.findSpecs = async () => ['/work/hello/rpm/hello.spec'];
    answers.picks = [['fedora-40-x86_64', 'fedora-rawhide-x86_64']];
    const id = await vscode.commands.executeCommand<number | undefined>('copr.buildThisCommit');
    assert.ok(typeof id === 'number', JSON.stringify(messages().map((m) => m.text)));
    const build = (await (await fetch(`${server.url}/api_3/build/${id}`)).json()) as { chroots: string[] };
    assert.deepEqual(build.chroots.sort(), ['fedora-40-x86_64', 'fedora-rawhide-x86_64']);
    await api.scheduler.refresh();
    await waitFor(`#${id} in the tree`, async () => (await helloRows()).some((l) => l.startsWith(`#${id}`)), 30_000);
  });
});
