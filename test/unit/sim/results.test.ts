import * as assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { renderLog, startSimulator, type LogContext, type SimulatorHandle } from '../../copr-sim';
import { BUILDS, FAILED_BUILDS, FAILED_CHROOT } from '../../copr-sim/fixtures';
import { FAILURE_KINDS, type FailureKind } from '../../copr-sim/types';
import { bytes, get, type V3Chroot } from './helpers';

const SIGNATURES: Record<FailureKind, RegExp> = {
  'missing-buildrequires': /No matching package to install|Failed build dependencies/,
  'build-error': /error: Bad exit status from \S+ \(%build\)/,
  'check-failure': /FAILED tests\/\S+ - AssertionError[\s\S]*\(%check\)/,
  'unpackaged-files': /Installed \(but unpackaged\) file\(s\) found/,
  'missing-files': /error: File not found: /,
  'spec-error': /error: line \d+: Unknown tag/,
  'no-space': /No space left on device/,
  'builder-lost': /Connection (reset by peer|closed)/,
  'build-timeout': /timeout/i,
};

const ctx: LogContext = {
  buildId: 9812345, chroot: 'fedora-rawhide-s390x', owner: '@python', project: 'python3.14', dirname: 'python3.14', package: 'python3.14',
  version: '3.14.0~rc2-1', gitHash: 'a'.repeat(40), startedOn: 1755000420, endedOn: 1755004020, frontendUrl: 'http://127.0.0.1:1',
};

