// The build row's words against what the real copr-frontend says for the seeded world (real-copr/seed.py): the
// first word is Copr's build state, never a worse chroot's. The states below are the real server's answers
// (test/copr/contract.test.ts checks coprBuildState against both versions).
import assert from 'node:assert/strict';
import { STATE_TABLE } from '../../../src/api/states';
import type { Build, BuildTask, TaskState } from '../../../src/api/types';
import {
  buildIconState,
  buildRowLabel,
  buildStateLines,
  coprBuildState,
  describeBuildRow,
  taskNote,
  unbuiltOfCanceled,
  type Translate,
} from '../../../src/tree/buildWords';

const t: Translate = (m, ...a) => m.replace(/\{(\d+)\}/g, (_, i: string) => String(a[Number(i)]));
const words = (s: TaskState) => STATE_TABLE[s].words;
const CHROOTS = ['fedora-40-x86_64', 'fedora-40-aarch64', 'fedora-rawhide-x86_64'];

function build(state: TaskState, over: Partial<Build> = {}): Build {
  return {
    id: 126, owner: 'alice', project: 'hello', dirname: 'hello', package_name: 'hello', package_version: '1.0-2', submitter: 'alice',
    submitted_on: 1, started_on: null, ended_on: null, state, chroots: CHROOTS, project_id: null, ...over,
  };
}
function tasks(...states: TaskState[]): BuildTask[] {
  return states.map((state, i) => ({
    chroot_name: CHROOTS[i] ?? `c${i}`, build_id: 126, state, started_on: null, ended_on: null, result_dir_url: null, git_hash: null,
  }));
}
const row = (b: Build, ts?: BuildTask[]) => describeBuildRow(b, ts, t, words);

describe('build row words agree with Copr (seeded world)', () => {
  it('A: running build with a failed chroot reads running first, the failure after (was "failed · 2/3 done")', () => {
    const b = build('running');
    const ts = tasks('succeeded', 'failed', 'running');
    assert.equal(row(b, ts), 'running · 1 failed · 2/3 done');
    assert.equal(coprBuildState(b, ts), 'running');
    assert.equal(buildIconState(b, ts), 'failed', 'the icon still alerts early');
  });

  it('B: failed build', () => {
    const ts = tasks('succeeded', 'succeeded', 'failed');
    assert.equal(row(build('failed'), ts), 'failed · 3/3 done');
    assert.equal(buildIconState(build('failed'), ts), 'failed');
  });

  it('C: pending build', () => {
    assert.equal(row(build('pending'), tasks('pending', 'pending', 'pending')), 'pending · 0/3 done');
  });

  it('D: importing build whose chroots wait for the sources reads importing, not waiting', () => {
    const b = build('importing');
    const ts = tasks('waiting', 'waiting', 'waiting');
    assert.equal(coprBuildState(b, ts), 'importing');
    assert.equal(row(b, ts), 'importing · 3 chroots waiting');
    assert.equal(buildIconState(b, ts), 'importing');
  });

  it('E: canceled build with canceled chroots', () => {
    const ts = tasks('canceled', 'canceled', 'canceled');
    assert.equal(row(build('canceled'), ts), 'canceled · 3 chroots');
    assert.equal(unbuiltOfCanceled(build('canceled'), ts), 0);
  });

  it('a build canceled while queued keeps pending chroots on Copr: they are "not built", not "0/3 done"', () => {
    const b = build('canceled');
    const ts = tasks('pending', 'pending', 'pending');
    assert.equal(row(b, ts), 'canceled · 3 not built');
    assert.equal(buildIconState(b, ts), 'canceled');
    assert.equal(taskNote(b, ts[0] as BuildTask, t), 'not built: build canceled');
    assert.equal(taskNote(build('running'), ts[0] as BuildTask, t), undefined);
    assert.deepEqual(buildStateLines(b, ts, t, words), ['Copr state: canceled', '3 pending', 'The build was canceled: 3 chroots will not be built.']);
  });

  it('a build canceled mid-way names its failure and the chroots that will not run', () => {
    assert.equal(row(build('canceled'), tasks('succeeded', 'failed', 'running')), 'canceled · 1 failed · 1 not built');
  });

  it('F: succeeded build with skipped and forked chroots reads succeeded (was "skipped · 3/3 done")', () => {
    const b = build('succeeded');
    const ts = tasks('succeeded', 'skipped', 'forked');
    assert.equal(coprBuildState(b, ts), 'succeeded');
    assert.equal(row(b, ts), 'succeeded · 3/3 done');
    assert.equal(buildIconState(b, ts), 'succeeded');
    assert.deepEqual(buildStateLines(b, ts, t, words), ['Copr state: succeeded', '1 succeeded, 1 skipped, 1 forked']);
  });

  it('G: Packit build with running and starting chroots', () => {
    assert.equal(row(build('running', { dirname: 'hello:pr:42' }), tasks('succeeded', 'running', 'starting')), 'running · 1/3 done');
  });

  it('chroots fresher than the build record decide, in copr-frontend\'s order', () => {
    assert.equal(coprBuildState(build('pending'), tasks('running', 'pending', 'pending')), 'running');
    assert.equal(coprBuildState(build('running'), tasks('succeeded', 'failed', 'succeeded')), 'failed');
    assert.equal(coprBuildState(build('running'), tasks('starting', 'failed', 'succeeded')), 'starting');
    assert.equal(coprBuildState(build('running'), tasks('pending', 'failed', 'succeeded')), 'pending');
    assert.equal(coprBuildState(build('running'), tasks('waiting', 'succeeded', 'succeeded')), 'succeeded');
    assert.equal(coprBuildState(build('running'), tasks('skipped', 'forked')), 'skipped');
    assert.equal(coprBuildState(build('succeeded'), tasks('unknown', 'unknown')), 'succeeded');
  });

  it('tooltip: the running build names Copr\'s state and every chroot count', () => {
    assert.deepEqual(buildStateLines(build('running'), tasks('succeeded', 'failed', 'running'), t, words), [
      'Copr state: running',
      '1 succeeded, 1 failed, 1 running',
    ]);
  });

  it('a build whose SRPM is not built yet: the label names no stage (was "(importing)" on a pending build)', () => {
    const fresh = build('pending', { id: 131, package_name: null, package_version: null, chroots: CHROOTS.slice(0, 2) });
    assert.equal(buildRowLabel(fresh, t), '#131 (no package yet)');
    assert.equal(row(fresh, tasks('waiting', 'waiting')), 'pending · 2 chroots waiting');
    assert.equal(buildRowLabel(build('running'), t), '#126 hello 1.0-2');
  });

  it('without chroot details: the record\'s state and chroot count', () => {
    assert.equal(row(build('importing', { chroots: [] })), 'importing sources');
    assert.equal(row(build('pending', { chroots: [] })), 'pending · importing sources');
    assert.equal(row(build('failed', { chroots: [] })), 'failed');
    assert.equal(row(build('running')), 'running · 3 chroots');
    assert.equal(row(build('succeeded')), 'succeeded · 3/3 done');
    assert.equal(row(build('canceled')), 'canceled · 3 chroots');
    assert.deepEqual(buildStateLines(build('running'), undefined, t, words), ['Copr state: running', '3 chroots']);
  });
});
