import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { startSimulator, fixtures, type SimulatorHandle } from '../../copr-sim';
import { CoprClient } from '../../../src/api/client';
import { CoprError } from '../../../src/api/errors';
import { fetchLog, wholeUtf8Length } from '../../../src/api/logs';
import { taskLogUrls } from '../../../src/api/urls';

const { BUILDS } = fixtures;
const runs = Number(process.env.FUZZ_RUNS) || 200;

function bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

describe('api/logs', function () {
  this.timeout(20_000);

  describe('tailing a live log with Range', () => {
    let sim: SimulatorHandle;
    let client: CoprClient;
    let live: string;

    before(async () => {
      sim = await startSimulator({ api: 'v3' });
      client = new CoprClient({ baseUrl: sim.url });
      const task = await client.getBuildTask(BUILDS.running.id, 'fedora-rawhide-x86_64');
      assert.equal(task.state, 'running');
      live = taskLogUrls(task).builderLive as string;
      assert.match(live, /builder-live\.log$/);
    });
    after(async () => {
      await sim.close();
    });

    it('reads from the start, then only new bytes; 416 means nothing new', async () => {
      const first = await client.fetchLog(live);
      assert.ok(first.text.length > 0);
      assert.equal(first.nextOffset, bytes(first.text));
      assert.deepEqual([first.complete, first.truncated, first.restarted], [false, false, false]);

      const none = await client.fetchLog(live, { range: first.nextOffset });
      assert.deepEqual(none, { text: '', nextOffset: first.nextOffset, complete: false, truncated: false, restarted: false });

      sim.clock.advance(120);
      const more = await client.fetchLog(live, { range: first.nextOffset });
      assert.ok(more.text.length > 0);
      assert.equal(more.nextOffset, first.nextOffset + bytes(more.text));
      const whole = await client.fetchLog(live);
      assert.equal(first.text + more.text, whole.text);
    });

    it('maxBytes cuts a chunk and the next call continues where it stopped', async () => {
      const whole = await fetchLog(live);
      const parts: string[] = [];
      let offset = 0;
      for (let i = 0; i < 1000; i++) {
        const chunk = await fetchLog(live, { range: offset, maxBytes: 700 });
        parts.push(chunk.text);
        if (!chunk.truncated) break;
        assert.ok(chunk.nextOffset > offset);
        offset = chunk.nextOffset;
      }
      assert.equal(parts.join(''), whole.text);
    });

    it('a log that is not there is not-found; an unsafe URL is refused', async () => {
      const done = await client.getBuildTask(BUILDS.succeeded.id, 'fedora-rawhide-x86_64');
      const dir = done.result_dir_url as string;
      await assert.rejects(client.fetchLog(`${dir}builder-live.log`), (e: unknown) => e instanceof CoprError && e.kind === 'not-found' && e.status === 404);
      await assert.rejects(fetchLog('file:///etc/passwd'), (e: unknown) => e instanceof CoprError && e.kind === 'invalid-argument');
    });
  });

  for (const gzipMode of ['file', 'encoding'] as const) {
    describe(`a finished log served gzipped (${gzipMode})`, () => {
      let sim: SimulatorHandle;
      let client: CoprClient;
      let url: string;

      before(async () => {
        sim = await startSimulator({ api: 'v3', gzipMode });
        client = new CoprClient({ baseUrl: sim.url });
        const failed = await client.getBuildTask(fixtures.FAILED_BUILDS['check-failure'], fixtures.FAILED_CHROOT);
        assert.equal(failed.state, 'failed');
        url = taskLogUrls(failed).build as string;
        assert.match(url, /build\.log\.gz$/);
      });
      after(async () => {
        await sim.close();
      });

      it('decodes to the whole text and says it is complete', async () => {
        const log = await client.fetchLog(url);
        assert.ok(log.text.length > 100);
        assert.ok(!log.text.includes('\u001f\u008b'));
        assert.equal(log.complete, true);
        assert.equal(log.truncated, false);
        assert.equal(log.nextOffset, bytes(log.text));
      });

      it('a range into a .gz applies to the decoded text', async () => {
        const whole = await client.fetchLog(url);
        const tail = await client.fetchLog(url, { range: 50 });
        assert.equal(tail.text, new TextDecoder().decode(new TextEncoder().encode(whole.text).subarray(50)));
      });

      it('maxBytes truncates the decoded text', async () => {
        const cut = await client.fetchLog(url, { maxBytes: 100 });
        assert.equal(cut.truncated, true);
        assert.equal(cut.complete, false);
        assert.ok(bytes(cut.text) <= 100);
      });
    });
  }

  it('property: a cut at any byte keeps only whole UTF-8 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.nat(), (s, at) => {
        const encoded = new TextEncoder().encode(s);
        const cut = encoded.subarray(0, at % (encoded.length + 1));
        const keep = wholeUtf8Length(cut);
        assert.ok(keep <= cut.length && keep >= cut.length - 3);
        const text = new TextDecoder('utf-8', { fatal: true }).decode(cut.subarray(0, keep));
        assert.ok(s.startsWith(text));
      }),
      { seed: 42, numRuns: runs },
    );
  });
});
