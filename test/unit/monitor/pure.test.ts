import * as assert from 'node:assert/strict';
import type { Build, BuildTask, TaskState } from '../../../src/api/types';
import { CoprError } from '../../../src/api/errors';
import { backoffDelay, MAX_BACKOFF_MS } from '../../../src/monitor/backoff';
import { composeNotifications, formatPlain } from '../../../src/monitor/notificationPolicy';
import { scopeKey } from '../../../src/monitor/scopes';
import { escapeMarkdown, summarizeStatus } from '../../../src/monitor/statusSummary';
import { markdownText } from '../../../src/common/displayText';
import { TaskStore, type StoreChange } from '../../../src/monitor/taskStore';
import { inferBuildState, newlyFailedChroots, type FinishedBuild } from '../../../src/monitor/transitions';
import { VirtualClock } from '../../support/virtualClock';

function build(id: number, state: TaskState, extra: Partial<Build> = {}): Build {
  return {
    id, owner: 'alice', project: 'hello', dirname: 'hello', package_name: 'python-foo', package_version: '1.2-3',
    submitter: 'alice', submitted_on: 1, started_on: 2, ended_on: null, state, chroots: [], project_id: null, ...extra,
  };
}
function task(chroot: string, state: TaskState, buildId = 1): BuildTask {
  return { chroot_name: chroot, build_id: buildId, state, started_on: null, ended_on: null, result_dir_url: null, git_hash: null };
}
const tasksOf = (...states: TaskState[]) => states.map((s, i) => task(`chroot-${i}`, s));

describe('scopeKey', () => {
  it('names each kind of scope', () => {
    assert.equal(scopeKey({ kind: 'owner', owner: 'alice' }), 'owner:alice');
    assert.equal(scopeKey({ kind: 'project', owner: '@copr', project: 'hello' }), 'project:@copr/hello');
    assert.equal(scopeKey({ kind: 'build', buildId: 123 }), 'build:123');
  });
});

describe('backoffDelay', () => {
  it('doubles from the base and stops at 10 minutes', () => {
    const full = [1, 2, 3, 4, 5, 6, 7, 12].map((n) => backoffDelay(n, 30_000, () => 1));
    assert.deepEqual(full, [30_000, 60_000, 120_000, 240_000, 480_000, MAX_BACKOFF_MS, MAX_BACKOFF_MS, MAX_BACKOFF_MS]);
  });
  it('jitters within the upper half of each step', () => {
    assert.equal(backoffDelay(3, 30_000, () => 0), 60_000);
    assert.equal(backoffDelay(3, 30_000, () => 0.5), 90_000);
  });
  it('waits at least as long as Retry-After asks', () => {
    assert.equal(backoffDelay(1, 30_000, () => 0, 120), 120_000);
    assert.equal(backoffDelay(5, 30_000, () => 1, 1), 480_000);
  });
});

describe('inferBuildState', () => {
  const cases: Array<[TaskState[], TaskState | undefined]> = [
    [[], undefined],
    [['succeeded', 'running', 'pending'], 'running'],
    [['pending', 'succeeded'], 'pending'],
    [['waiting', 'waiting'], 'pending'],
    [['succeeded', 'failed'], 'failed'],
    [['succeeded', 'canceled', 'failed'], 'canceled'],
    [['succeeded', 'skipped'], 'succeeded'],
    [['forked', 'forked'], 'forked'],
    [['unknown', 'succeeded'], 'unknown'],
  ];
  for (const [states, expected] of cases) {
    it(`[${states.join(', ')}] → ${expected}`, () => assert.equal(inferBuildState(tasksOf(...states)), expected));
  }
});

describe('newlyFailedChroots', () => {
  it('counts a chroot seen unfinished that is now failed', () => {
    const got = newlyFailedChroots(tasksOf('running', 'failed'), tasksOf('failed', 'failed'), { live: true, baseline: false });
    assert.deepEqual(got.map((t) => t.chroot_name), ['chroot-0']);
  });
  it('ignores failures already known at start-up and builds never seen in progress', () => {
    assert.deepEqual(newlyFailedChroots(undefined, tasksOf('failed'), { live: true, baseline: true }), []);
    assert.deepEqual(newlyFailedChroots(undefined, tasksOf('failed'), { live: false, baseline: false }), []);
  });
  it('counts chroots that appeared failed while watching', () => {
    assert.equal(newlyFailedChroots([], tasksOf('failed'), { live: true, baseline: false }).length, 1);
  });
});

