// The Build Tasks tree inside the real VS Code, read through its provider, against the simulator on both APIs.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSimulator, fixtures, type SimulatorHandle } from '../copr-sim';
import type { CoprTestApi } from '../../src/testApi';
import { children, configure, extensionApi, resetSettings, waitFor, type RowView } from './support';

const { BUILDS } = fixtures;

async function roots(api: CoprTestApi, what: string, ok: (rows: RowView[]) => boolean): Promise<RowView[]> {
  return waitFor(what, async () => {
    const rows = await children(api);
    return ok(rows) ? rows : undefined;
  });
}
const byLabel = (rows: RowView[], prefix: string) => rows.find((r) => r.label.startsWith(prefix));

describe('Build Tasks tree', function () {
  let sim: SimulatorHandle;
  let api: CoprTestApi;

  before(async () => {
    sim = await startSimulator({ api: 'both' });
    api = await extensionApi();
  });
  after(async () => {
    await resetSettings();
    await sim.close();
  });

  it('shows nothing (the welcome view) while nothing is configured', async () => {
    await resetSettings();
    const rows = await roots(api, 'an empty tree', (r) => r.length === 0);
    assert.deepEqual(rows, []);
  });

  it('lists one project\'s builds at the top level, newest first, with state in words and icons', async () => {
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/tools'] });
    const rows = await roots(api, 'alice/tools builds', (r) => !!byLabel(r, `#${BUILDS.running.id}`));
    const ids = rows.filter((r) => r.label.startsWith('#')).map((r) => Number(r.label.slice(1).split(' ')[0]));
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
    const running = byLabel(rows, `#${BUILDS.running.id}`)!;
    assert.equal(running.label, `#${BUILDS.running.id} python-tools 1.4.0-1`);
    assert.match(running.description, /running/);
    assert.equal(running.icon, 'sync~spin');
    assert.match(running.contextValue!, /\bbuild\b/);
    assert.match(running.tooltip, /alice/);
    const canceled = byLabel(rows, `#${BUILDS.canceled.id}`)!;
    assert.match(canceled.description, /^canceled/);
    assert.equal(canceled.icon, 'circle-slash');
    const skipped = byLabel(rows, `#${BUILDS.skipped.id}`)!;
    assert.match(skipped.description, /skipped · 5\/5 done/);
    const forked = byLabel(rows, `#${BUILDS.forked.id}`)!;
    assert.match(forked.description, /forked/);
  });

  it('expands a build into one row per chroot with state, duration and context tokens', async () => {
    const rows = await children(api);
    const running = byLabel(rows, `#${BUILDS.running.id}`)!;
    const tasks = await children(api, running.node);
    assert.deepEqual(tasks.map((t) => t.label), BUILDS.running.chroots.map((c) => c.name));
    const x86 = tasks.find((t) => t.label === 'fedora-rawhide-x86_64')!;
    assert.match(x86.description, /running for/);
    assert.match(x86.contextValue!, /\btask\b.*\bhas-result-dir\b/);
    assert.match(x86.contextValue!, /\bactive\b/);
    const pending = tasks.find((t) => t.label === 'fedora-rawhide-s390x')!;
    assert.match(pending.description, /pending/);
    assert.doesNotMatch(pending.contextValue!, /has-result-dir/);
    assert.match(x86.tooltip, /Result directory/);
    // Once the chroots are known, the build row shows progress.
    const again = byLabel(await children(api), `#${BUILDS.running.id}`)!;
    assert.match(again.description, /running · 0\/5 done/);
  });

  it('shows a canceled build\'s chroots that stay pending with no end time', async () => {
    const canceled = byLabel(await children(api), `#${BUILDS.canceled.id}`)!;
    const tasks = await children(api, canceled.node);
    const i386 = tasks.find((t) => t.label === 'fedora-rawhide-i386')!;
    assert.match(i386.description, /pending/);
    assert.match(i386.tooltip, /Ended: —/);
  });

  it('shows an importing build as one "importing sources" row', async () => {
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/hello'] });
    const rows = await roots(api, 'alice/hello builds', (r) => !!byLabel(r, `#${BUILDS.importing.id}`));
    const importing = byLabel(rows, `#${BUILDS.importing.id}`)!;
    assert.match(importing.description, /importing/);
    const tasks = await children(api, importing.node);
    assert.deepEqual(tasks.map((t) => t.label), ['importing sources']);
  });

  it('groups an owner\'s projects under the owner, and the same data arrives over API v2', async () => {
    for (const apiVersion of ['v3', 'v2']) {
      await configure({ url: sim.url, apiVersion, owner: 'alice', projects: ['bob/packit-demo'] });
      const rows = await roots(api, `owner + project roots (${apiVersion})`, (r) => r.length === 2 && r[0].label === 'alice');
      assert.deepEqual(rows.map((r) => r.label), ['alice', 'bob/packit-demo']);
      const projects = await waitFor(`alice's projects (${apiVersion})`, async () => {
        const p = await children(api, rows[0].node);
        return p.some((r) => r.label === 'alice/tools') ? p : undefined;
      });
      assert.ok(projects.some((p) => p.label === 'alice/hello'));
      const tools = projects.find((p) => p.label === 'alice/tools')!;
      const builds = await waitFor(`alice/tools builds (${apiVersion})`, async () => {
        const b = await children(api, tools.node);
        return byLabel(b, `#${BUILDS.running.id}`) ? b : undefined;
      });
      const running = byLabel(builds, `#${BUILDS.running.id}`)!;
      const tasks = await children(api, running.node);
      assert.equal(tasks.length, 5, apiVersion);
      const packit = await waitFor(`packit builds (${apiVersion})`, async () => {
        const b = await children(api, rows[1].node);
        return byLabel(b, `#${BUILDS.packit.id}`) ? b : undefined;
      });
      // v2 build records carry no directory name; v3 tells Packit PR directories apart.
      if (apiVersion === 'v3') assert.match(byLabel(packit, `#${BUILDS.packit.id}`)!.tooltip, /packit\\?-demo:pr:42/);
    }
  });

  it('says how many builds a project row shows, in words that agree with the number ("1 build shown")', async () => {
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/failures', 'alice/tools'], maxBuilds: 1 });
    const rows = await roots(api, 'two project rows with their counts', (r) => r.length === 2 && r.every((x) => /shown/.test(x.description)));
    assert.deepEqual(rows.map((r) => r.description), ['1 build shown', '1 build shown']);
  });

  it('raising copr.maxBuilds shows more builds at once, without waiting for the next refresh of the project', async () => {
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/failures'], maxBuilds: 1 });
    await roots(api, 'one build', (r) => r.filter((x) => x.label.startsWith('#')).length === 1);
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/failures'], maxBuilds: 3 });
    await roots(api, 'three builds', (r) => r.filter((x) => x.label.startsWith('#')).length === 3);
  });

  it('pages with "Load more…" after maxBuilds builds', async () => {
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/failures'], maxBuilds: 2 });
    const first = await roots(api, 'two builds and load more', (r) => r.filter((x) => x.label.startsWith('#')).length === 2);
    const more = first.find((r) => r.label === 'Load more…');
    assert.ok(more, 'a Load more… row');
    await vscode.commands.executeCommand('copr.loadMore', 'alice/failures');
    const next = await roots(api, 'four builds', (r) => r.filter((x) => x.label.startsWith('#')).length === 4);
    assert.equal(next.filter((x) => x.label.startsWith('#')).length, 4);
  });

  it('follows the state filter setting', async () => {
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/tools'], stateFilter: ['skipped'] });
    const rows = await roots(api, 'only skipped builds', (r) => r.length > 0 && r.every((x) => !x.label.startsWith('#') || x.label.startsWith(`#${BUILDS.skipped.id}`)) && !!byLabel(r, `#${BUILDS.skipped.id}`));
    assert.ok(byLabel(rows, `#${BUILDS.skipped.id}`));
    assert.equal(byLabel(rows, `#${BUILDS.running.id}`), undefined);
  });

  it('keeps the last good tree and adds an error row when a refresh fails', async () => {
    await configure({ url: sim.url, apiVersion: 'v3', projects: ['alice/tools'] });
    await roots(api, 'alice/tools builds', (r) => !!byLabel(r, `#${BUILDS.running.id}`));
    const fault = sim.faults.add({ path: '/api_3/build/list', kind: 'html502' });
    try {
      await vscode.commands.executeCommand('copr.refresh');
      const rows = await roots(api, 'an error row above the kept builds', (r) => r.some((x) => x.contextValue?.includes('error')));
      assert.ok(byLabel(rows, `#${BUILDS.running.id}`), 'the builds are still there');
      const error = rows.find((x) => x.contextValue?.includes('error'))!;
      assert.match(error.label, /502|gateway|HTML/i);
      assert.equal(rows.filter((x) => x.contextValue?.includes('error')).length, 1, 'one message per outage');
    } finally {
      sim.faults.remove(fault);
    }
    await vscode.commands.executeCommand('copr.refresh');
    await roots(api, 'the error row gone after recovery', (r) => !r.some((x) => x.contextValue?.includes('error')) && !!byLabel(r, `#${BUILDS.running.id}`));
  });
});
