// Every fault while a live log is followed (LogSession over real HTTP with Range requests): nothing escapes, the text
// already shown stays, the follow backs off, and once the fault ends the document is exactly the log — no byte lost,
// none repeated, even when a poll broke off in the middle of its body.
import * as assert from 'node:assert/strict';
import { InFlight, settle } from '../../../bench/lockstep';
import { CoprClient } from '../../../src/api/client';
import { logLocations } from '../../../src/logs/logNames';
import { LogSession } from '../../../src/logs/logSession';
import type { FetchFn } from '../../../src/logs/logFetch';
import { startSimulator, type SimulatorHandle } from '../../copr-sim';
import { VirtualClock } from '../../support/virtualClock';
import { guardEscapes, type EscapeGuard } from './guard';
import { FAILURE_MODES, Gate, RIG_TIMEOUT_MS, recordingLogger } from './rig';
import { passed } from './tally';

const CHROOT = 'fedora-rawhide-x86_64';
const FOLLOW_MS = 5000;

/**
 * The real fetch, observed: the lockstep waits until each response body has been read to its end (or failed), so
 * virtual time never moves while a poll is still reading. Nothing is changed on the way.
 */
function observedFetch(inFlight: InFlight): FetchFn {
  return async (url, init) => {
    let finish!: () => void;
    void inFlight.track(new Promise<void>((resolve) => (finish = resolve)));
    let res: Response;
    try {
      res = await fetch(url, init);
    } catch (e) {
      finish();
      throw e;
    }
    if (!res.body) {
      finish();
      return res;
    }
    const reader = res.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(ctrl) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            ctrl.close();
            finish();
          } else ctrl.enqueue(value);
        } catch (e) {
          ctrl.error(e);
          finish();
        }
      },
      cancel(reason) {
        finish();
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/** The document's log text without the extension's own "[copr] ..." header lines. */
const body = (s: LogSession) => s.text().split('\n').filter((l) => !l.startsWith('[copr] ')).join('\n');

describe('reliability: faults while a live log is followed', function () {
  this.timeout(120_000);
  let sim: SimulatorHandle;
  let gate: Gate;
  let guard: EscapeGuard;
  let session: LogSession | undefined;
  beforeEach(async () => {
    guard = guardEscapes();
    sim = await startSimulator({ world: 'empty' });
    sim.world.addProject('rel', 'log', [CHROOT]);
    gate = new Gate(Number(new URL(sim.url).port));
    await gate.open();
  });
  afterEach(async () => {
    guard.dispose();
    session?.dispose();
    await gate.close();
    await sim.close();
  });

  async function follow(resultDir: string, clock: VirtualClock, inFlight: InFlight) {
    const logger = recordingLogger();
    const s = new LogSession({
      ref: { buildId: 1, chroot: CHROOT, log: 'builder-live' },
      locate: async () => ({ locations: logLocations(resultDir, 'builder-live', 'running'), state: 'running' }),
      isActive: () => true,
      clock,
      userAgent: 'copr-vscode/7.7.7-rel',
      fetch: observedFetch(inFlight),
      logger,
      followMs: FOLLOW_MS,
      tailChars: 8 * 1024 * 1024,
      timeoutMs: RIG_TIMEOUT_MS,
    });
    await inFlight.track(s.load());
    return { s, logger };
  }

  for (const mode of FAILURE_MODES) {
    if (mode === 'unresolvable') {
      it('unresolvable result host: the log document says why, nothing escapes', async () => {
        const inFlight = new InFlight();
        const clock = new VirtualClock({ start: Math.floor(sim.clock.now()) * 1000, settle: () => settle(inFlight) });
        const { s } = await follow('http://copr-sim.invalid/results/rel/log/x/00000001-pkg/', clock, inFlight);
        session = s;
        assert.match(s.text(), /^\[copr\] Could not load builder-live\.log from http:\/\/copr-sim\.invalid\/.*: Could not reach copr-sim\.invalid/);
        assert.equal(s.following, false);
        assert.deepEqual(guard.escaped, []);
        passed('faultPhases', `${mode}×log-follow`);
      });
      continue;
    }
    it(`${mode} while following: the text stays, then exactly the log again`, async () => {
      const id = sim.world.addBuild({ owner: 'rel', project: 'log', package: 'pkg', chroots: [CHROOT], durationSeconds: 600 });
      sim.clock.advance(200);
      const client = new CoprClient({ baseUrl: sim.url, apiVersion: 'v3' });
      const dir = (await client.listBuildTasks({ buildId: id }))[0]?.result_dir_url;
      assert.ok(dir);
      const inFlight = new InFlight();
      const clock = new VirtualClock({ start: Math.floor(sim.clock.now()) * 1000, settle: () => settle(inFlight) });
      const { s, logger } = await follow(dir.replace(sim.url, gate.url), clock, inFlight);
      session = s;
      assert.equal(s.following, true);
      const step = async (seconds: number) => {
        for (let i = 0; i < seconds; i++) {
          sim.clock.advance(1);
          await clock.advance(1000);
        }
      };
      await step(30);
      const before = body(s);
      assert.ok(before.length > 0);

      if (mode === 'refused') await gate.close();
      else sim.faults.add({ path: /builder-live\.log$/, kind: mode, ms: RIG_TIMEOUT_MS * 3, retryAfter: 30 });
      const polls = sim.requests.count();
      await step(70);
      assert.ok(body(s).startsWith(before), 'the text shown before the fault stays');
      assert.equal(s.following, true, 'still following');
      if (mode !== 'refused') assert.ok(sim.requests.count() - polls <= 5, `backs off: ${sim.requests.count() - polls} polls in 70 s`);
      assert.ok(logger.lines.some((l) => /^warn Following .* failed \(1\)/.test(l)), 'the failure is logged');

      sim.faults.clear();
      await gate.open();
      await step(120);
      // Time stops for the server; one more poll catches up with everything written so far.
      await clock.advance(60_000);
      const direct = await (await fetch(`${dir}builder-live.log`)).text();
      const shown = body(s);
      assert.equal(shown.length, direct.length, 'no byte lost or repeated');
      assert.equal(shown, direct);
      assert.ok(shown.length > before.length, 'the follow resumed');
      assert.deepEqual(guard.escaped, []);
      passed('faultPhases', `${mode}×log-follow`);
    });
  }
});
