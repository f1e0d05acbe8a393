// Acting on builds inside the real VS Code, against the simulator: sign in (SecretStorage, the view's description),
// Restricted Mode, cancel, resubmit a failed chroot and watch it succeed in simulated time, a build without a source
// URL, an expired token (one message with Renew Token and Sign In…), and faults during a cancel. Questions are
// answered through the extension's prompts seam (the test host hides dialogs).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSimulator, type SimulatorHandle } from '../copr-sim';
import type { PromptRequest } from '../../src/auth/prompts';
import type { CoprTestApi } from '../../src/testApi';
import { configure, extensionApi, resetSettings, waitFor } from './support';

const ALICE = { login: 'alicelogin', token: 'alicetoken' };
const CAROL = { login: 'carollogin', token: 'caroltoken' };

interface Script {
  inputs: string[];
  confirm: boolean;
  picks: string[][];
  button?: string;
}

describe('acting on builds (simulator)', function () {
  this.timeout(60_000);
  let sim: SimulatorHandle;
  let api: CoprTestApi;
  let script: Script;
  const messages = () => api.writes.prompts.asked.filter((r): r is Extract<PromptRequest, { kind: 'message' }> => r.kind === 'message');
  /** A create whose answer failed with `kind`: one error message, no success claimed, and a build only when Copr
   * made it before the answer was cut (then the message says it may or may not have happened). */
  const assertLostCreate = (kind: string, known: Set<number>, success: RegExp) => {
    const said = messages().filter((m) => m.severity === 'error');
    assert.equal(said.length, 1, JSON.stringify(said));
    assert.ok(!messages().some((m) => success.test(m.text)), 'no success claimed');
    const made = sim.world.buildIds().filter((id) => !known.has(id));
    if (kind === 'truncated') {
      assert.match(said[0].text, /may or may not have happened/);
      assert.equal(made.length, 1, 'Copr built it before the answer was cut');
    } else {
      assert.deepEqual(made, []);
    }
  };

  before(async function () {
    this.timeout(120_000);
    sim = await startSimulator({ api: 'v3' });
    api = await extensionApi();
    api.opener.setLauncher(async () => true);
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/hello'] });
    api.writes.prompts.setAnswerer((r) => {
      if (r.kind === 'input') return script.inputs.shift();
      if (r.kind === 'confirm') return script.confirm;
      if (r.kind === 'pick') return script.picks.shift();
      return r.buttons.includes(script.button ?? '') ? script.button : undefined;
    });
  });
  beforeEach(() => {
    script = { inputs: [], confirm: true, picks: [] };
    api.writes.prompts.asked.length = 0;
    api.writes.trusted = () => true;
  });
  after(async () => {
    await api.writes.session.signOut();
    api.writes.prompts.setAnswerer(undefined);
    api.opener.setLauncher(undefined);
    await resetSettings();
    await sim.close();
  });

  const runningBuild = () => {
    const id = sim.world.addBuild({ owner: 'alice', project: 'hello' });
    sim.clock.advance(120);
    return id;
  };

  it('Sign In checks the login and token with auth-check, stores them and shows who is signed in', async () => {
    script.inputs = [ALICE.login, ALICE.token];
    await api.writes.session.signOut();
    const before = sim.requests.count();
    assert.equal(await vscode.commands.executeCommand('copr.signIn'), 'alice');
    assert.equal(api.writes.session.user, 'alice');
    assert.equal(api.treeView.title, 'Build Tasks · signed in as alice');
    const asked = api.writes.prompts.asked.filter((r) => r.kind === 'input') as Array<Extract<PromptRequest, { kind: 'input' }>>;
    assert.deepEqual(asked.map((r) => r.password), [false, true], 'the token is asked in a password box');
    assert.equal(sim.requests.list().slice(before).filter((r) => r.headers.authorization).map((r) => r.path).join(), '/api_3/auth-check');
  });

  it('Restricted Mode: Cancel Build sends nothing and says why', async () => {
    const id = runningBuild();
    api.writes.trusted = () => false;
    sim.requests.reset();
    assert.equal(await api.writes.buildActions.cancel({ buildId: id }), false);
    assert.equal(sim.requests.count((r) => r.method !== 'GET'), 0);
    assert.match(messages().at(-1)?.text ?? '', /Restricted Mode/);
  });

  it('alice cancels a running build after confirming; the row shows Copr\'s answer, read for that build alone', async () => {
    const id = runningBuild();
    await api.scheduler.refresh();
    sim.requests.reset();
    assert.equal(await api.writes.buildActions.cancel({ buildId: id }), true);
    assert.equal(api.writes.prompts.asked.filter((r) => r.kind === 'confirm').length, 1);
    assert.equal(api.store.build(id)?.state, 'canceled', 'read before cancel() resolves');
    const after = sim.requests.list().map((r) => `${r.method} ${r.path}`);
    const put = after.indexOf(`PUT /api_3/build/cancel/${id}`);
    assert.ok(put >= 0, after.join('\n'));
    // Not a cycle (a page per project and every active build's chroots): the build's record and its chroot list.
    assert.deepEqual(after.slice(put + 1).filter((r) => r.includes('/api_3/') && !r.includes('/build/list')).map((r) => r.replace(/[?&](limit|offset)=\d+/g, '')), [
      `GET /api_3/build/${id}`,
      `GET /api_3/build-chroot/list?build_id=${id}`,
    ]);
  });

  it('declining the confirmation cancels nothing', async () => {
    const id = runningBuild();
    script.confirm = false;
    sim.requests.reset();
    assert.equal(await api.writes.buildActions.cancel({ buildId: id }), false);
    assert.equal(sim.requests.count((r) => r.method === 'PUT'), 0);
  });

  it('resubmits a failed chroot from the old source package, watches the new build and announces its success as a resubmit', async () => {
    const old = sim.world.addBuild({ owner: 'alice', project: 'hello', outcome: { 'fedora-42-x86_64': 'failed' } });
    sim.clock.advance(1000);
    await api.scheduler.refresh();
    script.picks = [['Resubmit failed chroots']];
    sim.requests.reset();
    const id = await api.writes.buildActions.resubmit({ buildId: old, chroot: 'fedora-42-x86_64' });
    assert.ok(typeof id === 'number' && id > old);
    // The new build is read alone (its record, then its chroot list once it has chroots), not by a whole cycle.
    const asked = sim.requests.list().map((r) => `${r.method} ${r.path}`);
    const post = asked.findIndex((r) => r.startsWith('POST /api_3/build/create/url'));
    assert.ok(post >= 0, asked.join('\n'));
    const read = asked.slice(post + 1).filter((r) => r.includes('/api_3/') && !r.includes('/build/list')); // not triage's log fetches
    assert.equal(read[0], `GET /api_3/build/${id}`, asked.join('\n'));
    assert.ok(read.slice(1).every((r) => r.startsWith(`GET /api_3/build-chroot/list?build_id=${id}`)) && read.length <= 2, asked.join('\n'));
    const pick = api.writes.prompts.asked.find((r) => r.kind === 'pick') as Extract<PromptRequest, { kind: 'pick' }>;
    assert.equal(pick.labels[0], 'Resubmit failed chroots');
    assert.ok(api.store.watched().includes(id), 'watched at once');
    assert.deepEqual((sim.world.getBuild(id) as { chroots: string[] }).chroots, ['fedora-42-x86_64']);
    sim.clock.advance(1000);
    await api.scheduler.refresh();
    await waitFor('the resubmit to succeed', () => api.store.build(id)?.state === 'succeeded');
    await waitFor('its notification', () => messages().some((m) => m.text.includes(`the resubmit of #${old}`)));
  });

  it('a resubmit that fails again: the failure notification says which build it resubmits', async () => {
    const old = sim.world.addBuild({ owner: 'alice', project: 'hello', outcome: { 'fedora-42-x86_64': 'failed' } });
    sim.clock.advance(1000);
    await api.scheduler.refresh();
    script.picks = [['Resubmit failed chroots']];
    const id = await api.writes.buildActions.resubmit({ buildId: old, chroot: 'fedora-42-x86_64' });
    assert.ok(typeof id === 'number');
    sim.clock.advance(120);
    await api.scheduler.refresh();
    await waitFor('the resubmit running', () => api.store.build(id)?.state === 'running');
    sim.world.setChrootState(id, 'fedora-42-x86_64', 'failed');
    await api.scheduler.refresh();
    const text = await waitFor('the failure notification', () => api.notifications.shown.find((n) => n.startsWith(`Resubmit of #${old}: `)), 20_000);
    assert.match(text, /failed/);
  });

  it('a build without a source URL: says so and offers Open Build in Copr', async () => {
    const id = sim.world.addBuild({ owner: 'alice', project: 'hello' });
    script.button = 'Open Build in Copr';
    const opened = api.opener.opened.length;
    assert.equal(await api.writes.buildActions.resubmit({ buildId: id }), undefined);
    assert.match(messages().at(-1)?.text ?? '', /no source package URL/);
    await waitFor('the build page opened', () => api.opener.opened.length > opened);
    assert.match(api.opener.opened.at(-1) ?? '', new RegExp(`/build/${id}/$`));
  });

  for (const kind of ['json500', 'drop', 'truncated'] as const) {
    it(`cancel under '${kind}': one message saying what happened, and the row shows Copr's state`, async () => {
      const id = runningBuild();
      sim.faults.add({ path: `/api_3/build/cancel/${id}`, kind, times: 1 });
      assert.equal(await api.writes.buildActions.cancel({ buildId: id }), false);
      const said = messages().filter((m) => m.severity === 'error');
      assert.equal(said.length, 1, JSON.stringify(said));
      if (kind === 'truncated') assert.match(said[0].text, /may or may not have happened/);
      const truth = (sim.world.getBuild(id) as { state: string }).state;
      await waitFor(`the store to show ${truth}`, () => api.store.build(id)?.state === truth);
    });
  }

  for (const kind of ['json500', 'drop', 'truncated'] as const) {
    it(`resubmit under '${kind}': one message saying what happened, never "Resubmitted", nothing lost`, async () => {
      const old = sim.world.addBuild({ owner: 'alice', project: 'hello', outcome: { 'fedora-42-x86_64': 'failed' } });
      sim.clock.advance(1000);
      await api.scheduler.refresh();
      const known = new Set(sim.world.buildIds());
      const watched = api.store.watched();
      script.picks = [['Resubmit failed chroots']];
      sim.faults.add({ path: '/api_3/build/create/url', kind, times: 1 });
      assert.equal(await api.writes.buildActions.resubmit({ buildId: old, chroot: 'fedora-42-x86_64' }), undefined);
      assertLostCreate(kind, known, /Resubmitted/);
      assert.deepEqual(api.store.watched(), watched);
    });
  }

  it('an expired token: one message with Renew Token and Sign In…, however many actions fail; Renew Token opens <copr.url>/api/', async () => {
    await api.writes.session.store(CAROL, 'carol');
    script.button = 'Renew Token';
    const opened = api.opener.opened.length;
    const [a, b] = [runningBuild(), runningBuild()];
    await Promise.all([api.writes.buildActions.cancel({ buildId: a }), api.writes.buildActions.cancel({ buildId: b })]);
    const expired = messages().filter((m) => /did not accept your API token/.test(m.text));
    assert.equal(expired.length, 1);
    assert.deepEqual(expired[0].buttons, ['Renew Token', 'Sign In…']);
    assert.match(expired[0].text, /Login invalid\/expired/);
    await waitFor('the API page opened', () => api.opener.opened.length > opened);
    assert.equal(api.opener.opened.at(-1), `${sim.url}/api/`);
  });

  it('a token that expires within 14 days is announced once, with Renew Token; the token is not on the details page', async () => {
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await api.writes.session.store(ALICE, 'alice', soon);
    await api.writes.session.store(ALICE, 'alice', soon);
    const warned = messages().filter((m) => m.text.includes(`expires on ${soon}`));
    assert.equal(warned.length, 1);
    assert.deepEqual(warned[0].buttons, ['Renew Token']);
    const id = runningBuild();
    await api.scheduler.refresh();
    await vscode.commands.executeCommand('copr.showTaskDetails', { buildId: id, chroot: 'fedora-42-x86_64' });
    const html = await waitFor('the details page', () => api.taskActions.panels.lastHtml({ buildId: id, chroot: 'fedora-42-x86_64' }));
    assert.match(html, /data-command="cancelBuild"/);
    assert.ok(!html.includes(ALICE.token) && !html.includes(ALICE.login));
  });

  describe('Build This Commit refuses what Copr could not build, before sending anything', () => {
    const SHA = 'b'.repeat(40);
    const facts = (over: { remoteUrl?: string; upstream?: string; ahead?: number; dirty?: boolean }) => async () => ({
      repoRoot: '/w/hello',
      remoteUrl: 'remoteUrl' in over ? over.remoteUrl : 'https://forge.example.org/alice/hello.git',
      head: { commit: SHA, branch: 'main', upstream: 'upstream' in over ? over.upstream : 'origin/main', ahead: over.ahead ?? 0, dirty: over.dirty ?? false },
    });
    beforeEach(async () => {
      await api.writes.session.store(ALICE, 'alice');
      api.writes.buildCommit.findSpecs = async () => ['/w/hello/hello.spec'];
      sim.requests.reset();
    });
    const cases: Array<[string, Parameters<typeof facts>[0], RegExp]> = [
      ['no upstream', { upstream: undefined }, /has no upstream: Copr could not fetch commit bbbbbbbbbbbb/],
      ['ahead of upstream', { ahead: 2 }, /is 2 commit\(s\) ahead of origin\/main/],
      ['a remote only reachable over http', { remoteUrl: 'http://forge.example.org/alice/hello.git' }, /not reachable that way/],
    ];
    for (const [what, over, said] of cases) {
      it(what, async () => {
        api.writes.buildCommit.git = facts(over);
        assert.equal(await vscode.commands.executeCommand('copr.buildThisCommit'), undefined);
        assert.match(messages().at(-1)?.text ?? '', said);
        assert.equal(sim.requests.count((r) => r.method === 'POST'), 0);
      });
    }

    it('a project without chroots', async () => {
      sim.world.addProject('alice', 'nochroots', []);
      await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/nochroots'] });
      try {
        api.writes.buildCommit.git = facts({});
        assert.equal(await vscode.commands.executeCommand('copr.buildThisCommit'), undefined);
        assert.match(messages().at(-1)?.text ?? '', /alice\/nochroots has no chroots enabled/);
        assert.equal(sim.requests.count((r) => r.method === 'POST'), 0);
      } finally {
        await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/hello'] });
      }
    });

    for (const kind of ['json500', 'drop', 'truncated'] as const) {
      it(`under '${kind}': one message saying what happened, never "Copr is building", nothing lost`, async () => {
        api.writes.buildCommit.git = facts({});
        script.picks = [['fedora-42-x86_64']];
        const known = new Set(sim.world.buildIds());
        sim.faults.add({ path: '/api_3/build/create/scm', kind, times: 1 });
        assert.equal(await vscode.commands.executeCommand('copr.buildThisCommit'), undefined);
        assertLostCreate(kind, known, /Copr is building/);
      });
    }

    it('a dirty tree asks first; confirmed, the commit is built and watched', async () => {
      api.writes.buildCommit.git = facts({ dirty: true });
      script.picks = [['fedora-42-x86_64']];
      const id = await vscode.commands.executeCommand<number | undefined>('copr.buildThisCommit');
      assert.ok(typeof id === 'number');
      assert.match((api.writes.prompts.asked.find((r) => r.kind === 'confirm') as { text: string }).text, /without your uncommitted changes/);
      assert.deepEqual((sim.world.getBuild(id) as { chroots: string[] }).chroots, ['fedora-42-x86_64']);
      assert.ok(api.store.watched().includes(id));
    });
  });

  it('Sign Out forgets the token: the next write asks to sign in', async () => {
    assert.equal(await vscode.commands.executeCommand('copr.signOut'), true);
    assert.equal(api.treeView.title, 'Build Tasks');
    const id = runningBuild();
    sim.requests.reset();
    assert.equal(await api.writes.buildActions.cancel({ buildId: id }), false);
    assert.ok(messages().some((m) => m.buttons.includes('Sign In…') && /Sign in to Copr/.test(m.text)));
    assert.equal(sim.requests.count((r) => r.method === 'PUT'), 0);
  });
});
