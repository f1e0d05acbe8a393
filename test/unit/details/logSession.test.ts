// LogSession and streamLog against the Copr simulator: gzipped and Content-Encoding logs, live following with
// Range requests on a manual clock, the bounded tail and its line mapping.
import * as assert from 'node:assert/strict';
import type { Clock, TimerHandle } from '../../../src/common/clock';
import { logLocations } from '../../../src/logs/logNames';
import { LogSession } from '../../../src/logs/logSession';
import { streamLog } from '../../../src/logs/logFetch';
import { fixtures, startSimulator, type SimulatorHandle } from '../../copr-sim';

class ManualClock implements Clock {
  private timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  private t = 0;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { at: this.t + ms, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }
  get pending(): number {
    return this.timers.filter((x) => !x.cancelled).length;
  }
  /** Runs the timers due within `ms` (not the ones they schedule). */
  tick(ms: number): void {
    this.t += ms;
    const due = this.timers.filter((x) => !x.cancelled && x.at <= this.t);
    this.timers = this.timers.filter((x) => !due.includes(x));
    for (const x of due) x.fn();
  }
}

function resultDir(sim: SimulatorHandle, buildId: number, chroot: string): string {
  const item = sim.world.getChroots(buildId).find((c) => (c as { name: string }).name === chroot) as { result_url: string | null };
  assert.ok(item?.result_url, `build ${buildId} ${chroot} has a result dir`);
  return item.result_url;
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(cond(), what);
}

const UA = 'copr-vscode/test';

describe('build logs from the simulator', () => {
  let sim: SimulatorHandle;
  let simEnc: SimulatorHandle;
  before(async () => {
    sim = await startSimulator({ gzipMode: 'file' });
    simEnc = await startSimulator({ gzipMode: 'encoding' });
  });
  after(async () => {
    await sim.close();
    await simEnc.close();
  });

  const failed = fixtures.FAILED_BUILDS['build-error'];
  const chroot = fixtures.FAILED_CHROOT;

  it('reads a .gz log the same whether it is served as a gzip file or with Content-Encoding: gzip', async () => {
    const read = async (s: SimulatorHandle) => {
      let text = '';
      const url = logLocations(resultDir(s, failed, chroot), 'build', 'failed')[0].url;
      const r = await streamLog(url, (t) => (text += t), { userAgent: UA });
      assert.equal(r.kind, 'ok');
      return text;
    };
    const [file, encoded] = await Promise.all([read(sim), read(simEnc)]);
    assert.match(file, /Bad exit status/);
    assert.equal(file, encoded);
  });

  it('reports a missing log as missing, not as an error', async () => {
    const url = `${resultDir(sim, failed, chroot)}nothing.log.gz`;
    assert.deepEqual(await streamLog(url, () => undefined, { userAgent: UA }), { kind: 'missing', status: 404 });
  });

  it('loads a finished log into a session and maps its lines', async () => {
    const clock = new ManualClock();
    const session = new LogSession({
      ref: { buildId: failed, chroot, log: 'build' },
      locate: async () => ({ locations: logLocations(resultDir(sim, failed, chroot), 'build', 'failed'), state: 'failed' }),
      isActive: () => false,
      clock,
      userAgent: UA,
      followMs: 1000,
      tailChars: 5 * 1024 * 1024,
    });
    await session.load();
    const text = session.text();
    assert.match(text, /Bad exit status/);
    assert.doesNotMatch(text, /^\[copr\]/);
    assert.equal(session.following, false);
    assert.equal(clock.pending, 0);
    assert.equal(session.documentLine(3), 3);
    session.dispose();
  });

  it('keeps only the tail of a log longer than its budget, says so in a first line, and maps lines past the cut', async () => {
    const full: string[] = [];
    await streamLog(logLocations(resultDir(sim, failed, chroot), 'builder-live', 'failed')[0].url, (t) => full.push(t), { userAgent: UA });
    const lines = full.join('').split('\n');
    const session = new LogSession({
      ref: { buildId: failed, chroot, log: 'builder-live' },
      locate: async () => ({ locations: logLocations(resultDir(sim, failed, chroot), 'builder-live', 'failed'), state: 'failed' }),
      isActive: () => false,
      clock: new ManualClock(),
      userAgent: UA,
      followMs: 1000,
      tailChars: 400,
    });
    await session.load();
    const docLines = session.text().split('\n');
    assert.match(docLines[0], /^\[copr\] Showing the last 1 KB of this log: the first [\d,]+ lines .* are not shown/);
    const last = lines.length - 1;
    const at = session.documentLine(last);
    assert.ok(at !== undefined);
    assert.equal(docLines[at - 1], lines[last - 1]);
    assert.equal(session.documentLine(1), undefined);
    session.dispose();
  });

  it('follows a live log with Range requests as the clock advances, and stops when disposed', async () => {
    const running = fixtures.BUILDS.running.id;
    const live = 'fedora-rawhide-x86_64';
    const clock = new ManualClock();
    let active = true;
    const session = new LogSession({
      ref: { buildId: running, chroot: live, log: 'builder-live' },
      locate: async () => ({ locations: logLocations(resultDir(sim, running, live), 'builder-live', 'running'), state: 'running' }),
      isActive: () => active,
      clock,
      userAgent: UA,
      followMs: 1000,
      tailChars: 5 * 1024 * 1024,
    });
    let changes = 0;
    session.onDidChange(() => changes++);
    await session.load();
    const before = session.text();
    assert.ok(before.length > 0);
    assert.equal(session.following, true);
    assert.equal(clock.pending, 1);

    sim.requests.reset();
    sim.clock.advance(120);
    const v = session.version;
    clock.tick(1000);
    await until(() => session.version > v, 'the session saw new bytes');
    const after = session.text();
    assert.ok(after.length > before.length, 'the log grew');
    assert.ok(after.startsWith(before), 'new bytes are appended');
    const ranged = sim.requests.list().filter((r) => r.path.endsWith('builder-live.log'));
    assert.deepEqual(ranged.map((r) => r.status), [206], 'one Range request, answered 206');
    assert.ok(ranged[0].bytes < after.length, 'only the new bytes were downloaded');
    await until(() => clock.pending === 1, 'the next poll is scheduled');

    // The task ends: one last poll, then no more timers.
    active = false;
    clock.tick(1000);
    await until(() => !session.following, 'following stopped when the task ended');
    assert.equal(clock.pending, 0);
    assert.ok(changes >= 2);
    session.dispose();
  });

  it('stops its timer when disposed while following', async () => {
    const running = fixtures.BUILDS.running.id;
    const live = 'fedora-rawhide-aarch64';
    const clock = new ManualClock();
    const session = new LogSession({
      ref: { buildId: running, chroot: live, log: 'builder-live' },
      locate: async () => ({ locations: logLocations(resultDir(sim, running, live), 'builder-live', 'running'), state: 'running' }),
      isActive: () => true,
      clock,
      userAgent: UA,
      followMs: 1000,
      tailChars: 5 * 1024 * 1024,
    });
    await session.load();
    assert.equal(clock.pending, 1);
    session.dispose();
    assert.equal(clock.pending, 0);
    assert.equal(session.following, false);
  });
});
