// Bad settings: each gets one clear message naming the setting, falls back to something safe, and the rest of the
// settings keep working; the monitor then runs on what is left without crashing.
import * as assert from 'node:assert/strict';
import { DEFAULT_URL, readSettings, scopesOf, type CoprSettings } from '../../../src/config/settings';
import { CoprConnection } from '../../../src/services/coprConnection';
import { recordingLogger, SECRET_PASSWORD } from './rig';
import { passed } from './tally';

interface BadSetting {
  name: string;
  key: string;
  value: unknown;
  /** The message, or null when the value is harmless and silently normalised. */
  problem: RegExp | null;
  /** Two separate mistakes in one value get a message each. */
  messages?: number;
  check: (s: CoprSettings) => void;
}

const BAD: BadSetting[] = [
  { name: 'url without a scheme', key: 'url', value: 'copr.example.org', problem: /^copr\.url .*no scheme/, check: (s) => assert.equal(s.url, 'https://copr.example.org') },
  { name: 'url with a path', key: 'url', value: 'https://copr.example.org/coprs/alice/', problem: /^copr\.url .*server only.*path/, check: (s) => assert.equal(s.url, 'https://copr.example.org') },
  { name: 'url with a trailing slash', key: 'url', value: 'https://copr.example.org/', problem: null, check: (s) => assert.equal(s.url, 'https://copr.example.org') },
  { name: 'url with credentials', key: 'url', value: `https://bob:${SECRET_PASSWORD}@copr.example.org`, problem: /^copr\.url contains credentials; they were removed/, check: (s) => assert.equal(s.url, 'https://copr.example.org') },
  { name: 'url with credentials and no scheme', key: 'url', value: `bob:${SECRET_PASSWORD}@copr.example.org`, problem: /^copr\.url/, messages: 2, check: (s) => assert.ok(!s.url.includes(SECRET_PASSWORD)) },
  { name: 'url javascript:', key: 'url', value: 'javascript:alert(1)', problem: /^copr\.url must use http or https, not javascript:/, check: (s) => assert.equal(s.url, DEFAULT_URL) },
  { name: 'owner with spaces', key: 'owner', value: 'al ice', problem: /^copr\.owner "al ice" is not a Copr user or @group/, check: (s) => assert.equal(s.owner, undefined) },
  { name: 'owner @@', key: 'owner', value: '@@group', problem: /^copr\.owner/, check: (s) => assert.equal(s.owner, undefined) },
  { name: 'project without a slash', key: 'projects', value: ['hello'], problem: /^copr\.projects: "hello" is not "owner\/project"/, check: (s) => assert.deepEqual(s.projects, []) },
  { name: 'projects not a list', key: 'projects', value: 'alice/hello', problem: /^copr\.projects must be a list/, check: (s) => assert.deepEqual(s.projects, []) },
  { name: 'projects an object', key: 'projects', value: { alice: 'hello' }, problem: /^copr\.projects must be a list/, check: (s) => assert.deepEqual(s.projects, []) },
  { name: 'maxBuilds negative', key: 'maxBuilds', value: -5, problem: /^copr\.maxBuilds -5 is outside 1\.\.100; using 1/, check: (s) => assert.equal(s.maxBuilds, 1) },
  { name: 'maxBuilds zero', key: 'maxBuilds', value: 0, problem: /^copr\.maxBuilds 0 is outside/, check: (s) => assert.equal(s.maxBuilds, 1) },
  { name: 'maxBuilds huge', key: 'maxBuilds', value: 1e12, problem: /^copr\.maxBuilds .* using 100/, check: (s) => assert.equal(s.maxBuilds, 100) },
  { name: 'pollInterval negative', key: 'pollInterval', value: -1, problem: /^copr\.pollInterval -1 is outside 10\.\.3600; using 10/, check: (s) => assert.equal(s.pollIntervalSec, 10) },
  { name: 'pollInterval zero', key: 'pollInterval', value: 0, problem: /^copr\.pollInterval 0/, check: (s) => assert.equal(s.pollIntervalSec, 10) },
  { name: 'pollInterval huge', key: 'pollInterval', value: 1e12, problem: /^copr\.pollInterval .* using 3600/, check: (s) => assert.equal(s.pollIntervalSec, 3600) },
  { name: 'pollInterval not a number', key: 'pollInterval', value: 'fast', problem: /^copr\.pollInterval must be a number/, check: (s) => assert.equal(s.pollIntervalSec, 30) },
  { name: 'pollInterval NaN', key: 'pollInterval', value: Number.NaN, problem: /^copr\.pollInterval must be a number/, check: (s) => assert.equal(s.pollIntervalSec, 30) },
];

