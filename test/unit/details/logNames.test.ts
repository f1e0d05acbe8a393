import * as assert from 'node:assert/strict';
import { logLocations } from '../../../src/logs/logNames';
import { logPath, parseLogPath } from '../../../src/logs/logUri';

describe('log locations', () => {
  const dir = 'https://be.example/results/o/p/fedora-rawhide-x86_64/00000007-pkg/';

  it('prefers the live file while the chroot runs, the .gz once it ended', () => {
    assert.deepEqual(logLocations(dir, 'builder-live', 'running'), [
      { url: `${dir}builder-live.log`, live: true },
      { url: `${dir}builder-live.log.gz`, live: false },
    ]);
    assert.deepEqual(logLocations(dir, 'builder-live', 'failed'), [
      { url: `${dir}builder-live.log.gz`, live: false },
      { url: `${dir}builder-live.log`, live: false },
    ]);
    assert.deepEqual(logLocations(dir.slice(0, -1), 'build', 'running')[0], { url: `${dir}build.log.gz`, live: false });
  });
});

describe('copr-log document paths', () => {
  it('round-trips build, chroot and log', () => {
    const ref = { buildId: 9800010, chroot: 'fedora-rawhide-x86_64', log: 'builder-live' as const };
    assert.equal(logPath(ref), '/9800010/fedora-rawhide-x86_64/builder-live.log');
    assert.deepEqual(parseLogPath(logPath(ref)), ref);
  });

  it('refuses paths that are not a task log', () => {
    for (const bad of ['/x/fedora/build.log', '/1/fedora/evil.log', '/1/../build.log', '/0/f/build.log', '/1/f/build.log.gz', '1/f/build.log']) {
      assert.equal(parseLogPath(bad), undefined, bad);
    }
  });
});
