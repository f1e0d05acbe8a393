import * as assert from 'node:assert/strict';
import { FailureLogCache, taskKey } from '../../../src/triage/logCache';
import { readLog } from './fixtures';

const RESULT = 'https://download.copr.example/results/jdoe/tools/fedora-rawhide-x86_64/09812345-python-foo/';

/** A fetcher over a fixed set of files, counting requests; `gate` holds every answer until released. */
function fakeFetcher(files: Record<string, string>, options: { failing?: Set<string> } = {}) {
  const requests: string[] = [];
  let release: () => void = () => {};
  let gate: Promise<void> | null = null;
  return {
    requests,
    hold(): void {
      gate = new Promise<void>((resolve) => (release = resolve));
    },
    release(): void {
      release();
    },
    fetchText: async (url: string): Promise<string | null> => {
      requests.push(url);
      if (gate) {
        await gate;
      }
      const name = url.slice(url.lastIndexOf('/') + 1);
      if (options.failing?.has(name)) {
        throw new Error('network down');
      }
      return files[name] ?? null;
    },
  };
}

describe('FailureLogCache', () => {
  it('keys tasks by build and chroot', () => {
    assert.equal(taskKey(9812345, 'fedora-rawhide-x86_64'), '9812345/fedora-rawhide-x86_64');
  });

  it('fetches builder-live.log.gz once and keeps the result', async () => {
    const fetcher = fakeFetcher({ 'builder-live.log.gz': readLog('gcc-build-error.builder-live.log') });
    const cache = new FailureLogCache({ fetchText: fetcher.fetchText });
    const task = { buildId: 9812345, chroot: 'fedora-rawhide-x86_64', resultUrl: RESULT };
    const first = await cache.classify(task);
    const second = await cache.classify(task);
    assert.equal(first.category, 'section-failed');
    assert.equal(second, first);
    assert.deepEqual(fetcher.requests, [`${RESULT}builder-live.log.gz`]);
    assert.equal(cache.peek(9812345, 'fedora-rawhide-x86_64'), first);
  });

  it('shares one fetch between concurrent requests for the same task', async () => {
    const fetcher = fakeFetcher({ 'builder-live.log.gz': readLog('timeout.builder-live.log') });
    fetcher.hold();
    const cache = new FailureLogCache({ fetchText: fetcher.fetchText });
    const task = { buildId: 7, chroot: 'fedora-rawhide-ppc64le', resultUrl: RESULT.slice(0, -1) };
    const all = Promise.all([cache.classify(task), cache.classify(task), cache.classify(task)]);
    fetcher.release();
    const [a, b, c] = await all;
    assert.equal(a, b);
    assert.equal(b, c);
    assert.equal(a.summary, 'infrastructure: build timeout');
    assert.deepEqual(fetcher.requests, [`${RESULT}builder-live.log.gz`], 'a result URL without its trailing slash works too');
  });

  it('falls back to builder-live.log, then build.log.gz and root.log.gz while the cause is unclear', async () => {
    const fetcher = fakeFetcher({
      'builder-live.log': 'Start: run\nERROR: Exception(/x.src.rpm) Config(child) 1 minutes 0 seconds\n',
      'build.log.gz': 'Mock Version: 6.3\n',
      'root.log.gz': readLog('missing-deps-dnf4.root.log'),
    });
    const cache = new FailureLogCache({ fetchText: fetcher.fetchText });
    const reason = await cache.classify({ buildId: 1, chroot: 'epel-9-x86_64', resultUrl: RESULT });
    assert.equal(reason.category, 'missing-deps');
    assert.equal(reason.source, 'root');
    assert.deepEqual(
      fetcher.requests.map((u) => u.slice(RESULT.length)),
      ['builder-live.log.gz', 'builder-live.log', 'build.log.gz', 'root.log.gz'],
    );
  });

  it('stops at the first log with a clear cause', async () => {
    const fetcher = fakeFetcher({
      'builder-live.log.gz': readLog('missing-deps-dnf5.builder-live.log'),
      'build.log.gz': readLog('gcc-build-error.builder-live.log'),
    });
    const cache = new FailureLogCache({ fetchText: fetcher.fetchText });
    await cache.classify({ buildId: 1, chroot: 'fedora-rawhide-x86_64', resultUrl: RESULT });
    assert.equal(fetcher.requests.length, 1);
  });

  it('does not keep an answer made without logs or after a failed fetch', async () => {
    const empty = fakeFetcher({});
    const cache = new FailureLogCache({ fetchText: empty.fetchText });
    const task = { buildId: 2, chroot: 'fedora-42-x86_64', resultUrl: RESULT };
    const reason = await cache.classify(task);
    assert.equal(reason.category, 'unknown');
    assert.equal(cache.size, 0);

    const broken = fakeFetcher({ 'build.log.gz': 'Mock Version: 6.3\n' }, { failing: new Set(['builder-live.log.gz']) });
    const cache2 = new FailureLogCache({ fetchText: broken.fetchText });
    const reason2 = await cache2.classify(task);
    assert.equal(reason2.category, 'unknown', 'a throwing fetcher is not an error for the caller');
    assert.equal(cache2.size, 0);
  });

  it('evicts the least recently used entry beyond its bound', async () => {
    const fetcher = fakeFetcher({ 'builder-live.log.gz': readLog('spec-error.srpm-builder-live.log') });
    const cache = new FailureLogCache({ fetchText: fetcher.fetchText, maxEntries: 2 });
    const task = (id: number) => ({ buildId: id, chroot: 'fedora-rawhide-x86_64', resultUrl: RESULT });
    await cache.classify(task(1));
    await cache.classify(task(2));
    await cache.classify(task(1)); // 1 is now the most recent
    await cache.classify(task(3));
    assert.equal(cache.size, 2);
    assert.ok(cache.peek(1, 'fedora-rawhide-x86_64'));
    assert.equal(cache.peek(2, 'fedora-rawhide-x86_64'), undefined);
    assert.equal(fetcher.requests.length, 3);
  });
});
