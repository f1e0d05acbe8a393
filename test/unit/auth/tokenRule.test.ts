// The token goes only to the configured Copr URL's origin, under /api_3/, over https or loopback http, never along a
// redirect — each case over real HTTP against the simulator (its request log shows which requests carried
// Authorization), plus a tiny redirecting server standing in for a Copr behind a misconfigured proxy.
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type SimulatorHandle } from '../../copr-sim';
import { AuthorizedTransport, basicAuthorization, isLoopback, tokenRefusal } from '../../../src/api/authorized';
import { CoprClient } from '../../../src/api/client';
import { CoprError } from '../../../src/api/errors';
import { writesFor } from '../../../src/api/writes';

const ALICE = { login: 'alicelogin', token: 'alicetoken' };
const withAuth = (sim: SimulatorHandle) => sim.requests.list().filter((r) => r.headers.authorization !== undefined);

async function refused(p: Promise<unknown>, pattern: RegExp): Promise<CoprError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CoprError, String(e));
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes('alicetoken'), 'the token is never in a message');
    return e;
  }
  return assert.fail('expected a refusal');
}

describe('auth/token destination rule (one place: src/api/authorized.ts)', function () {
  this.timeout(20_000);
  let sim: SimulatorHandle;
  let other: SimulatorHandle;
  let redirector: Server;
  let redirectorUrl: string;
  let redirectTarget = '';
  const redirectorAuth: Array<string | undefined> = [];

  before(async () => {
    sim = await startSimulator();
    other = await startSimulator();
    redirector = createServer((req, res) => {
      redirectorAuth.push(req.headers.authorization);
      res.writeHead(302, { location: redirectTarget }).end();
    });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
    redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
  });
  after(async () => {
    await sim.close();
    await other.close();
    await new Promise<void>((r) => redirector.close(() => r()));
  });
  beforeEach(() => {
    sim.requests.reset();
    other.requests.reset();
    redirectorAuth.length = 0;
  });

  const transport = (baseUrl: string) => new AuthorizedTransport({ baseUrl, userAgent: 'copr-vscode/test' });

  it('sends the token to the configured origin under /api_3/ (and only there)', async () => {
    const body = await transport(sim.url).json({ method: 'GET', url: `${sim.url}/api_3/auth-check`, credentials: ALICE });
    assert.deepEqual(body, { id: 1, name: 'alice' });
    assert.deepEqual(withAuth(sim).map((r) => [r.path, r.headers.authorization]), [['/api_3/auth-check', basicAuthorization(ALICE)]]);
  });

  it('never sends it to a result directory on the same origin', async () => {
    await refused(transport(sim.url).send({ method: 'GET', url: `${sim.url}/results/alice/hello/fedora-rawhide-x86_64/00000001-hello/builder-live.log`, credentials: ALICE }), /not under \/api_3\//);
    assert.equal(sim.requests.count(), 0, 'nothing was sent');
  });

  it('never sends it to a log host (another origin)', async () => {
    await refused(transport(sim.url).send({ method: 'GET', url: `${other.url}/api_3/auth-check`, credentials: ALICE }), /is not the Copr server/);
    assert.equal(other.requests.count(), 0);
  });

  it('does not follow a redirect to another origin (nor carry the token there)', async () => {
    redirectTarget = `${other.url}/api_3/auth-check`;
    await refused(transport(redirectorUrl).send({ method: 'GET', url: `${redirectorUrl}/api_3/auth-check`, credentials: ALICE }), /redirect/);
    assert.equal(redirectorAuth.length, 1, 'the configured origin was asked once');
    assert.equal(other.requests.count(), 0, 'the redirect target never heard of the token');
  });

  it('does not follow a redirect on the same origin either', async () => {
    redirectTarget = `${redirectorUrl}/api_3/auth-check/`;
    await refused(transport(redirectorUrl).send({ method: 'PUT', url: `${redirectorUrl}/api_3/build/cancel/1`, credentials: ALICE }), /redirect/);
    assert.equal(redirectorAuth.length, 1);
  });

  it('refuses plain http:// to a host that is not loopback, before any connection', async () => {
    await refused(transport('http://copr.example.invalid').send({ method: 'GET', url: 'http://copr.example.invalid/api_3/auth-check', credentials: ALICE }), /plain http/);
    assert.equal(tokenRefusal('https://copr.fedorainfracloud.org', 'https://copr.fedorainfracloud.org/api_3/build/cancel/1'), undefined);
    assert.equal(tokenRefusal('http://localhost:8080', 'http://localhost:8080/api_3/auth-check'), undefined);
    assert.match(tokenRefusal('https://copr.example', 'http://copr.example/api_3/auth-check') ?? '', /not the Copr server/);
    assert.match(tokenRefusal('https://copr.example', 'https://alice:x@copr.example/api_3/x') ?? '', /credentials/);
    assert.ok(isLoopback('127.0.0.1') && isLoopback('[::1]') && isLoopback('localhost') && !isLoopback('127.0.0.1.example.com'));
  });

  it('keeps a base URL path prefix: /copr/api_3/ yes, /api_3/ of the bare host no', () => {
    assert.equal(tokenRefusal('https://h.example/copr', 'https://h.example/copr/api_3/auth-check'), undefined);
    assert.match(tokenRefusal('https://h.example/copr', 'https://h.example/api_3/auth-check') ?? '', /not under/);
  });

  it('the read client never sends Authorization, also while writes are signed in', async () => {
    const client = new CoprClient({ baseUrl: sim.url, apiVersion: 'v3' });
    const writes = writesFor(client);
    assert.equal(await writes.whoAmI(ALICE), 'alice');
    await client.listBuilds({ project: 'alice/hello', limit: 5 });
    const source = await writes.buildSource((await client.listBuilds({ project: 'alice/hello', limit: 1 }))[0].id);
    assert.ok(source.owner === 'alice');
    assert.deepEqual(withAuth(sim).map((r) => r.path), ['/api_3/auth-check'], 'only the auth-check carried the token');
  });
});