describe('composeNotifications', () => {
  const failed: FinishedBuild = {
    build: build(7, 'failed'),
    tasks: [task('fedora-rawhide-x86_64', 'succeeded'), task('fedora-rawhide-s390x', 'failed'), task('epel-9-x86_64', 'succeeded'), task('epel-9-ppc64le', 'failed'), task('fedora-42-x86_64', 'succeeded')],
  };
  const ok: FinishedBuild = { build: build(8, 'succeeded', { package_name: 'bar', package_version: '2.0-1' }), tasks: [task('a', 'succeeded')] };

  it('summarises one failed build with its failed chroots and three actions', () => {
    const [m, ...rest] = composeNotifications([failed], 'failures');
    assert.equal(rest.length, 0);
    assert.equal(m.text, 'python-foo 1.2-3: 2 of 5 chroots failed — fedora-rawhide-s390x, epel-9-ppc64le');
    assert.equal(m.severity, 'error');
    assert.deepEqual(m.actions.map((a) => [a.id, a.title, a.buildId, a.chroot]), [
      ['showDetails', 'Show Details', 7, 'fedora-rawhide-s390x'],
      ['openLog', 'Open Log', 7, 'fedora-rawhide-s390x'],
      ['openInCopr', 'Open in Copr', 7, undefined],
    ]);
  });
  it('follows the setting', () => {
    assert.deepEqual(composeNotifications([ok], 'failures'), []);
    assert.deepEqual(composeNotifications([failed, ok], 'off'), []);
    assert.equal(composeNotifications([ok], 'all')[0].text, 'bar 2.0-1: succeeded in 1 chroots');
    assert.equal(composeNotifications([ok], 'all')[0].severity, 'info');
  });
  it('batches several builds into one summary', () => {
    const msgs = composeNotifications([ok, failed], 'all');
    assert.equal(msgs.length, 1);
    assert.equal(msgs[0].text, '2 Copr builds finished, 1 with failures: python-foo 1.2-3 failed (2 of 5 chroots); bar 2.0-1 succeeded');
    assert.deepEqual(msgs[0].buildIds, [8, 7]);
    assert.deepEqual(msgs[0].actions.map((a) => a.id), ['showFailures']);
  });
  it('names a build before its sources are imported and a failure without chroots', () => {
    const m = composeNotifications([{ build: build(9, 'failed', { package_name: null, package_version: null }), tasks: [] }], 'failures')[0];
    assert.equal(m.text, 'Build 9: failed before its chroots were built (sources or import)');
    assert.deepEqual(m.actions.map((a) => a.id), ['showDetails', 'openInCopr']);
  });
  it('shortens long chroot lists', () => {
    const many: FinishedBuild = { build: build(10, 'failed'), tasks: ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => task(c, 'failed')) };
    assert.equal(composeNotifications([many], 'failures')[0].text, 'python-foo 1.2-3: 6 of 6 chroots failed — a, b, c, d and 2 more');
  });
  it('passes every user string through the translator', () => {
    const seen: string[] = [];
    composeNotifications([failed, ok], 'all', (m, ...a) => (seen.push(m), formatPlain(m, ...a)));
    composeNotifications([failed], 'all', (m, ...a) => (seen.push(m), formatPlain(m, ...a)));
    assert.ok(seen.includes('Show Details') && seen.includes('Open Log') && seen.includes('Open in Copr'));
    assert.ok(seen.some((m) => m.includes('{0} Copr builds finished')));
  });
});

