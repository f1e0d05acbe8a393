// "This workspace" against the REAL copr-frontend (main, API v3): a Packit config that builds alice/hello's PRs finds
// the seeded `hello:pr:42` directory (build G) as the current branch's PR row, the other builds of `hello` in the main
// directory, and the project search Packit's namespace needs answers as the simulator does (ILIKE on "owner/name").
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CoprClient } from '../../../src/api';
import type { CoprTestApi } from '../../../src/testApi';
import { children, configure, extensionApi, resetSettings, waitFor } from '../../integration/support';
import { helloBuildIds, realServer, type HelloBuild, type RealServer } from '../realCopr';

describe('This workspace against the real Copr (main, API v3)', function () {
  this.timeout(90_000);
  let api: CoprTestApi;
  let server: RealServer;
  let ids: Record<HelloBuild, number>;
  let folder: string;

  before(async () => {
    server = realServer('head');
    ids = await helloBuildIds(server);
    api = await extensionApi();
    folder = mkdtempSync(join(tmpdir(), 'copr-discovery-real-'));
    writeFileSync(join(folder, '.packit.yaml'), 'downstream_package_name: hello\njobs:\n- job: copr_build\n  trigger: pull_request\n  owner: alice\n  project: hello\n  targets: [fedora-40-x86_64]\n');
    mkdirSync(join(folder, '.git'));
    writeFileSync(join(folder, '.git', 'HEAD'), 'ref: refs/heads/pr/42\n');
    await configure({ url: server.url, apiVersion: 'v3' });
    await api.discovery.useFolders([vscode.Uri.file(folder)]);
  });
  after(async () => {
    await api.discovery.useFolders(undefined);
    await resetSettings();
    rmSync(folder, { recursive: true, force: true });
  });

  it('the project row says why; PR #42 (the current branch) holds build G; the main directory\'s builds follow', async () => {
    const project = await waitFor('alice/hello under This workspace', async () => {
      const root = (await children(api)).find((r) => r.label === 'This workspace');
      return root ? (await children(api, root.node)).find((r) => r.label === 'alice/hello') : undefined;
    }, 30_000);
    assert.equal(project.description, 'from .packit.yaml, copr_build on pull_request');
    const rows = await waitFor('PR #42 and the builds', async () => {
      const r = await children(api, project.node);
      return r[0]?.label === 'PR #42' && r.length > 1 ? r : undefined;
    }, 30_000);
    assert.equal(rows[0].description, 'alice/hello:pr:42 · current branch');
    const pr = await children(api, rows[0].node);
    assert.deepEqual(pr.map((r) => r.label.split(' ')[0]), [`#${ids.G}`]);
    const main = rows.slice(1).map((r) => Number(r.label.slice(1).split(' ')[0]));
    assert.deepEqual(main, (['D', 'C', 'A', 'B', 'E', 'F'] as HelloBuild[]).map((l) => ids[l]).sort((a, b) => b - a), 'newest first, G only under its PR');
  });

  it('project/search with "owner/name" is ILIKE on both, newest first; an owner without projects finds none', async () => {
    const client = new CoprClient({ baseUrl: server.url, apiVersion: 'v3' });
    assert.deepEqual((await client.searchProjects('alice', 'hel'))?.map((p) => p.full_name), ['alice/hello']);
    assert.deepEqual(await client.searchProjects('packit', 'acme-hello-'), []);
  });
});
