// PollScheduler.refreshBuild: after an action on one build (cancel, a new build), only that build is read again —
// its record and its chroot list — counted with the scheduler's requests, abortable, and not while the server is
// backed off from (the next cycle, on the backoff's timer, reads it).
import * as assert from 'node:assert/strict';
import { makeHarness, MIN, networkDown, project, SEC, type Harness } from './harness';

const ARCHES = ['fedora-rawhide-x86_64', 'fedora-rawhide-aarch64', 'epel-9-x86_64'];

describe('PollScheduler.refreshBuild', () => {
  let h: Harness;
  afterEach(() => h?.dispose());

  async function started(): Promise<{ id: number; other: number }> {
    h = makeHarness();
    const a = h.source.addProject('alice', 'hello');
    const b = h.source.addProject('alice', 'tools');
    const id = h.source.addBuild(a, ARCHES, { state: 'running' });
    h.source.addBuild(a, ARCHES, { state: 'running' });
    const other = h.source.addBuild(b, ARCHES, { state: 'running' });
    await h.start([project('alice', 'hello'), project('alice', 'tools')]);
    h.source.resetCalls();
    return { id, other };
  }

  it('reads exactly the build\'s record and its chroot list, and the store shows the canceled build', async () => {
    const { id } = await started();
    const before = h.scheduler.requestTotals();
    h.source.cancel(id);
    await h.scheduler.refreshBuild(id);
    assert.deepEqual(h.source.calls, [{ method: 'getBuild', arg: String(id) }, { method: 'listBuildTasks', arg: String(id) }]);
    assert.equal(h.store.build(id)?.state, 'canceled');
    assert.deepEqual(h.store.tasks(id)?.map((t) => t.state), ['canceled', 'canceled', 'canceled']);
    const after = h.scheduler.requestTotals();
    assert.equal((after.getBuild ?? 0) - (before.getBuild ?? 0), 1, 'counted');
    assert.equal((after.listBuildTasks ?? 0) - (before.listBuildTasks ?? 0), 1, 'counted');
    assert.equal(h.cycles.length, 1, 'no cycle ran');
  });

  it('a build new to the store (just created) is read the same way; one still importing has no chroot list to read', async () => {
    const { id } = await started();
    const created = h.source.addBuild('alice/hello', ARCHES, { state: 'pending' });
    const importing = h.source.addBuild('alice/hello', [], { importing: true });
    await h.scheduler.refreshBuild(created);
    await h.scheduler.refreshBuild(importing);
    assert.deepEqual(h.source.calls, [
      { method: 'getBuild', arg: String(created) },
      { method: 'listBuildTasks', arg: String(created) },
      { method: 'getBuild', arg: String(importing) },
    ]);
    assert.equal(h.store.tasks(created)?.length, 3);
    assert.ok(id !== created);
  });

  it('watching a just-created build (Resubmit, Build This Commit) reads it the same way, once', async () => {
    await started();
    const created = h.source.addBuild('alice/tools', ARCHES, { state: 'pending' });
    await h.scheduler.watch(created);
    assert.deepEqual(h.source.calls, [{ method: 'getBuild', arg: String(created) }, { method: 'listBuildTasks', arg: String(created) }]);
    assert.deepEqual(h.store.watched(), [created]);
  });

  it('asks nothing while the server is backed off from; the cycle on the backoff\'s timer reads it', async () => {
    const { id } = await started();
    h.source.down = networkDown();
    await h.clock.advance(30 * SEC);
    assert.equal(h.scheduler.health.state, 'backoff');
    h.source.down = undefined;
    h.source.resetCalls();
    h.source.cancel(id);
    await h.scheduler.refreshBuild(id);
    assert.deepEqual(h.source.calls, []);
    await h.clock.advance(11 * MIN);
    assert.equal(h.scheduler.health.state, 'ok');
    assert.equal(h.store.build(id)?.state, 'canceled');
  });

  it('is aborted when the server changes (store reset): no request after it, the old server\'s answer not written', async () => {
    const { id } = await started();
    h.source.cancel(id);
    const pending = h.scheduler.refreshBuild(id);
    h.store.reset();
    await pending.catch(() => undefined);
    assert.deepEqual(h.source.calls, [{ method: 'getBuild', arg: String(id) }]);
    assert.equal(h.store.build(id), undefined);
  });
});