describe('copr-sim logs and result directories', function () {
  this.timeout(20_000);
  let sim: SimulatorHandle;
  beforeEach(async () => {
    sim = await startSimulator();
  });
  afterEach(() => sim.close());

  const resultUrl = async (id: number, chroot: string) =>
    (await get<V3Chroot>(sim, `/api_3/build-chroot?build_id=${id}&chrootname=${chroot}`)).json.result_url as string;
  const path = (url: string) => url.slice(sim.url.length);

  it('renders the same logs for the same inputs', () => {
    for (const kind of ['succeeded', ...FAILURE_KINDS] as const) assert.deepEqual(renderLog(kind, ctx), renderLog(kind, ctx));
    assert.notEqual(renderLog('succeeded', ctx).builderLive, renderLog('succeeded', { ...ctx, buildId: 1 }).builderLive);
  });

  for (const kind of FAILURE_KINDS) {
    it(`leaves the signature of ${kind} in the logs, and a failed end`, () => {
      const logs = renderLog(kind, ctx);
      assert.match(logs.builderLive + logs.backend + logs.build + logs.root, SIGNATURES[kind]);
      assert.doesNotMatch(logs.builderLive, /INFO: Done\(/);
    });
  }

  it('ends a successful log with mock\'s Done line and rpmbuild\'s Wrote lines', () => {
    const logs = renderLog('succeeded', ctx);
    assert.match(logs.builderLive, /INFO: Done\(python3\.14-3\.14\.0~rc2-1\.fc44\.src\.rpm\) Config\(fedora-rawhide-s390x\)/);
    assert.match(logs.build, /Wrote: \/builddir\/build\/RPMS\/s390x\//);
    assert.doesNotMatch(logs.builderLive, /Bad exit status|Copr build error/);
  });

  it('serves each failure fixture with its recorded kind and its lines in the result directory', async () => {
    for (const kind of FAILURE_KINDS) {
      const id = FAILED_BUILDS[kind];
      assert.equal(sim.world.failureKindOf(id, FAILED_CHROOT), kind);
      const dir = path(await resultUrl(id, FAILED_CHROOT));
      const files = await Promise.all(['builder-live.log.gz', 'backend.log.gz', 'build.log.gz', 'root.log.gz'].map((f) => bytes(sim, dir + f)));
      const all = files.map((f) => gunzipSync(f.body).toString()).join('\n');
      assert.match(all, SIGNATURES[kind], kind);
      assert.equal((await get(sim, `${dir}success`)).status, 404, 'no success file on failure');
    }
  });

  it('grows builder-live.log while the chroot runs, then replaces it with the .gz and a success file', async () => {
    const dir = path(await resultUrl(BUILDS.running.id, 'fedora-rawhide-x86_64'));
    const first = await get(sim, `${dir}builder-live.log`);
    assert.equal(first.status, 200);
    assert.match(first.headers.get('content-type') ?? '', /^text\/plain/);
    sim.clock.advance(200);
    const second = await get(sim, `${dir}builder-live.log`);
    assert.ok(second.text.length > first.text.length);
    assert.ok(second.text.startsWith(first.text));
    assert.equal((await get(sim, `${dir}backend.log`)).status, 200);
    sim.clock.advance(200); // x86_64 ends at +300
    assert.equal((await get(sim, `${dir}builder-live.log`)).status, 404);
    const gz = await bytes(sim, `${dir}builder-live.log.gz`);
    assert.equal(gz.headers.get('content-type'), 'application/gzip');
    const full = gunzipSync(gz.body).toString();
    assert.ok(full.startsWith(second.text));
    assert.match(full, /INFO: Done\(/);
    assert.equal((await get(sim, `${dir}success`)).text, 'done\n');
    const listing = await get(sim, dir);
    assert.match(listing.text, /href="success"/);
  });

  it('honours Range on the live log: 206 with Content-Range, 416 past the end', async () => {
    const dir = path(await resultUrl(BUILDS.running.id, 'fedora-rawhide-aarch64'));
    const whole = await get(sim, `${dir}builder-live.log`);
    const total = Buffer.byteLength(whole.text);
    const part = await get(sim, `${dir}builder-live.log`, { headers: { range: 'bytes=100-' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 100-${total - 1}/${total}`);
    assert.equal(part.text, Buffer.from(whole.text).subarray(100).toString());
    const tail = await get(sim, `${dir}builder-live.log`, { headers: { range: 'bytes=-10' } });
    assert.equal(tail.text, Buffer.from(whole.text).subarray(total - 10).toString());
    const past = await get(sim, `${dir}builder-live.log`, { headers: { range: `bytes=${total}-` } });
    assert.equal(past.status, 416);
    assert.equal(past.headers.get('content-range'), `bytes */${total}`);
    sim.clock.advance(120);
    const more = await get(sim, `${dir}builder-live.log`, { headers: { range: `bytes=${total}-` } });
    assert.equal(more.status, 206);
    assert.ok(more.text.length > 0);
  });

  it('serves .gz as text with Content-Encoding: gzip in encoding mode', async () => {
    const enc = await startSimulator({ gzipMode: 'encoding' });
    try {
      const url = (await get<V3Chroot>(enc, `/api_3/build-chroot?build_id=${BUILDS.succeeded.id}&chrootname=fedora-42-x86_64`)).json.result_url as string;
      const res = await fetch(`${url}build.log.gz`); // fetch decodes Content-Encoding itself
      assert.equal(res.headers.get('content-encoding'), 'gzip');
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
      assert.match(await res.text(), /Executing\(%build\)/);
    } finally {
      await enc.close();
    }
  });

  it('gives pending chroots no result directory and the seed build its foreign one', async () => {
    const pending = await get<V3Chroot>(sim, `/api_3/build-chroot?build_id=${BUILDS.pending.id}&chrootname=fedora-rawhide-x86_64`);
    assert.equal(pending.json.result_url, null);
    assert.equal((await get(sim, `/results/alice/tools/fedora-rawhide-x86_64/${String(BUILDS.pending.id).padStart(8, '0')}-python-tools/`)).status, 404);
  });

  it('serves the backend task with git_hash and git_repo, and {"msg"} errors', async () => {
    const ok = await get<{ task_id: string; git_hash: string; git_repo: string; build_id: number }>(sim, '/backend/get-build-task/106882-fedora-rawhide-x86_64/');
    assert.equal(ok.json.git_hash, 'd241064b14f9dcd5d9032d0aca3b4e78fbd1aafd');
    assert.equal(ok.json.task_id, '106882-fedora-rawhide-x86_64');
    assert.match(ok.json.git_repo, /python-marshmallow/);
    const bad = await get<{ msg: string }>(sim, '/backend/get-build-task/106882-fedora-42-x86_64');
    assert.equal(bad.status, 404);
    assert.equal(typeof bad.json.msg, 'string');
  });

  it('serves the build web pages for users and groups', async () => {
    const user = await get(sim, `/coprs/alice/tools/build/${BUILDS.running.id}/`);
    assert.equal(user.status, 200);
    assert.match(user.text, /<span id="build-state" class="state-running">running<\/span>/);
    const group = await get(sim, `/coprs/g/rpm-team/python3.14/build/${BUILDS.big.id}/`);
    assert.equal(group.status, 200);
    assert.equal((await get(sim, `/coprs/alice/hello/build/${BUILDS.running.id}/`)).status, 404);
    const redirect = await fetch(`${sim.url}/coprs/build/${BUILDS.big.id}/`, { redirect: 'manual' });
    assert.equal(redirect.headers.get('location'), `/coprs/g/rpm-team/python3.14/build/${BUILDS.big.id}/`);
  });
});
