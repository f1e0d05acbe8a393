// "This workspace" in the real VS Code against the simulator: discovery reads fixture workspaces (copied to a temp
// folder, dot-git → .git) through vscode.workspace.fs, the tree shows the projects with their reasons and only the
// workspace's packages' builds, Packit PRs newest first with the current branch's marked, one row per problem.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { startSimulator, fixtures, type SimulatorHandle } from '../copr-sim';
import type { CoprTestApi } from '../../src/testApi';
import { children, configure, extensionApi, resetSettings, waitFor, type RowView } from './support';

const FIXTURES = resolve(__dirname, '../../../test/fixtures/discovery');
const { BUILDS } = fixtures;

function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `copr-discovery-${name}-`));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  if (existsSync(join(dir, 'dot-git'))) renameSync(join(dir, 'dot-git'), join(dir, '.git'));
  return dir;
}

async function workspaceRows(api: CoprTestApi, what: string, ok: (rows: RowView[]) => boolean, timeoutMs = 10_000): Promise<RowView[]> {
  return waitFor(what, async () => {
    const roots = await children(api);
    const root = roots.find((r) => r.label === 'This workspace');
    if (!root) return undefined;
    const rows = await children(api, root.node);
    return ok(rows) ? rows : undefined;
  }, timeoutMs);
}

