// A build with more chroots than one page (100) is read whole: failures beyond the first page are not missed.
import assert from 'node:assert/strict';
import { CoprClient } from '../../../src/api';
import { nullLogger } from '../../../src/common/log';
import { PollScheduler } from '../../../src/monitor/pollScheduler';
import { TaskStore } from '../../../src/monitor/taskStore';
import { startSimulator, type SimulatorHandle } from '../../copr-sim';
import { VirtualClock } from '../../support/virtualClock';

describe('PollScheduler with builds of many chroots', function () {
  this.timeout(60_000);
  let sim: SimulatorHandle;
  before(async () => {
    sim = await startSimulator({ api: 'v3' });
  });
  after(() => sim.close());

  it('pages through a build’s chroots beyond the first 100', async () => {
    const names = Array.from({ length: 250 }, (_, i) => `fedora-${i}-x86_64`);
    const last = names[names.length - 1];
    const id = sim.world.addBuild({ owner: 'alice', project: 'tools', chroots: names, outcome: { [last]: 'failed' }, durationSeconds: 60 });
    sim.clock.advance(3600);
    const store = new TaskStore();
    const scheduler = new PollScheduler({
      source: new CoprClient({ baseUrl: sim.url, apiVersion: 'v3' }),
      store,
      clock: new VirtualClock(),
      settings: () => ({ pollIntervalSec: 30, idleRefreshMinutes: 5, maxBuilds: 25 }),
      logger: nullLogger,
    });
    try {
      sim.requests.reset();
      await scheduler.watch(id); // the build's record, then its chroots
      const tasks = store.tasks(id) ?? [];
      assert.equal(tasks.length, 250);
      assert.equal(tasks.find((t) => t.chroot_name === last)?.state, 'failed');
      assert.equal(sim.requests.count((r) => r.path.startsWith('/api_3/build-chroot/list')), 3, 'three pages of 100');
    } finally {
      scheduler.dispose();
      store.dispose();
    }
  });
});