describe('summarizeStatus', () => {
  const f = { build: build(7, 'running'), task: task('fedora-rawhide-s390x', 'failed', 7), acknowledged: false };
  it('shows running and failed counts in words with codicons, and alerts while unacknowledged', () => {
    const s = summarizeStatus({ visible: true, counts: { running: 2, active: 2, failed: 1, unacknowledged: 1 }, failures: [f], health: { state: 'ok' } });
    assert.equal(s.text, '$(sync~spin) 2 running  $(error) 1 failed');
    assert.equal(s.accessibleText, 'Copr builds: 2 running, 1 failed');
    assert.equal(s.alert, true);
    assert.ok(s.tooltip.includes('- $(error) fedora\\-rawhide\\-s390x — python\\-foo 1\\.2\\-3 (alice/hello #7) \\(new\\)'), s.tooltip);
  });
  it('counts queued builds apart and says when the server is unreachable', () => {
    const s = summarizeStatus({
      visible: true, counts: { running: 0, active: 3, failed: 0, unacknowledged: 0 }, failures: [],
      health: { state: 'backoff', error: new CoprError('network', 'timeout'), retryAt: 0 },
    });
    assert.equal(s.text, '$(warning) Copr unreachable  $(clock) 3 queued');
    assert.equal(s.alert, false);
    assert.equal(s.warning, true);
  });
  it('escapes Markdown in names, and $( so that server text never renders an icon', () => {
    // `\$\(` (what this escape once produced) renders an icon: Markdown drops the backslashes, then the icon pass sees $(.
    assert.equal(escapeMarkdown('a_b*[c]'), 'a\\_b\\*\\[c\\]');
    assert.equal(escapeMarkdown('x$(verified-filled)'), markdownText('x$(verified-filled)'));
    const hostile = {
      build: { ...build(8, 'running'), package_name: 'hello$(verified-filled)' },
      task: task('fedora$(bug)-x86_64', 'failed', 8),
      acknowledged: false,
      reason: 'see $(pass) \u202Eevil',
    };
    const s = summarizeStatus({ visible: true, counts: { running: 0, active: 1, failed: 1, unacknowledged: 1 }, failures: [hostile], health: { state: 'ok' } });
    for (const text of ['hello$(verified-filled)', 'fedora$(bug)-x86_64', 'see $(pass) evil']) {
      assert.ok(s.tooltip.includes(markdownText(text)), `${text} is not escaped for Markdown with icons in:\n${s.tooltip}`);
    }
    assert.ok(!s.tooltip.includes('\u202E'), 'a bidi control reached the tooltip');
  });
});

describe('TaskStore', () => {
  it('announces writes once per flush and ignores writes that change nothing', () => {
    const store = new TaskStore();
    const changes: StoreChange[] = [];
    store.onDidChange((c) => changes.push(c));
    store.putBuild(build(1, 'running'));
    store.putTasks(1, tasksOf('running'));
    store.flush();
    store.putBuild(build(1, 'running'));
    store.putTasks(1, tasksOf('running'));
    store.flush();
    assert.deepEqual(changes, [{ builds: [1], projects: [], scopes: [] }]);
  });
  it('lists failures with their reason and acknowledges them', () => {
    const store = new TaskStore();
    store.putBuild(build(1, 'running'));
    store.putTasks(1, tasksOf('failed', 'running'));
    store.addFailure(1, 'chroot-0', false);
    store.setReason(1, 'chroot-0', 'missing BuildRequires: foo');
    assert.equal(store.reasonOf(1, 'chroot-0'), 'missing BuildRequires: foo');
    assert.deepEqual(store.failures().map((x) => [x.task.chroot_name, x.acknowledged, x.reason]), [['chroot-0', false, 'missing BuildRequires: foo']]);
    store.acknowledgeFailures();
    assert.deepEqual(store.counts(), { running: 1, active: 1, failed: 1, unacknowledged: 0 });
    store.deleteBuild(1);
    assert.deepEqual(store.failures(), []);
  });
});

describe('VirtualClock', () => {
  it('runs due timers in order, including ones set while advancing, and nothing early', async () => {
    const clock = new VirtualClock({ start: 0 });
    const ran: string[] = [];
    clock.setTimeout(() => ran.push('b@20'), 20);
    clock.setTimeout(() => {
      ran.push('a@10');
      clock.setTimeout(() => ran.push('c@15'), 5);
    }, 10);
    const late = clock.setTimeout(() => ran.push('never'), 30);
    await clock.advance(19);
    assert.deepEqual(ran, ['a@10', 'c@15']);
    late.cancel();
    await clock.advance(100);
    assert.deepEqual(ran, ['a@10', 'c@15', 'b@20']);
    assert.equal(clock.now(), 119);
    assert.equal(clock.pendingTimers(), 0);
  });
});
