// The extension inside the real VS Code with copr.url pointing at the REAL copr-frontend (main over API v3, 1.190
// over API v2). The URLs come through the extension host's environment (scripts/run-copr.mjs); without them every
// test fails. What a person sees is read through the extension's test API (src/testApi.ts).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CoprTestApi } from '../../../src/testApi';
import { children, configure, extensionApi, resetSettings, waitFor, type RowView } from '../../integration/support';
import { HELLO_CHROOTS, HELLO_STATES, HELLO_VERSIONS, helloBuildIds, realServer, type HelloBuild, type RealServer, type RealVersion } from '../realCopr';

const LETTERS = Object.keys(HELLO_VERSIONS) as HelloBuild[];

/** The first words of a chroot row: its state ("running for 3 min" starts with "running"). */
const stateOfRow = (r: RowView) => r.description.split(' ')[0];

for (const { version, apiVersion } of [
  { version: 'head' as RealVersion, apiVersion: 'v3' },
  { version: 'v190' as RealVersion, apiVersion: 'v2' },
]) {
  describe(`the extension against the real Copr ${version} (API ${apiVersion})`, function () {
    this.timeout(90_000);
    let api: CoprTestApi;
    let server: RealServer;
    let ids: Record<HelloBuild, number>;
    let projects: RowView[];

    before(async () => {
      server = realServer(version);
      ids = await helloBuildIds(server);
      api = await extensionApi();
      await configure({ url: server.url, apiVersion, projects: ['alice/hello', '@packagers/tools'] });
      projects = await waitFor('both project rows', async () => {
        const rows = await children(api);
        return rows.length === 2 && rows.every((r) => r.label.includes('/')) ? rows : undefined;
      }, 30_000);
    });
    after(async () => {
      await resetSettings();
    });

    async function helloBuilds(): Promise<RowView[]> {
      const hello = projects.find((r) => r.label === 'alice/hello');
      assert.ok(hello, `alice/hello among ${projects.map((r) => r.label).join(', ')}`);
      return waitFor('alice/hello builds', async () => {
        const rows = (await children(api, hello.node)).filter((r) => r.label.startsWith('#'));
        return rows.length === LETTERS.length ? rows : undefined;
      }, 30_000);
    }

    it('shows alice/hello newest first, each build in Copr\'s own state, each chroot\'s state in words', async () => {
      const rows = await helloBuilds();
      const newestFirst = [...LETTERS].sort((a, b) => ids[b] - ids[a]);
      assert.deepEqual(rows.map((r) => r.label), newestFirst.map((l) => `#${ids[l]} hello ${HELLO_VERSIONS[l]}`));
      for (const l of newestFirst) {
        const build = rows.find((r) => r.label.startsWith(`#${ids[l]} `)) as RowView;
        const tasks = await waitFor(`chroots of ${l}`, async () => {
          const t = await children(api, build.node);
          return t.length === HELLO_CHROOTS.length ? t : undefined;
        });
        assert.deepEqual(tasks.map((t) => t.label), HELLO_CHROOTS, `build ${l} chroots`);
        assert.deepEqual(tasks.map(stateOfRow), HELLO_STATES[l].chroots, `build ${l} chroot states in words`);
        // With the chroots known, the row's first word is Copr's build state (never a worse chroot's).
        const again = (await children(api, projects.find((r) => r.label === 'alice/hello')?.node)).find((r) => r.label === build.label) as RowView;
        assert.equal(again.description.split(' · ')[0], HELLO_STATES[l].build, `build ${l}: "${again.description}"`);
      }
      const running = (await children(api, projects.find((r) => r.label === 'alice/hello')?.node)).find((r) => r.label.startsWith(`#${ids.A} `));
      assert.equal(running?.description, 'running · 1 failed · 2/3 done');
      assert.equal(running?.icon, 'error', 'the icon alerts early');
      assert.match(running?.tooltip ?? '', /Copr state: running/);
    });

    it('renders the Packit directory and the group project', async () => {
      const rows = await helloBuilds();
      const packit = rows.find((r) => r.label.startsWith(`#${ids.G} `)) as RowView;
      assert.match(packit.tooltip, /hello:pr:42/);
      const tools = projects.find((r) => r.label === '@packagers/tools') as RowView;
      assert.ok(tools, 'the @packagers/tools row');
      const builds = await waitFor('the group build', async () => {
        const b = (await children(api, tools.node)).filter((r) => r.label.startsWith('#'));
        return b.length === 1 ? b : undefined;
      });
      assert.equal(builds[0]?.label, '#121 tools 2.0-1');
      const chroots = await children(api, builds[0]?.node);
      assert.deepEqual(chroots.map((c) => [c.label, stateOfRow(c)]), [['epel-9-x86_64', 'failed'], ['fedora-40-x86_64', 'succeeded']]);
    });

    it('counts the failure of the running build in the status bar', async () => {
      const item = api.statusBar.statusBarItem;
      const text = await waitFor('a failure in the status bar', () => (/\b1 failed\b/.test(item.text) ? item.text : undefined), 30_000);
      assert.match(text, /1 failed/);
      const tooltip = typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '');
      // Markdown-escaped server text: read it as the person does.
      assert.match(tooltip.replace(/\\(.)/g, '$1'), new RegExp(`fedora-40-aarch64 — hello 1\\.0-2 \\(alice/hello #${ids.A}\\)`));
    });

    it('opens the details of a task', async () => {
      const ref = { buildId: ids.A, chroot: 'fedora-40-aarch64' };
      await vscode.commands.executeCommand('copr.showTaskDetails', ref);
      const html = await waitFor('the details page', () => {
        const h = api.taskActions.panels.lastHtml(ref);
        return h && h.includes('fedora-40-aarch64') && h.includes(String(ids.A)) ? h : undefined;
      }, 20_000);
      assert.match(html, /failed/);
      assert.match(html, /hello/);
    });

    it('Copy Git Hash copies what /backend/get-build-task says', async () => {
      const backend = (await (await fetch(`${server.url}/backend/get-build-task/${ids.G}-fedora-40-aarch64`)).json()) as { git_hash: string };
      assert.match(backend.git_hash, /^[0-9a-f]{40}$/);
      await vscode.env.clipboard.writeText('before');
      const copied = await vscode.commands.executeCommand<string | undefined>('copr.copyGitHash', { buildId: ids.G, chroot: 'fedora-40-aarch64' });
      assert.equal(copied, backend.git_hash);
      assert.equal(await vscode.env.clipboard.readText(), backend.git_hash);
    });

    // Last on purpose: it changes the server (build A), which nothing after it reads. Only main is asked to cancel.
    if (apiVersion === 'v3') it('a build canceled on Copr with a chroot still running reads canceled, and that chroot "not built"', async () => {
      const res = await fetch(`${server.url}/api_3/build/cancel/${ids.A}`, {
        method: 'PUT',
        headers: { Authorization: `Basic ${Buffer.from('alicelogin:alicetoken').toString('base64')}` },
      });
      assert.equal(res.status, 200, await res.text());
      const served = (await (await fetch(`${server.url}/api_3/build-chroot/list?build_id=${ids.A}`)).json()) as { items: Array<{ state: string }> };
      assert.deepEqual(served.items.map((c) => c.state), ['succeeded', 'failed', 'running'], 'Copr leaves the chroots as they were');
      await api.scheduler.refresh();
      const hello = projects.find((r) => r.label === 'alice/hello')?.node;
      const row = await waitFor('build A canceled in the tree', async () => {
        await api.scheduler.refresh();
        const r = (await children(api, hello)).find((x) => x.label.startsWith(`#${ids.A} `));
        return r?.description.startsWith('canceled') ? r : undefined;
      }, 30_000);
      assert.equal(row.description, 'canceled · 1 failed · 1 not built');
      assert.equal(row.icon, 'circle-slash');
      const chroots = await children(api, row.node);
      const rawhide = chroots.find((c) => c.label === 'fedora-rawhide-x86_64');
      assert.equal(rawhide?.description, 'running · not built: build canceled');
      assert.match(rawhide?.tooltip.replace(/\\(.)/g, '$1') ?? '', /not built: build canceled/);
      assert.match(row.tooltip.replace(/\\(.)/g, '$1'), /The build was canceled: 1 chroots will not be built/);
    });
  });
}
