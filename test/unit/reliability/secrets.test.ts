// No secrets leak: a Copr URL with user:pass@ is used and logged without them, no request ever carries
// Authorization or a cookie, every request says who it is (copr-vscode/<version>), and a server cannot smuggle
// credentials into the URLs the extension fetches or opens.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoprClient } from '../../../src/api/client';
import { CoprError } from '../../../src/api/errors';
import { readSettings } from '../../../src/config/settings';
import { logLocations } from '../../../src/logs/logNames';
import { LogSession } from '../../../src/logs/logSession';
import { CoprConnection } from '../../../src/services/coprConnection';
import { systemClock } from '../../../src/common/clock';
import { startSimulator, type SimulatorHandle } from '../../copr-sim';
import { Gate, recordingLogger, SECRET_PASSWORD, SECRET_USER, withCredentials } from './rig';
import { passed } from './tally';

const VERSION = (JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8')) as { version: string }).version;

describe('reliability: no secrets leak', function () {
  this.timeout(60_000);
  let sim: SimulatorHandle;
  before(async () => {
    sim = await startSimulator({ world: 'empty', api: 'both' });
    sim.world.addProject('sec', 'p', ['fedora-rawhide-x86_64']);
  });
  after(() => sim.close());

  const noSecret = (what: string, text: string | undefined) => {
    assert.ok(!(text ?? '').includes(SECRET_PASSWORD), `${what} carries the password: ${text}`);
    assert.ok(!(text ?? '').includes(`${SECRET_USER}:`), `${what} carries the user: ${text}`);
  };

  it('a Copr URL with user:pass@ from the settings: the connection uses and logs it without them, and says who it is', async () => {
    const { settings, problems } = readSettings((k) => (k === 'url' ? withCredentials(sim.url) : k === 'apiVersion' ? 'v3' : undefined));
    for (const p of problems) noSecret('a settings problem', p);
    const logger = recordingLogger();
    const connection = new CoprConnection(() => settings, logger, VERSION);
    sim.requests.reset();
    await connection.listBuilds({ project: 'sec/p', limit: 5 });
    await connection.getBuild(123456).catch(() => undefined);
    for (const l of logger.lines) noSecret('a log line', l);
    for (const r of sim.requests.list()) {
      assert.equal(r.headers['user-agent'], `copr-vscode/${VERSION}`);
      assert.equal(r.headers.authorization, undefined);
      assert.equal(r.headers.cookie, undefined);
    }
    passed('secrets', 'settings url');
  });

  it('a client given credentials directly: base URL, errors and log lines are clean for every kind of failure', async () => {
    const gate = new Gate(Number(new URL(sim.url).port));
    await gate.open();
    const logger = recordingLogger();
    const client = new CoprClient({ baseUrl: withCredentials(gate.url), apiVersion: 'v3', logger, timeoutMs: 1000 });
    noSecret('baseUrl', client.baseUrl);
    const errors: CoprError[] = [];
    const collect = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => void errors.push(e as CoprError));
    await collect(client.getBuild(999_999));
    sim.faults.add({ path: '/api_3/', kind: 'html502', times: 1 });
    await collect(client.getBuild(999_999));
    sim.faults.add({ path: '/api_3/', kind: 'hang', times: 1 });
    await collect(client.getBuild(999_999));
    await gate.close();
    await collect(client.getBuild(999_999));
    await collect(new CoprClient({ baseUrl: withCredentials('http://copr-sim.invalid'), apiVersion: 'v3', logger }).getBuild(1));
    await collect(client.fetchLog(`${withCredentials(sim.url)}/results/nope/builder-live.log`));
    assert.deepEqual(errors.map((e) => e.kind), ['not-found', 'http', 'timeout', 'network', 'network', 'invalid-argument']);
    for (const e of errors) {
      assert.ok(e instanceof CoprError);
      noSecret('an error message', e.message);
      noSecret('an error url', e.url);
    }
    for (const l of logger.lines) noSecret('a log line', l);
    assert.ok(sim.requests.list().every((r) => r.headers.authorization === undefined), 'credentials in a URL are never sent');
    passed('secrets', 'client errors');
  });

  it('a result URL with credentials from the server is refused, never fetched or shown', async () => {
    const id = sim.world.addBuild({ owner: 'sec', project: 'p', resultDirUrl: withCredentials(`${sim.url}/results/sec/p/fedora-rawhide-x86_64/x/`) });
    sim.clock.advance(200);
    for (const api of ['v3', 'v2'] as const) {
      const [task] = await new CoprClient({ baseUrl: sim.url, apiVersion: api }).listBuildTasks({ buildId: id });
      assert.equal(task?.result_dir_url, null, `${api}: refused`);
    }
    // Even handed one directly, the log document and its log lines do not repeat the password.
    const logger = recordingLogger();
    const session = new LogSession({
      ref: { buildId: id, chroot: 'fedora-rawhide-x86_64', log: 'builder-live' },
      locate: async () => ({ locations: logLocations(withCredentials(`${sim.url}/results/x/`), 'builder-live', 'running'), state: 'running' }),
      isActive: () => false, clock: systemClock, userAgent: 'copr-vscode/test', logger, followMs: 1000, tailChars: 10_000,
    });
    try {
      await session.load();
      noSecret('the log document', session.text());
      for (const l of logger.lines) noSecret('a log line', l);
    } finally {
      session.dispose();
    }
    passed('secrets', 'result url with credentials');
  });
});
