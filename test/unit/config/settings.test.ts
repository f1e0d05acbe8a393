import assert from 'node:assert/strict';
import { parseCoprConfig } from '../../../src/config/coprConfigFile';
import { DEFAULT_URL, readSettings, scopesOf } from '../../../src/config/settings';

const read = (values: Record<string, unknown>) => readSettings((k) => values[k]);

describe('settings', () => {
  it('defaults when nothing is set', () => {
    const { settings, problems } = read({});
    assert.deepEqual(problems, []);
    assert.equal(settings.url, DEFAULT_URL);
    assert.equal(settings.maxBuilds, 25);
    assert.equal(settings.pollIntervalSec, 30);
    assert.equal(settings.idleRefreshMinutes, 5);
    assert.equal(settings.notifications, 'failures');
    assert.deepEqual(scopesOf(settings), []);
  });

  it('normalises URLs and names the setting for each problem', () => {
    assert.equal(read({ url: 'https://copr.example.org/' }).settings.url, 'https://copr.example.org');
    const noScheme = read({ url: 'copr.example.org' });
    assert.equal(noScheme.settings.url, 'https://copr.example.org');
    assert.match(noScheme.problems[0], /copr\.url .*no scheme/);
    const withPath = read({ url: 'https://copr.example.org/coprs/alice' });
    assert.equal(withPath.settings.url, 'https://copr.example.org');
    assert.match(withPath.problems[0], /copr\.url .*path/);
    for (const url of ['https://bob:hunter2pw@copr.example.org', 'bob:hunter2pw@copr.example.org', 'https://bob:hunter2pw@[bad']) {
      const creds = read({ url });
      assert.ok(creds.problems.length > 0, url);
      assert.ok(creds.problems.every((p) => !p.includes('hunter2pw')), `the password is never repeated back: ${creds.problems}`);
    }
    assert.equal(read({ url: 'https://bob:hunter2pw@copr.example.org' }).settings.url, 'https://copr.example.org');
    assert.equal(read({ url: 'javascript:alert(1)' }).settings.url, DEFAULT_URL);
    assert.equal(read({ url: 'ftp://copr.example.org' }).settings.url, DEFAULT_URL);
    assert.equal(read({ url: 42 }).settings.url, DEFAULT_URL);
  });

  it('rejects bad owners and projects but keeps the good ones', () => {
    const r = read({ owner: 'al ice', projects: ['alice/hello', 'nohash', '@@x/y', '@grp/tools', 42, 'alice/hello'] });
    assert.equal(r.settings.owner, undefined);
    assert.deepEqual(r.settings.projects, ['alice/hello', '@grp/tools']);
    assert.ok(r.problems.some((p) => p.startsWith('copr.owner')));
    assert.equal(r.problems.filter((p) => p.startsWith('copr.projects')).length, 3);
    assert.equal(read({ owner: '@@grp' }).settings.owner, undefined);
    assert.equal(read({ owner: '@grp' }).settings.owner, '@grp');
    assert.deepEqual(read({ projects: 'alice/hello' }).settings.projects, []);
    assert.match(read({ projects: 'alice/hello' }).problems[0], /copr\.projects must be a list/);
  });

  it('clamps numbers to their bounds', () => {
    for (const [value, expected] of [[-5, 1], [0, 1], [1e9, 100], [40, 40]] as const) {
      assert.equal(read({ maxBuilds: value }).settings.maxBuilds, expected);
    }
    assert.equal(read({ pollInterval: 0 }).settings.pollIntervalSec, 10);
    assert.equal(read({ pollInterval: -1 }).settings.pollIntervalSec, 10);
    assert.equal(read({ pollInterval: 1e12 }).settings.pollIntervalSec, 3600);
    assert.equal(read({ pollInterval: 'fast' }).settings.pollIntervalSec, 30);
    assert.match(read({ pollInterval: 0 }).problems[0], /copr\.pollInterval/);
  });

  it('makes one scope per owner and project, in order', () => {
    const { settings } = read({ owner: '@python', projects: ['alice/hello', '@grp/tools'] });
    assert.deepEqual(scopesOf(settings), [
      { kind: 'owner', owner: '@python' },
      { kind: 'project', owner: 'alice', project: 'hello' },
      { kind: 'project', owner: '@grp', project: 'tools' },
    ]);
  });

  it('reads copr_url and username from copr-cli config, and login/token only for Sign In (issue 15)', () => {
    const cfg = parseCoprConfig('[copr-cli]\nlogin = abcdef\nusername = alice\ntoken = SECRET\ncopr_url = https://copr.example.org\n# c\n[other]\nusername = bob\n');
    assert.deepEqual(cfg, { url: 'https://copr.example.org', username: 'alice', login: 'abcdef', token: 'SECRET' });
    assert.deepEqual(parseCoprConfig('garbage\n[\n='), {});
  });
});
