// /api_3/monitor through the real client: its decoder against an answer recorded from the real copr-frontend
// (main branch, /work/shared/real-copr), and the simulator's endpoint with the frontend's semantics.
import * as assert from 'node:assert/strict';
import { CoprClient } from '../../../src/api/client';
import { CoprError } from '../../../src/api/errors';
import { decodeMonitor } from '../../../src/api/monitor';
import { startSimulator, type SimulatorHandle } from '../../copr-sim';

// GET /api_3/monitor?ownername=alice&projectname=hello&project_dirname=hello:pr:42 on the real frontend (seed.py).
const REAL = `{"output": "ok","message": "Project monitor request successful","packages": [
{"name": "hello", "chroots": {"fedora-40-x86_64": {"state": "succeeded", "status": 1, "build_id": 127, "pkg_version": "1.0-3"}, "fedora-40-aarch64": {"state": "running", "status": 3, "build_id": 127, "pkg_version": "1.0-3"}, "fedora-rawhide-x86_64": {"state": "starting", "status": 6, "build_id": 127, "pkg_version": "1.0-3"}}}]}`;

describe('Copr monitor endpoint', function () {
  this.timeout(20_000);

  it('decodes the real frontend\'s answer', () => {
    assert.deepEqual(decodeMonitor(JSON.parse(REAL)), [
      {
        name: 'hello',
        chroots: [
          { chroot: 'fedora-40-x86_64', state: 'succeeded', buildId: 127, pkgVersion: '1.0-3' },
          { chroot: 'fedora-40-aarch64', state: 'running', buildId: 127, pkgVersion: '1.0-3' },
          { chroot: 'fedora-rawhide-x86_64', state: 'starting', buildId: 127, pkgVersion: '1.0-3' },
        ],
      },
    ]);
  });

  it('refuses damaged answers with the path of the fault, and keeps chroot keys as data', () => {
    assert.throws(() => decodeMonitor({ packages: [{ name: 'x', chroots: { a: { state: 'running', build_id: -1 } } }] }), /packages\[0\]\.chroots\.a\.build_id/);
    assert.throws(() => decodeMonitor({ items: [] }), /packages/);
    const hostile = decodeMonitor(JSON.parse('{"packages":[{"name":"p","chroots":{"__proto__":{"state":"failed","build_id":1}}}]}'));
    assert.equal(hostile[0].chroots[0].chroot, '__proto__');
    assert.equal(({} as Record<string, unknown>).state, undefined);
  });

  describe('simulator', () => {
    let sim: SimulatorHandle;
    let client: CoprClient;
    before(async () => {
      sim = await startSimulator({ world: 'empty', api: 'v3' });
      client = new CoprClient({ baseUrl: sim.url, apiVersion: 'v3' });
    });
    after(() => sim.close());

    it('shows per package and chroot the latest build of the main directory, not importing or other-directory builds', async () => {
      const chroots = ['fedora-rawhide-x86_64', 'epel-9-x86_64'];
      const w = sim.world;
      const old = w.addBuild({ owner: 'mon', project: 'p', package: 'b', chroots, durationSeconds: 3000 });
      const a = w.addBuild({ owner: 'mon', project: 'p', package: 'a', chroots, durationSeconds: 3000 });
      const only = w.addBuild({ owner: 'mon', project: 'p', package: 'b', chroots: [chroots[0]], durationSeconds: 3000 });
      const pr = w.addBuild({ owner: 'mon', project: 'p', package: 'a', chroots, dirname: 'p:pr:1', durationSeconds: 3000 });
      sim.clock.advance(200);
      const importing = w.addBuild({ owner: 'mon', project: 'p', package: 'a', chroots });
      const got = await client.monitor({ project: 'mon/p' });
      assert.deepEqual(
        got?.map((p) => [p.name, p.chroots.map((c) => `${c.chroot}:${c.buildId}:${c.state}`)]),
        [
          ['a', [`fedora-rawhide-x86_64:${a}:running`, `epel-9-x86_64:${a}:running`]],
          ['b', [`fedora-rawhide-x86_64:${only}:running`, `epel-9-x86_64:${old}:running`]],
        ],
      );
      assert.ok(!JSON.stringify(got).includes(String(importing)), 'a build still importing has no chroots to show');
      const dir = await client.monitor({ project: 'mon/p', dirname: 'p:pr:1' });
      assert.deepEqual(dir?.map((p) => p.chroots.map((c) => c.buildId)), [[pr, pr]]);
    });

    it('answers like the frontend to a missing project, a missing directory and a bad field', async () => {
      await assert.rejects(client.monitor({ project: 'mon/nope' }), (e: unknown) => e instanceof CoprError && e.kind === 'not-found');
      await assert.rejects(client.monitor({ project: 'mon/p', dirname: 'nope' }), (e: unknown) => e instanceof CoprError && e.kind === 'not-found');
      const res = await fetch(`${sim.url}/api_3/monitor?ownername=mon&projectname=p&additional_fields[]=bogus`);
      assert.equal(res.status, 400);
      assert.deepEqual(await res.json(), { error: 'Wrong additional_fields argument(s): bogus' });
    });

    it('has no monitor on a v2 server', async () => {
      const v2 = await startSimulator({ world: 'empty', api: 'v2' });
      try {
        assert.equal(await new CoprClient({ baseUrl: v2.url, apiVersion: 'auto' }).monitor({ project: 'mon/p' }), null);
      } finally {
        await v2.close();
      }
    });
  });
});
