// Issue 20 (5, 7): automatic log fetches go only to the Copr host or the storage hosts it names (repo_url,
// chroot_repos), over https (http only on loopback when copr.url is loopback); redirects are followed by hand and
// checked like the first URL; a gzip bomb stops at the decoded-size cap. Real HTTP on 127.0.0.1: the simulator, plus a
// small server in this file that redirects and counts what reaches it (the "attacker"), never a mocked fetch.
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { CoprClient } from '../../../src/api/client';
import { CoprError } from '../../../src/api/errors';
import { streamLog } from '../../../src/api/logFetch';
import { isNonPublicAddress, LogHostPolicy } from '../../../src/api/logHosts';
import type { BuildTask } from '../../../src/api/types';
import { taskLogUrls } from '../../../src/api/urls';
import { startSimulator, type SimulatorHandle } from '../../copr-sim';

interface Local {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** A server on 127.0.0.1 that answers by path: /to/<url-encoded target> redirects, *.gz a gzip bomb, else text. */
async function localServer(bomb?: Buffer): Promise<Local> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const path = req.url ?? '/';
    if (path.startsWith('/to/')) {
      res.writeHead(302, { Location: decodeURIComponent(path.slice(4)) });
      res.end();
    } else if (path.endsWith('.gz') && bomb) {
      res.writeHead(200, { 'Content-Type': 'application/gzip' });
      res.end(bomb);
    } else {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(`log at ${path}\n`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const refused = (host: string) => (e: unknown) => e instanceof CoprError && e.kind === 'invalid-argument' && e.message.includes(host);

describe('security: where logs are fetched from', function () {
  this.timeout(60_000);

  describe('the policy', () => {
    it('the Copr host and the storage its own data names, over https; nothing private, no plain http', () => {
      const p = new LogHostPolicy('https://copr.example.org');
      p.learnFrom({ items: [{ repo_url: 'https://download.copr.example.org/results/@g/p' }, { chroot_repos: { 'fedora-rawhide-x86_64': 'https://pulp.example.net/x/' } }] });
      p.learnFrom({ repo_url: 'https://169.254.169.254/results/x' });
      p.learnFrom({ repo_url: 'https://10.0.0.7/results/x' });
      p.learnFrom({ repo_url: 'http://plain.example.org/results/x' });
      assert.deepEqual(p.knownHosts.sort(), ['copr.example.org', 'download.copr.example.org', 'pulp.example.net']);
      assert.ok(p.check('https://download.copr.example.org/results/@g/p/fedora-rawhide-x86_64/00000001-x/builder-live.log.gz').ok);
      assert.ok(p.check('https://copr.example.org/results/x/').ok);
      for (const bad of [
        'https://169.254.169.254/latest/meta-data/',
        'https://10.0.0.7/results/x',
        'http://download.copr.example.org/results/x',
        'https://evil.example.com/results/x',
        'https://127.0.0.1/results/x',
        'https://u:p@download.copr.example.org/x',
        'file:///etc/passwd',
      ]) {
        const c = p.check(bad);
        assert.equal(c.ok, false, bad);
      }
      const c = p.check('https://evil.example.com/results/x');
      assert.ok(!c.ok && c.host === 'evil.example.com' && c.reason.includes('evil.example.com'));
      p.allow('evil.example.com');
      assert.ok(p.check('https://evil.example.com/results/x').ok, 'allowed after a click');
    });

    it('plain http only to loopback, and only when copr.url is loopback; another port is another host', () => {
      const local = new LogHostPolicy('http://127.0.0.1:5000');
      assert.ok(local.check('http://127.0.0.1:5000/results/x').ok);
      assert.equal(local.check('http://127.0.0.1:6000/results/x').ok, false);
      local.learnFrom({ repo_url: 'http://127.0.0.1:6000/results/p' });
      assert.ok(local.check('http://127.0.0.1:6000/results/x').ok);
      local.learnFrom({ repo_url: 'http://192.168.1.1/results/p' });
      assert.equal(local.check('http://192.168.1.1/results/x').ok, false);
    });

    it('non-public addresses', () => {
      for (const h of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '[::1]', '[fe80::1]', '[fd00::1]', '[::ffff:10.0.0.1]', 'localhost', 'a.localhost']) {
        assert.ok(isNonPublicAddress(h), h);
      }
      for (const h of ['8.8.8.8', 'copr.fedorainfracloud.org', '[2001:db8::1]', '172.32.0.1']) assert.ok(!isNonPublicAddress(h), h);
    });
  });

  describe('over HTTP', () => {
    let sim: SimulatorHandle;
    let attacker: Local;
    let relay: Local;
    before(async () => {
      sim = await startSimulator({ world: 'empty', api: 'both' });
      attacker = await localServer();
      relay = await localServer(gzipSync(Buffer.alloc(64 * 1024 * 1024, 'a')));
    });
    after(async () => {
      await sim.close();
      await attacker.close();
      await relay.close();
    });

    it('triage: a failed chroot whose result_dir_url names another host is not fetched; the server\'s own is', async () => {
      const id = sim.world.addBuild({
        owner: 'sec', project: 'hosts', chroots: ['fedora-rawhide-x86_64', 'epel-9-x86_64'], outcome: { 'fedora-rawhide-x86_64': 'failed', 'epel-9-x86_64': 'failed' },
        resultDirUrl: { 'fedora-rawhide-x86_64': `${attacker.url}/results/sec/hosts/x/` }, durationSeconds: 60,
      });
      sim.clock.advance(400);
      for (const api of ['v3', 'v2'] as const) {
        const client = new CoprClient({ baseUrl: sim.url, apiVersion: api });
        const tasks = await client.listBuildTasks({ buildId: id });
        const foreign = tasks.find((t) => t.chroot_name === 'fedora-rawhide-x86_64');
        const own = tasks.find((t) => t.chroot_name === 'epel-9-x86_64');
        assert.ok(foreign?.result_dir_url?.startsWith(attacker.url) && own?.result_dir_url?.startsWith(sim.url));
        await assert.rejects(client.fetchLog(taskLogUrls(foreign as BuildTask).builderLive as string), refused(new URL(attacker.url).host));
        const text = (await client.fetchLog(taskLogUrls(own as BuildTask).builderLive as string)).text;
        assert.ok(text.length > 0);
      }
      assert.deepEqual(attacker.requests, [], 'nothing reached the other host');
    });

    it('a redirect to another host is refused before it is followed, for triage and for log documents', async () => {
      const client = new CoprClient({ baseUrl: relay.url, apiVersion: 'v3' });
      const out = `${relay.url}/to/${encodeURIComponent(`${attacker.url}/stolen/builder-live.log`)}`;
      await assert.rejects(client.fetchLog(out), refused(new URL(attacker.url).host));
      await assert.rejects(streamLog(out, () => undefined, { userAgent: 'copr-vscode/test', policy: client.logHosts }), refused(new URL(attacker.url).host));
      const meta = `${relay.url}/to/${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}`;
      await assert.rejects(client.fetchLog(meta), (e: unknown) => e instanceof CoprError && e.kind === 'invalid-argument');
      assert.deepEqual(attacker.requests, []);
      // A redirect within the server's own host is followed.
      const inside = `${relay.url}/to/${encodeURIComponent('/results/moved/builder-live.log')}`;
      assert.equal((await client.fetchLog(inside)).text, 'log at /results/moved/builder-live.log\n');
      let text = '';
      await streamLog(inside, (t) => (text += t), { userAgent: 'copr-vscode/test', policy: client.logHosts });
      assert.equal(text, 'log at /results/moved/builder-live.log\n');
    });

    it('a gzip bomb (64 MB from 64 KB) stops at the decoded cap and says so', async () => {
      let chars = 0;
      const cap = 8 * 1024 * 1024;
      const r = await streamLog(`${relay.url}/results/bomb/builder-live.log.gz`, (t) => (chars += t.length), { userAgent: 'copr-vscode/test', maxChars: cap });
      assert.equal(r.kind, 'ok');
      assert.ok(r.kind === 'ok' && r.incomplete && /longer than 8 MB once decompressed/.test(r.note ?? ''), JSON.stringify(r));
      assert.ok(chars >= cap && chars < cap + 1024 * 1024, `${chars} characters decoded`);
    });
  });
});