const GOOD = { url: 'https://copr.example.org', owner: 'alice', projects: ['bob/tools'], maxBuilds: 40, pollInterval: 60 };

describe('reliability: bad settings', () => {
  for (const bad of BAD) {
    it(`${bad.name}: ${bad.problem ? 'one message naming the setting' : 'normalised silently'}, the rest unharmed`, () => {
      const values: Record<string, unknown> = { ...GOOD, [bad.key]: bad.value };
      const { settings, problems } = readSettings((k) => values[k]);
      if (bad.problem) {
        assert.equal(problems.length, bad.messages ?? 1, problems.join(' | '));
        assert.match(problems[0] as string, bad.problem);
        assert.ok(problems.every((p) => p.startsWith(`copr.${bad.key}`)), 'names the setting first');
      } else {
        assert.deepEqual(problems, []);
      }
      assert.ok(problems.every((p) => !p.includes(SECRET_PASSWORD)), 'never repeats a password');
      bad.check(settings);
      // Every other setting is still the good value.
      if (bad.key !== 'url') assert.equal(settings.url, GOOD.url);
      if (bad.key !== 'owner') assert.equal(settings.owner, GOOD.owner);
      if (bad.key !== 'projects') assert.deepEqual(settings.projects, GOOD.projects);
      if (bad.key !== 'maxBuilds') assert.equal(settings.maxBuilds, GOOD.maxBuilds);
      if (bad.key !== 'pollInterval') assert.equal(settings.pollIntervalSec, GOOD.pollInterval);
      // The connection and the scopes work from what is left, and log no secret.
      const logger = recordingLogger();
      const connection = new CoprConnection(() => settings, logger, '1.0.0');
      assert.ok(connection.client().baseUrl.startsWith('https://'));
      assert.ok(logger.lines.every((l) => !l.includes(SECRET_PASSWORD)), logger.lines.join('\n'));
      for (const s of scopesOf(settings)) assert.ok(s.kind === 'owner' || s.kind === 'project');
      passed('badSettings', bad.name);
    });
  }

  it('every bad value at once: one message each, nothing thrown, the good project kept', () => {
    const values: Record<string, unknown> = {
      url: `ftp://x:${SECRET_PASSWORD}@h`, apiVersion: 'v9', owner: '@@', projects: ['good/one', 'bad', 42, null], maxBuilds: 'many',
      pollInterval: -3, idleRefreshMinutes: 1e9, notifications: 'loud', stateFilter: ['failed', 'exploded'], specDiagnostics: 'yes',
    };
    const { settings, problems } = readSettings((k) => values[k]);
    for (const key of ['url', 'apiVersion', 'owner', 'projects', 'maxBuilds', 'pollInterval', 'idleRefreshMinutes', 'notifications', 'stateFilter']) {
      assert.ok(problems.some((p) => p.startsWith(`copr.${key}`)), `a message names copr.${key}: ${problems.join(' | ')}`);
    }
    assert.ok(problems.every((p) => !p.includes(SECRET_PASSWORD)));
    assert.deepEqual(settings.projects, ['good/one']);
    assert.deepEqual(settings.stateFilter, ['failed']);
    assert.deepEqual(scopesOf(settings), [{ kind: 'project', owner: 'good', project: 'one' }]);
    passed('badSettings', 'all at once');
  });
});
