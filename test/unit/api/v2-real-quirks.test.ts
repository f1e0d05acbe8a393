// What the real copr-frontend 1.190 taught the API v2 client (test/copr/contract.test.ts proves it against the real
// server; the simulator now answers the same way, so `npm test` keeps these fixed without Python).
import * as assert from 'node:assert/strict';
import { startSimulator, fixtures, type SimulatorHandle } from '../../copr-sim';
import { CoprClient } from '../../../src/api/client';
import { CoprError } from '../../../src/api/errors';

const { BUILDS } = fixtures;

async function rejection(p: Promise<unknown>): Promise<CoprError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CoprError);
    return e;
  }
  return assert.fail('expected a rejection');
}

describe('api/v2 client: the real 1.190\'s quirks, in the user\'s words', function () {
  this.timeout(20_000);
  let sim: SimulatorHandle;
  let client: CoprClient;

  before(async () => {
    sim = await startSimulator({ api: 'v2' });
  });
  after(async () => {
    await sim.close();
  });
  beforeEach(() => {
    client = new CoprClient({ baseUrl: sim.url, apiVersion: 'v2' });
  });

  it('a chroot Copr has never heard of (1.190: HTML 500) is "not found", not an outage to retry', async () => {
    const e = await rejection(client.getBuildTask(BUILDS.succeeded.id, 'fedora-99-x86_64'));
    assert.equal(e.kind, 'not-found');
    assert.equal(e.message, `Build ${BUILDS.succeeded.id} has no chroot fedora-99-x86_64 on this Copr.`);
  });

  it('a chroot the build lacks (1.190: "Build task {} for build {} not found") is said with its names', async () => {
    const e = await rejection(client.getBuildTask(BUILDS.succeeded.id, 'epel-9-x86_64'));
    assert.equal(e.kind, 'not-found');
    assert.equal(e.message, `Build ${BUILDS.succeeded.id} has no chroot epel-9-x86_64 on this Copr.`);
    const missing = await rejection(client.getBuildTask(999_999, 'fedora-rawhide-x86_64'));
    assert.equal(missing.message, 'Build 999999 does not exist on this Copr.');
  });

  it("a project's tasks come newest first although /api_2/build_tasks lists the oldest first", async () => {
    const raw = (await (await fetch(`${sim.url}/api_2/build_tasks?project_id=${fixtures.PROJECTS.hello.id}&limit=100`)).json()) as {
      build_tasks: Array<{ build_task: { build_id: number } }>;
    };
    const served = raw.build_tasks.map((t) => t.build_task.build_id);
    assert.ok(served.length > 2 && served[0] < served[served.length - 1], 'the server lists the oldest first');
    const tasks = await client.listBuildTasks({ project: 'alice/hello' });
    const ids = tasks.map((t) => t.build_id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    assert.equal(new Set(ids).size, new Set(served).size);
  });
});
