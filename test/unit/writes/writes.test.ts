// src/api/writes.ts against the simulator over real HTTP: who is signed in, cancel, resubmit from the source URL,
// build from git; Copr's 401/403/409/400 kept apart with Copr's own text; API v2 → "needs Copr API v3"; and every
// fault kind on a write rejects with a CoprError a person can read, after which the build is as it was (nothing lost,
// nothing done twice) and the same write succeeds.
import * as assert from 'node:assert/strict';
import { startSimulator, type FaultKind, type SimulatorHandle } from '../../copr-sim';
import { AuthorizedTransport } from '../../../src/api/authorized';
import { CoprClient } from '../../../src/api/client';
import { CoprError } from '../../../src/api/errors';
import { CoprWrites, CoprWriteError, writesFor } from '../../../src/api/writes';

const ALICE = { login: 'alicelogin', token: 'alicetoken' };
const BOB = { login: 'boblogin', token: 'bobtoken' };
const CAROL = { login: 'carollogin', token: 'caroltoken' };

async function rejection(p: Promise<unknown>): Promise<CoprError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CoprError, `a CoprError, got ${String(e)}`);
    assert.ok(e.message.length > 15, 'a message a person can act on');
    assert.ok(!e.message.includes('alicetoken'), 'the token is never in a message');
    return e;
  }
  return assert.fail('expected a rejection');
}

const stateOf = (sim: SimulatorHandle, id: number) => (sim.world.getBuild(id) as { state: string }).state;

