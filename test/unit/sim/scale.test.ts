import * as assert from 'node:assert/strict';
import { startSimulator, type SimulatorHandle } from '../../copr-sim';
import { ALL_CHROOTS, BENCH } from '../../copr-sim/fixtures';
import { get, type V2TaskList, type V3Build, type V3List } from './helpers';

describe('copr-sim at scale (100,000 tasks)', function () {
  this.timeout(60_000);
  let sim: SimulatorHandle;
  let ids: number[];
  let projectId: number;
  before(async () => {
    sim = await startSimulator({ world: 'empty' });
    ids = sim.world.populate({ owner: BENCH.owner, project: BENCH.project, builds: BENCH.builds, chroots: BENCH.chroots });
    projectId = (await get<{ id: number }>(sim, `/api_3/project?ownername=${BENCH.owner}&projectname=${BENCH.project}`)).json.id;
  });
  after(() => sim.close());

  it('populates 2,500 builds of 40 chroots with increasing ids', () => {
    assert.equal(ids.length, 2500);
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
    assert.deepEqual(sim.world.buildIds(), ids);
  });

  for (const offset of [0, 39, 40, 41, 57_321, 99_900, 99_999, 100_000]) {
    it(`finds the v2 task page at offset ${offset} (oldest build first as 1.190 lists them, chroots in order)`, async () => {
      const r = await get<V2TaskList>(sim, `/api_2/build_tasks?project_id=${projectId}&offset=${offset}&limit=100`);
      const expected = Array.from({ length: Math.max(0, Math.min(100, 100_000 - offset)) }, (_, k) => {
        const pos = offset + k;
        return `${ids[Math.floor(pos / 40)]}/${ALL_CHROOTS[pos % 40]}`;
      });
      assert.deepEqual(r.json.build_tasks.map((t) => `${t.build_task.build_id}/${t.build_task.chroot_name}`), expected);
    });
  }

  it('keeps the owner index in step when a new build arrives', async () => {
    const id = sim.world.addBuild({ owner: BENCH.owner, project: BENCH.project, chroots: ['fedora-rawhide-x86_64'] });
    sim.clock.advance(61); // imported: its task appears last (v2 lists the oldest first)
    const r = await get<V2TaskList>(sim, `/api_2/build_tasks?owner=${BENCH.owner}&offset=0&limit=2`);
    assert.deepEqual(r.json.build_tasks.map((t) => t.build_task.build_id), [ids[0], ids[0]]);
    const total = await get<V2TaskList>(sim, `/api_2/build_tasks?owner=${BENCH.owner}&offset=100000&limit=100`);
    assert.deepEqual(total.json.build_tasks.map((t) => t.build_task.build_id), [id]);
  });

  it('pages v3 build/list newest first', async () => {
    const r = await get<V3List<V3Build>>(sim, `/api_3/build/list?ownername=${BENCH.owner}&projectname=${BENCH.project}&offset=2000&limit=100`);
    assert.equal(r.json.items.length, 100);
    assert.equal(r.json.items[0]?.chroots.length, 40);
    const newest = ids[ids.length - 1] as number;
    assert.ok((r.json.items[0]?.id ?? 0) < newest);
    assert.deepEqual(r.json.items.map((b) => b.id), [...r.json.items.map((b) => b.id)].sort((a, b) => b - a));
  });

  it('finds failed tasks with the v2 state filter', async () => {
    const r = await get<V2TaskList>(sim, `/api_2/build_tasks?project_id=${projectId}&state=failed&limit=100`);
    assert.ok(r.json.build_tasks.length > 0);
    assert.ok(r.json.build_tasks.every((t) => t.build_task.state === 'failed'));
  });
});