describe('This workspace (discovery)', function () {
  let sim: SimulatorHandle;
  let api: CoprTestApi;
  const temps: string[] = [];
  const use = async (name: string) => {
    const dir = copyFixture(name);
    temps.push(dir);
    await api.discovery.useFolders([vscode.Uri.file(dir)]);
    return dir;
  };

  before(async () => {
    sim = await startSimulator({ api: 'v3' });
    api = await extensionApi();
    // Only the server: no owner, no projects (zero configuration).
    await configure({ url: sim.url, apiVersion: 'v3' });
  });
  after(async () => {
    await api.discovery.useFolders(undefined);
    await resetSettings();
    await sim.close();
    for (const t of temps) rmSync(t, { recursive: true, force: true });
  });

  it('with no configured scope, a Packit config with owner/project shows the project, why, its PR directory (current branch) and its package\'s builds', async () => {
    await use('packit-explicit');
    const roots = await waitFor('the root', async () => {
      const r = await children(api);
      return r[0]?.label === 'This workspace' ? r : undefined;
    });
    assert.equal(roots.length, 1, 'only the workspace root: nothing is configured');
    assert.equal(roots[0].description, 'packit-demo');
    const rows = await workspaceRows(api, 'bob/packit-demo', (r) => r.some((x) => x.label === 'bob/packit-demo'));
    const project = rows.find((x) => x.label === 'bob/packit-demo')!;
    assert.equal(project.description, 'from .packit.yaml, copr_build on pull_request (+1)');
    assert.match(project.tooltip, /copr_build on commit/);
    const inside = await waitFor('builds of packit-demo', async () => {
      const r = await children(api, project.node);
      return r.some((x) => x.label.startsWith('PR #42')) && r.some((x) => x.label.startsWith(`#${BUILDS.packitMain.id}`)) ? r : undefined;
    });
    const pr = inside.find((x) => x.label === 'PR #42')!;
    assert.equal(pr.description, 'bob/packit-demo:pr:42 · current branch');
    const prBuilds = await children(api, pr.node);
    assert.deepEqual(prBuilds.map((b) => b.label.split(' ')[0]), [`#${BUILDS.packit.id}`]);
    for (const b of inside.filter((x) => x.label.startsWith('#'))) assert.match(b.label, / packit-demo /, 'only the workspace package\'s builds');
    // Filtered by Copr itself: the project's page is asked with packagename (same request count as any project).
    assert.ok(sim.requests.list().some((r) => r.path.startsWith('/api_3/build/list?ownername=bob&projectname=packit-demo') && r.path.includes('packagename=packit-demo')));
  });

  it('the user\'s configured scopes stay as they are, below the workspace root', async () => {
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/tools', 'bob/packit-demo'] });
    const roots = await waitFor('both roots', async () => {
      const r = await children(api);
      return r.length === 3 ? r : undefined;
    });
    // (The scheduler keeps scopes in the order they first appeared: bob/packit-demo was the workspace's first.)
    assert.deepEqual([roots[0].label, ...roots.slice(1).map((r) => r.label).sort()], ['This workspace', 'alice/tools', 'bob/packit-demo']);
    const project = (await workspaceRows(api, 'project row', (r) => r.length > 0)).find((x) => x.label === 'bob/packit-demo')!;
    const inside = await children(api, project.node);
    assert.deepEqual(inside.map((r) => r.label), ['Its builds are listed under bob/packit-demo in your projects'], 'a build row exists once in the tree');
    await configure({ url: sim.url, apiVersion: 'v3' });
  });

  it('Packit defaults: PR projects found with one search, newest first, the current commit\'s PR marked; a missing project is one row; requests counted', async () => {
    sim.world.addProject('packit', 'acme-hello-7', ['fedora-rawhide-x86_64']);
    sim.world.addProject('packit', 'acme-hello-12', ['fedora-rawhide-x86_64']);
    sim.world.addBuild({ owner: 'packit', project: 'acme-hello-7', package: 'hello', version: '2.12-1.20260105.fix-greeting.1.g1a2b3c4' });
    sim.world.addBuild({ owner: 'packit', project: 'acme-hello-12', package: 'hello', version: '2.12-1.20260106.other.1.g9999999' });
    sim.world.addBuild({ owner: 'packit', project: 'acme-hello-main', package: 'hello', version: '2.12-1.20260104.main.3.g0000000' });
    sim.clock.advance(120); // past their import: a build has no package name or version before it
    await api.scheduler.whenIdle();
    sim.requests.reset();
    const before = api.discovery.requests;
    await use('packit-defaults');
    const rows = await workspaceRows(api, 'three rows', (r) => r.length === 3);
    assert.deepEqual(rows.map((r) => r.label), ['packit/acme-hello-main', 'packit/acme-hello-releases', 'Pull requests in packit/acme-hello-<n>']);
    assert.equal(rows[0].description, 'from .packit.yaml, copr_build on commit');
    assert.equal(rows[2].description, 'from .packit.yaml, copr_build on pull_request');
    const prs = await waitFor('PR rows', async () => {
      const r = await children(api, rows[2].node);
      return r.length === 2 && r.some((x) => x.description.endsWith('current branch')) ? r : undefined;
    });
    assert.deepEqual(prs.map((r) => [r.label, r.description]), [['PR #12', 'packit/acme-hello-12'], ['PR #7', 'packit/acme-hello-7 · current branch']]);
    const missing = await waitFor('the missing project row', async () => {
      const r = await children(api, rows[1].node);
      return r[0]?.contextValue === 'message error' ? r : undefined;
    });
    assert.equal(missing[0].label, 'packit/acme-hello-releases does not exist, or is private or deleted');
    const main = await waitFor('main builds', async () => {
      const r = await children(api, rows[0].node);
      return r.some((x) => x.label.includes(' hello ')) ? r : undefined;
    });
    assert.ok(main.length >= 1);
    await api.scheduler.whenIdle();
    await api.discovery.whenIdle();
    // What the 3-job config cost: the PR search, then one newest-builds page per project followed (main, releases,
    // the two newest PRs), then the chroots of builds still active.
    const paths = sim.requests.list().map((r) => r.path.split('?')[0]);
    const search = paths.filter((p) => p.startsWith('/api_3/project/search')).length;
    const pages = paths.filter((p) => p.startsWith('/api_3/build/list')).length;
    console.log(`      discovery requests for the 3-job Packit config: ${api.discovery.requests - before} search; first cycle: ${paths.length} requests (${pages} build/list, ${search} project/search): ${[...new Set(paths)].join(', ')}`);
    assert.equal(api.discovery.requests - before, 1);
    assert.equal(search, 1);

    // A PR opened since: Copr: Refresh asks again (one more search) and its row comes first.
    sim.world.addProject('packit', 'acme-hello-15', ['fedora-rawhide-x86_64']);
    await api.scheduler.refresh();
    const again = await waitFor('PR #15', async () => {
      const r = await children(api, rows[2].node);
      return r[0]?.label === 'PR #15' ? r : undefined;
    });
    assert.deepEqual(again.map((r) => r.label), ['PR #15', 'PR #12', 'PR #7']);
    assert.equal(api.discovery.requests - before, 2);
  });

  it('garbage YAML: one row per problem, no exception; a fixed file re-runs discovery by itself (file watcher)', async () => {
    const dir = await use('garbage');
    const rows = await workspaceRows(api, 'two problem rows', (r) => r.length === 2);
    assert.match(rows[0].label, /^\.packit\.yaml: not a Packit config: not valid YAML/);
    assert.equal(rows[0].contextValue, 'message error');
    assert.equal(rows[1].label, 'packit.yml: ignored: Packit reads .packit.yaml first');
    writeFileSync(join(dir, '.packit.yaml'), 'downstream_package_name: packit-demo\njobs:\n- job: copr_build\n  trigger: commit\n  owner: bob\n  project: packit-demo\n');
    const fixed = await workspaceRows(api, 'the fixed config', (r) => r.some((x) => x.label === 'bob/packit-demo'), 15_000);
    assert.deepEqual(fixed.map((r) => r.label), ['packit.yml: ignored: Packit reads .packit.yaml first', 'bob/packit-demo']);
  });

  it('monorepo: one project for both packages (not narrowed: two packages), the PR job in Packit\'s namespace; an empty namespace is one row', async () => {
    sim.world.addProject('@copr', 'copr-dev', ['fedora-rawhide-x86_64']);
    sim.world.addBuild({ owner: '@copr', project: 'copr-dev', package: 'python-copr', version: '2.0-1' });
    sim.world.addBuild({ owner: '@copr', project: 'copr-dev', package: 'copr-frontend', version: '2.0-1' });
    sim.world.addBuild({ owner: '@copr', project: 'copr-dev', package: 'copr-cli', version: '2.0-1' });
    sim.clock.advance(120);
    sim.requests.reset();
    await use('monorepo');
    const rows = await workspaceRows(api, 'two rows', (r) => r.length === 2);
    assert.deepEqual(rows.map((r) => [r.label, r.description]), [
      ['@copr/copr-dev', 'from .packit.yaml, copr_build on commit'],
      ['Pull requests in packit/fedora-copr-copr-<n>', 'from .packit.yaml, copr_build on pull_request'],
    ]);
    const builds = await waitFor('the two packages\' builds', async () => {
      const r = await children(api, rows[0].node);
      return r.length === 2 ? r : undefined;
    });
    assert.deepEqual(builds.map((b) => b.label.split(' ')[1]).sort(), ['copr-cli', 'python-copr'], 'copr-frontend is not this workspace\'s');
    assert.ok(!sim.requests.list().some((r) => r.path.includes('packagename=')), 'two packages: one unfiltered page, filtered here');
    const none = await waitFor('the empty namespace row', async () => {
      const r = await children(api, rows[1].node);
      return r[0]?.label.startsWith('No pull request') ? r : undefined;
    });
    assert.equal(none[0].label, 'No pull request of this repository has a project in packit');
  });

  it("spec diagnostics and triage use the same discovery: Packit's downstream_package_name names the spec at specfile_path", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'copr-discovery-spec-'));
    temps.push(dir);
    writeFileSync(join(dir, '.packit.yaml'), 'specfile_path: python-foo.spec\ndownstream_package_name: foo-in-fedora\njobs:\n- job: copr_build\n  trigger: commit\n  owner: bob\n  project: packit-demo\n');
    await api.discovery.useFolders([vscode.Uri.file(dir)]);
    // The integration workspace's own python-foo.spec (Name: python-foo) now also stands for foo-in-fedora.
    const spec = await waitFor('the extra name', async () => {
      const specs = await api.specDiagnostics.specs.specFiles();
      return specs.find((s) => s.uri.path.endsWith('/python-foo.spec') && s.names.includes('foo-in-fedora'));
    });
    assert.ok(spec.names.includes('python-foo'));
  });

  it("git remote: a package of the user's own projects built from this repository adds its project; at most 5 package/list pages, asked again only on Copr: Refresh", async () => {
    await configure({ url: sim.url, apiVersion: 'v3', owner: 'alice', projects: ['bob/empty'] });
    await api.scheduler.whenIdle();
    sim.requests.reset();
    const before = api.discovery.requests;
    await use('remote-only');
    // The owner's projects come from the scheduler's own project/list: the match may need its first cycle.
    const rows = await workspaceRows(api, 'alice/tools from the git remote', (r) => r.some((x) => x.label === 'alice/tools'), 20_000);
    assert.deepEqual(rows.map((r) => [r.label, r.description]), [['alice/tools', 'from the git remote github.com/alice/python-tools, package python-tools in alice/tools']]);
    assert.match(rows[0].tooltip, /Builds of: python-tools/);
    await api.scheduler.whenIdle();
    await api.discovery.whenIdle();
    const asked = () => sim.requests.list().filter((r) => r.path.startsWith('/api_3/package/list')).map((r) => new URLSearchParams(r.path.split('?')[1]));
    const first = asked();
    const names = first.map((q) => `${q.get('ownername')}/${q.get('projectname')}`);
    console.log(`      git remote match: ${first.length} package/list requests (${names.join(', ')}); discovery requests: ${api.discovery.requests - before}`);
    assert.ok(first.length >= 1 && first.length <= 5, `${first.length} package/list requests`);
    assert.equal(names[0], 'alice/tools', 'the project named like the repository is asked first');
    assert.equal(new Set(names).size, names.length, 'each project once: later runs use the session cache');
    assert.ok(first.every((q) => q.get('limit') === '100' && q.get('offset') === '0'), 'one page each');
    assert.equal(api.discovery.requests - before, first.length);

    await api.scheduler.refresh();
    await waitFor('the package lists asked again', () => asked().length === 2 * first.length, 15_000);
    await api.discovery.whenIdle();
    assert.equal(asked().length, 2 * first.length);
    await configure({ url: sim.url, apiVersion: 'v3' });
  });

  it('multi-root: two folders naming the same project give one row with every folder\'s reasons (Packit in one, the git remote too)', async () => {
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['bob/packit-demo'] });
    const app = copyFixture('packit-explicit');
    const tools = copyFixture('remote-only');
    temps.push(app, tools);
    await api.discovery.useFolders([vscode.Uri.file(app), vscode.Uri.file(tools)]);
    const rows = await workspaceRows(api, 'bob/packit-demo with the remote\'s reason', (r) => r.some((x) => x.tooltip.includes('git remote')), 20_000);
    assert.deepEqual(rows.map((r) => r.label), ['bob/packit-demo'], 'one row; alice/tools is not configured here, so the second folder\'s remote matches nothing');
    const folder = basename(app);
    assert.equal(rows[0].description, `from ${folder}/.packit.yaml, copr_build on pull_request (+2)`);
    assert.deepEqual(rows[0].tooltip.split('\n').slice(0, 4), [
      'bob/packit-demo',
      `from ${folder}/.packit.yaml, copr_build on pull_request`,
      `from ${folder}/.packit.yaml, copr_build on commit`,
      'from the git remote github.com/bob/packit-demo, package packit-demo in bob/packit-demo',
    ]);
    await configure({ url: sim.url, apiVersion: 'v3' });
  });

  it('what discovery costs: the 3-job Packit config plus a git remote matching a package of a configured project', async () => {
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/hello'] });
    // Start from an empty session cache, on a folder with nothing to ask about.
    const empty = mkdtempSync(join(tmpdir(), 'copr-discovery-empty-'));
    temps.push(empty);
    await api.discovery.useFolders([vscode.Uri.file(empty)]);
    api.discovery.refresh();
    await api.discovery.whenIdle();
    await api.scheduler.whenIdle();
    sim.requests.reset();
    const before = api.discovery.requests;
    await use('packit-defaults');
    const rows = await workspaceRows(api, 'alice/hello from the remote', (r) => r.some((x) => x.label === 'alice/hello'), 20_000);
    assert.deepEqual(rows.map((r) => r.label), ['packit/acme-hello-main', 'packit/acme-hello-releases', 'alice/hello', 'Pull requests in packit/acme-hello-<n>']);
    assert.equal(rows[2].description, 'from the git remote github.com/acme/hello, package hello in alice/hello');
    await api.scheduler.whenIdle();
    await api.discovery.whenIdle();
    const paths = sim.requests.list().map((r) => r.path.split('?')[0]);
    const count = (p: string) => paths.filter((x) => x === p).length;
    const own = api.discovery.requests - before;
    console.log(`      3-job Packit config + git remote: discovery ${own} requests (${count('/api_3/project/search')} project/search, ${count('/api_3/package/list')} package/list); with the first cycle ${paths.length} in all (${count('/api_3/build/list')} build/list, ${count('/api_3/build-chroot/list')} build-chroot/list)`);
    assert.equal(own, 2);
    assert.equal(count('/api_3/project/search'), 1);
    assert.equal(count('/api_3/package/list'), 1);
    await configure({ url: sim.url, apiVersion: 'v3' });
  });

  it('copr.workspaceDiscovery: false removes the root; true brings it back', async () => {
    await use('packit-explicit');
    await workspaceRows(api, 'the root', (r) => r.length > 0);
    await configure({ url: sim.url, apiVersion: 'v3', workspaceDiscovery: false });
    await waitFor('no root', async () => ((await children(api)).some((r) => r.label === 'This workspace') ? undefined : true));
    await configure({ url: sim.url, apiVersion: 'v3' });
    await workspaceRows(api, 'the root again', (r) => r.length > 0);
  });
});