describe('writes (simulator)', function () {
  this.timeout(30_000);
  let sim: SimulatorHandle;
  let writes: CoprWrites;

  before(async () => {
    sim = await startSimulator();
    writes = writesFor(new CoprClient({ baseUrl: sim.url }));
  });
  after(() => sim.close());
  afterEach(() => sim.faults.clear());

  const running = () => {
    const id = sim.world.addBuild({ owner: 'alice', project: 'hello' });
    sim.clock.advance(120);
    return id;
  };

  it('auth-check names the user; a wrong or expired token is 401 with Copr\'s text', async () => {
    assert.equal(await writes.whoAmI(ALICE), 'alice');
    assert.equal(await writes.whoAmI(BOB), 'bob');
    const e = await rejection(writes.whoAmI(CAROL));
    assert.ok(e instanceof CoprWriteError && e.failure === 'unauthorized');
    assert.match(e.serverText ?? '', /^Login invalid\/expired\. Please visit http:\/\/127\.0\.0\.1:\d+\/api to get or renew your API token\.$/);
    assert.equal(e.status, 401);
  });

  it('alice cancels a running build: Copr says canceled; again → 409 conflict', async () => {
    const id = running();
    assert.equal(stateOf(sim, id), 'running');
    await writes.cancelBuild(id, ALICE);
    assert.equal(stateOf(sim, id), 'canceled');
    const again = await rejection(writes.cancelBuild(id, ALICE));
    assert.ok(again instanceof CoprWriteError && again.failure === 'conflict');
    assert.equal(again.serverText, `Cannot cancel build ${id}`);
  });

  it('bob may not cancel alice\'s build: 403 with Copr\'s text, the build runs on', async () => {
    const id = running();
    const e = await rejection(writes.cancelBuild(id, BOB));
    assert.ok(e instanceof CoprWriteError && e.failure === 'forbidden');
    assert.equal(e.serverText, 'You are not allowed to cancel this build.');
    assert.equal(stateOf(sim, id), 'running');
  });

  it('resubmits a failed chroot from the old source URL in the same Packit directory; it succeeds in simulated time', async () => {
    const old = sim.world.addBuild({ owner: 'bob', project: 'packit-demo', dirname: 'packit-demo:pr:7', outcome: { 'fedora-42-x86_64': 'failed' } });
    sim.clock.advance(1000);
    assert.equal(stateOf(sim, old), 'failed');
    const source = await writes.buildSource(old);
    assert.equal(source.dirname, 'packit-demo:pr:7');
    assert.match(source.sourceUrl ?? '', /\.src\.rpm$/);
    const id = await writes.buildFromUrl({ owner: source.owner, project: source.project, dirname: source.dirname, url: source.sourceUrl as string, chroots: ['fedora-42-x86_64'] }, BOB);
    const created = sim.world.getBuild(id) as { project_dirname: string; chroots: string[]; submitter: string };
    assert.deepEqual([created.project_dirname, created.chroots, created.submitter], ['packit-demo:pr:7', ['fedora-42-x86_64'], 'bob']);
    sim.clock.advance(1000);
    assert.equal(stateOf(sim, id), 'succeeded');
  });

  it('builds a commit from git (create/scm) in the chroots asked; an unknown chroot is Copr\'s 400', async () => {
    const id = await writes.buildFromScm(
      { owner: 'alice', project: 'tools', cloneUrl: 'https://example.org/alice/tools.git', committish: 'a'.repeat(40), subdirectory: 'pkg', spec: 'tools.spec', chroots: ['fedora-rawhide-x86_64'] },
      ALICE,
    );
    const b = sim.world.getBuild(id) as { chroots: string[]; state: string };
    assert.deepEqual(b.chroots, ['fedora-rawhide-x86_64']);
    const bad = await rejection(
      writes.buildFromScm({ owner: 'alice', project: 'tools', cloneUrl: 'https://example.org/t.git', committish: 'HEAD', subdirectory: '', spec: 't.spec', chroots: ['epel-1-x86_64'] }, ALICE),
    );
    assert.ok(bad instanceof CoprWriteError && bad.failure === 'bad-request');
    assert.match(bad.serverText ?? '', /'epel-1-x86_64' is not a valid choice/);
  });

  it('on an API v2 server every write says it needs Copr API v3, and sends nothing', async () => {
    const v2 = await startSimulator({ api: 'v2' });
    try {
      const w = writesFor(new CoprClient({ baseUrl: v2.url }));
      v2.requests.reset();
      const e = await rejection(w.cancelBuild(1, ALICE));
      assert.ok(e instanceof CoprWriteError && e.failure === 'needs-v3');
      assert.match(e.message, /needs Copr API v3/);
      assert.equal(v2.requests.count((r) => r.headers.authorization !== undefined), 0);
    } finally {
      await v2.close();
    }
  });

  const FAULTS: FaultKind[] = ['json500', 'html502', 'html504', '503', '429', 'html200', 'truncated', 'drop', 'hang', 'huge', 'deep'];
  for (const kind of FAULTS) {
    it(`cancel under '${kind}': a readable CoprError, the build untouched, and the retry cancels it`, async () => {
      const id = running();
      const client = new CoprClient({ baseUrl: sim.url, apiVersion: 'v3' });
      const w = new CoprWrites({
        baseUrl: client.baseUrl,
        transport: new AuthorizedTransport({ baseUrl: client.baseUrl, userAgent: 'copr-vscode/test', timeoutMs: 500 }),
        resolveVersion: () => client.resolveVersion(),
      });
      sim.faults.add({ path: `/api_3/build/cancel/${id}`, kind, times: 1, bytes: 3 * 1024 * 1024 });
      const e = await rejection(w.cancelBuild(id, ALICE));
      assert.ok(!(e instanceof CoprWriteError), `${kind} is not a refusal: ${e.message}`);
      if (kind === 'truncated') {
        // Copr did cancel, then the answer was cut: the message says it may have happened; a retry is Copr's 409.
        assert.match(e.message, /may or may not have happened/);
        assert.equal(stateOf(sim, id), 'canceled');
        const again = await rejection(w.cancelBuild(id, ALICE));
        assert.ok(again instanceof CoprWriteError && again.failure === 'conflict');
        return;
      }
      assert.equal(stateOf(sim, id), 'running', 'the fault answered instead of Copr: nothing happened');
      await w.cancelBuild(id, ALICE);
      assert.equal(stateOf(sim, id), 'canceled');
    });
  }

  // Resubmit (create/url) and Build This Commit (create/scm) under the same faults: never an id for a lost answer;
  // a build Copr made before the answer was cut is there (nothing lost) and the message says it may have happened
  // (a blind retry would build twice); otherwise nothing was built and the retry builds exactly once.
  const creates: Array<[string, string, (w: CoprWrites) => Promise<number>]> = [
    ['create/url', '/api_3/build/create/url', (w) => w.buildFromUrl({ owner: 'alice', project: 'hello', dirname: 'hello', url: 'https://example.org/hello-1.0-1.src.rpm', chroots: ['fedora-42-x86_64'] }, ALICE)],
    ['create/scm', '/api_3/build/create/scm', (w) => w.buildFromScm({ owner: 'alice', project: 'tools', cloneUrl: 'https://example.org/alice/tools.git', committish: 'c'.repeat(40), subdirectory: '', spec: 'tools.spec', chroots: ['fedora-rawhide-x86_64'] }, ALICE)],
  ];
  for (const [what, path, create] of creates) {
    for (const kind of FAULTS) {
      it(`${what} under '${kind}': no build id claimed, nothing lost, and the retry builds once`, async () => {
        const client = new CoprClient({ baseUrl: sim.url, apiVersion: 'v3' });
        const w = new CoprWrites({
          baseUrl: client.baseUrl,
          transport: new AuthorizedTransport({ baseUrl: client.baseUrl, userAgent: 'copr-vscode/test', timeoutMs: 500 }),
          resolveVersion: () => client.resolveVersion(),
        });
        const known = new Set(sim.world.buildIds());
        const made = () => sim.world.buildIds().filter((id) => !known.has(id));
        sim.faults.add({ path, kind, times: 1, bytes: 3 * 1024 * 1024 });
        const e = await rejection(create(w));
        assert.ok(!(e instanceof CoprWriteError), `${kind} is not a refusal: ${e.message}`);
        if (kind === 'truncated') {
          assert.match(e.message, /may or may not have happened/);
          assert.equal(made().length, 1, 'Copr built it before the answer was cut: it is there');
          return;
        }
        if (kind === 'drop' || kind === 'hang') assert.match(e.message, /may or may not have happened/, 'no answer at all: it does not say nothing happened');
        assert.deepEqual(made(), [], 'the fault answered instead of Copr: nothing was built');
        const id = await create(w);
        assert.deepEqual(made(), [id]);
      });
    }
  }
});
