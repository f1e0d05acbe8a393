// Hostile data from the server, over real HTTP on both APIs: markup in names, dangerous or huge result URLs, a git
// hash that is not hex, a 50 MB body, deeply nested JSON, 10,000 chroots. Escaped, refused or capped — never
// executed, never a hang, memory bounded.
import * as assert from 'node:assert/strict';
import { CoprClient } from '../../../src/api/client';
import { CoprError } from '../../../src/api/errors';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../../src/api/http';
import type { Build, BuildTask } from '../../../src/api/types';
import { taskLogUrls } from '../../../src/api/urls';
import { detailsData } from '../../../src/details/detailsModel';
import { isValidGitHash } from '../../../src/details/gitHash';
import { checkExternalUrl } from '../../../src/details/linkPolicy';
import { renderDetails } from '../../../src/details/renderDetails';
import { startSimulator, type SimulatorHandle } from '../../copr-sim';
import { Rig } from './rig';
import { passed } from './tally';

const MARKUP = '<img src=x onerror=alert(1)>';
const SCRIPT = '"><script>alert(2)</script>';
const SAFE_CHROOT = 'fedora-rawhide-x86_64';
const MARKUP_CHROOT = `${MARKUP}-x86_64`;
const BAD_URLS: Record<string, string> = {
  'javascript-url': 'javascript:alert(document.cookie)',
  'data-url': 'data:text/html,<script>alert(1)</script>',
  'file-url': 'file:///etc/passwd',
  'long-url': `https://example.org/${'a'.repeat(10_000)}`,
};
const CHROOTS = [SAFE_CHROOT, MARKUP_CHROOT, ...Object.keys(BAD_URLS)];
const BAD_HASH = 'not-a-hash"; rm -rf / #<b>';

function render(build: Build, task: BuildTask, tasks: BuildTask[], gitHash: string | null): string {
  return renderDetails({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abcdefghijklmnopqrstuvwxyz012345',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/media/details.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/media/details.css',
    data: detailsData({ buildId: build.id, chroot: task.chroot_name, task, build, tasks, reason: `failed: ${MARKUP}`, fetchedGitHash: gitHash, buildUrl: undefined, nowSeconds: build.submitted_on + 1000 }),
  });
}

function page0(build: Build, tasks: BuildTask[]): string {
  return render(build, tasks[0] as BuildTask, tasks, null);
}

