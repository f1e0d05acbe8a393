// A build whose source (SRPM) stage failed has no chroot: it still counts as one failure — in the store's failure
// list, the status bar's counts and tooltip — under the pseudo-chroot 'srpm-builds', and Clear Alerts acknowledges it.
import * as assert from 'node:assert/strict';
import type { Build, TaskState } from '../../../src/api/types';
import { failureTitle, summarizeStatus } from '../../../src/monitor/statusSummary';
import { TaskStore } from '../../../src/monitor/taskStore';
import { SRPM_STAGE } from '../../../src/triage/sourceStage';
import { makeHarness, project, SEC, type Harness } from './harness';

function build(id: number, state: TaskState, extra: Partial<Build> = {}): Build {
  return {
    id, owner: 'alice', project: 'hello', dirname: 'hello', package_name: 'python-foo', package_version: '1.2-3',
    submitter: 'alice', submitted_on: 1, started_on: 2, ended_on: 3, state, chroots: [], project_id: null, ...extra,
  };
}

describe('source (SRPM) stage failures', () => {
  it('the store lists a failed source stage as one failure with its reason, counts it, and acknowledges it', () => {
    const store = new TaskStore();
    store.putBuild(build(5, 'failed'));
    store.addFailure(5, SRPM_STAGE, false);
    store.setReason(5, SRPM_STAGE, 'spec error at line 3: Illegal char');
    const [f, ...rest] = store.failures();
    assert.equal(rest.length, 0);
    assert.deepEqual([f.build.id, f.stage, f.task.chroot_name, f.task.state, f.acknowledged, f.reason], [5, 'source', SRPM_STAGE, 'failed', false, 'spec error at line 3: Illegal char']);
    assert.deepEqual(store.counts(), { running: 0, active: 0, failed: 1, unacknowledged: 1 });
    store.acknowledgeFailures();
    assert.deepEqual(store.counts(), { running: 0, active: 0, failed: 1, unacknowledged: 0 });
    store.deleteBuild(5);
    assert.deepEqual(store.failures(), []);
  });

  it('a source-stage entry does not count once the build has chroots (it was not a source failure)', () => {
    const store = new TaskStore();
    store.putBuild(build(6, 'failed', { chroots: ['fedora-42-x86_64'] }));
    store.addFailure(6, SRPM_STAGE, false);
    assert.deepEqual(store.failures(), []);
  });

  it('the status bar counts it and its tooltip names the source stage and the reason', () => {
    const store = new TaskStore();
    store.putBuild(build(5, 'failed'));
    store.addFailure(5, SRPM_STAGE, false);
    store.setReason(5, SRPM_STAGE, 'spec error at line 3: Illegal char');
    const s = summarizeStatus({ visible: true, counts: store.counts(), failures: store.failures(), health: { state: 'ok' } });
    assert.equal(s.text, '$(error) 1 failed');
    assert.equal(s.alert, true);
    assert.ok(s.tooltip.includes('- $(error) python\\-foo 1\\.2\\-3 — source package \\(SRPM\\) failed: spec error at line 3: Illegal char (alice/hello #5) \\(new\\)'), s.tooltip);
    assert.equal(failureTitle(store.failures()[0]), 'python-foo 1.2-3 — source package (SRPM) failed: spec error at line 3: Illegal char');
    assert.equal(failureTitle({ ...store.failures()[0], reason: undefined }), 'python-foo 1.2-3 — source package (SRPM) failed');
  });

  describe('the scheduler', () => {
    let h: Harness;
    afterEach(() => h?.dispose());

    it('records a build seen importing whose source stage then fails as one new failure', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      const id = h.source.addBuild(p, [], { importing: true });
      await h.start([project('alice', 'hello')]);
      assert.deepEqual(h.store.failures(), []);
      h.source.setSource(id, 'failed');
      await h.clock.advance(30 * SEC);
      assert.equal(h.store.build(id)?.state, 'failed');
      assert.deepEqual(h.store.failures().map((f) => [f.build.id, f.stage, f.acknowledged]), [[id, 'source', false]]);
      assert.deepEqual(h.store.counts(), { running: 0, active: 0, failed: 1, unacknowledged: 1 });
    });

    it('does not count a source failure that ended before the session (like failed chroots seen at start-up)', async () => {
      h = makeHarness();
      const p = h.source.addProject('alice', 'hello');
      const id = h.source.addBuild(p, [], { importing: true });
      h.source.setSource(id, 'failed');
      await h.start([project('alice', 'hello')]);
      assert.equal(h.store.build(id)?.state, 'failed');
      assert.deepEqual(h.store.failures(), []);
    });
  });
});