/** No markup from the server survives as markup: one script (ours), no handler attribute, no dangerous link. */
function assertInert(page: string): void {
  assert.equal([...page.matchAll(/<script\b/gi)].length, 1, 'only the page\'s own script');
  assert.doesNotMatch(page, /<img\b/i);
  // Quoted attribute values are data (escaped); what is left of each tag must hold no handler attribute.
  const tags = [...page.matchAll(/<[a-z][^>]*>/gi)].map((m) => m[0].replace(/"[^"]*"/g, '""'));
  assert.deepEqual(tags.filter((t) => /\son\w+\s*=/i.test(t)), [], 'no event handler attribute in any tag');
  assert.doesNotMatch(page, /(href|src)\s*=\s*["']?\s*(javascript|data|file):/i);
  assert.ok(page.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the name is shown, as text');
}

describe('reliability: hostile data from the server', function () {
  this.timeout(120_000);
  let sim: SimulatorHandle;
  let id: number;
  before(async () => {
    sim = await startSimulator({ world: 'empty', api: 'both' });
    sim.world.addProject('eve', 'evil', CHROOTS);
    id = sim.world.addBuild({
      owner: 'eve', project: 'evil', package: MARKUP, version: SCRIPT, submitter: MARKUP, chroots: CHROOTS,
      resultDirUrl: BAD_URLS, gitHash: BAD_HASH, outcome: { [MARKUP_CHROOT]: 'failed' }, durationSeconds: 60,
    });
    sim.clock.advance(400);
  });
  after(() => sim.close());

  for (const api of ['v3', 'v2'] as const) {
    it(`${api}: names stay text, dangerous and huge URLs are dropped, a bad git hash is never used`, async () => {
      const client = new CoprClient({ baseUrl: sim.url, apiVersion: api });
      const build = await client.getBuild(id);
      const tasks = await client.listBuildTasks({ buildId: id });
      if (api === 'v3') {
        assert.equal(build.package_name, MARKUP, 'kept verbatim as data; escaping is the views\' job');
        assert.equal(build.package_version, SCRIPT);
        assert.equal(build.submitter, MARKUP);
      }
      assert.deepEqual(tasks.map((t) => t.chroot_name).sort(), [...CHROOTS].sort());
      for (const t of tasks) {
        if (t.chroot_name in BAD_URLS) {
          assert.equal(t.result_dir_url, null, `${t.chroot_name}: refused`);
          assert.equal(checkExternalUrl(BAD_URLS[t.chroot_name]).ok, false, `${t.chroot_name}: never opened`);
          assert.deepEqual(Object.values(taskLogUrls(t)).filter(Boolean), [], 'no log URL from it');
        } else {
          assert.match(t.result_dir_url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/results\//);
        }
      }
      const hash = api === 'v2' ? (tasks[0]?.git_hash ?? null) : await client.getGitHash(id, SAFE_CHROOT);
      assert.equal(hash, BAD_HASH, 'what the server said');
      assert.equal(isValidGitHash(hash), false, 'but never copied');
      for (const t of tasks) {
        const page = render(build, t, tasks, hash);
        assertInert(page);
        assert.ok(!page.includes(BAD_HASH) && page.includes('not a valid hash'));
        assert.ok(!page.includes('a'.repeat(3000)), 'the 10,000-character URL is not in the page');
      }
      for (const name of ['html-package', 'html-version', 'html-submitter', 'html-chroot', 'non-hex-git-hash', ...Object.keys(BAD_URLS)]) passed('hostile', `${name}`);
    });
  }

  for (const declareLength of [true, false]) {
    it(`refuses a 50 MB JSON body ${declareLength ? 'by its Content-Length' : 'sent chunked, at the cap'}, memory bounded`, async () => {
      const client = new CoprClient({ baseUrl: sim.url, apiVersion: 'v3' });
      sim.requests.reset();
      sim.faults.add({ path: `/api_3/build/${id}`, kind: 'huge', declareLength, times: 1 });
      const error = await client.getBuild(id).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof CoprError, String(error));
      assert.equal(error.kind, 'invalid-response');
      assert.match(error.message, /too large to handle \(over 20 MB\); refused/);
      // The client stopped reading at its cap; the server noticed and stopped sending.
      await new Promise((r) => setTimeout(r, 300));
      const sent = sim.requests.list().find((r) => r.path === `/api_3/build/${id}`)?.bytes ?? 0;
      assert.ok(sent < DEFAULT_MAX_RESPONSE_BYTES + 16 * 1024 * 1024, `${(sent / 1048576).toFixed(1)} MB sent of 50`);
      assert.equal((await client.getBuild(id)).id, id, 'the next request is fine');
      passed('hostile', declareLength ? '50MB-json' : '50MB-json-chunked');
    });
  }

  it('refuses deeply nested JSON without exhausting the stack', async () => {
    const client = new CoprClient({ baseUrl: sim.url, apiVersion: 'v3' });
    sim.faults.add({ path: `/api_3/build/${id}`, kind: 'deep', depth: 1_000_000, times: 1 });
    const error = await client.getBuild(id).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof CoprError, String(error));
    assert.equal(error.kind, 'invalid-response');
    assert.match(error.message, /nested deeper than 64 levels/);
    passed('hostile', 'deep-json');
  });

  it('monitors a build of 10,000 chroots without a hang: every chroot listed, tasks read a page at a time', async () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `fedora-${i}-x86_64`);
    sim.world.addProject('eve', 'wide', names);
    const wide = sim.world.addBuild({ owner: 'eve', project: 'wide', chroots: names, outcome: { 'fedora-9999-x86_64': 'failed' }, durationSeconds: 120 });
    const rig = await Rig.create(sim, { scopes: [{ kind: 'project', owner: 'eve', project: 'wide' }] });
    try {
      await rig.start();
      await rig.runUntil('the wide build', () => rig.store.tasks(wide) !== undefined, 300);
      const build = rig.store.build(wide);
      assert.equal(build?.chroots.length, 10_000);
      const tasks = rig.store.tasks(wide) ?? [];
      console.log(`      10,000 chroots: ${tasks.length} tasks read, details page ${(page0(build as Build, tasks).length / 1e6).toFixed(1)} MB`);
      assert.ok(tasks.length >= 1 && tasks.length <= 10_000, `${tasks.length} tasks`);
      const page = render(build as Build, tasks[0] as BuildTask, tasks, null);
      assert.ok(page.length < 1000 * 10_000, `the details page grows at most linearly: ${page.length} characters`);
      assert.deepEqual(rig.healthStates(), []);
      passed('hostile', '10k-chroots');
    } finally {
      await rig.dispose();
    }
  });
});
