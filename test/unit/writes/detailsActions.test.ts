// The details page's write buttons: Cancel while the build can still change, Resubmit once it ended (of the chroot
// when it failed); the only messages the page may post for them are bare commands (no ids: the panel knows its task).
import * as assert from 'node:assert/strict';
import type { Build, BuildTask } from '../../../src/api/types';
import { detailsData } from '../../../src/details/detailsModel';
import { parseDetailsMessage } from '../../../src/details/messages';
import { renderDetails } from '../../../src/details/renderDetails';

const task = (state: BuildTask['state']): BuildTask => ({
  chroot_name: 'fedora-rawhide-x86_64', build_id: 7, state, started_on: 1, ended_on: null, result_dir_url: null, git_hash: null,
});
const build = (state: Build['state']): Build => ({
  id: 7, owner: 'alice', project: 'hello', dirname: 'hello', package_name: 'hello', package_version: '1-1', submitter: 'alice',
  submitted_on: 0, started_on: 1, ended_on: null, state, chroots: ['fedora-rawhide-x86_64'], project_id: null,
});

function page(buildState: Build['state'], taskState: BuildTask['state']): string {
  const t = task(taskState);
  return renderDetails({
    cspSource: 'https://x.example', nonce: 'abcdefghijklmnopqrstuvwxyz012345', scriptUri: 'https://x.example/d.js', styleUri: 'https://x.example/d.css',
    data: detailsData({ buildId: 7, chroot: t.chroot_name, task: t, build: build(buildState), tasks: [t], reason: undefined, fetchedGitHash: undefined, buildUrl: undefined, nowSeconds: 2 }),
  });
}

describe('writes/details page buttons', () => {
  it('shows Cancel Build while the build is active, and no Resubmit', () => {
    const p = page('running', 'running');
    assert.match(p, /data-command="cancelBuild"/);
    assert.doesNotMatch(p, /data-command="resubmitBuild"/);
  });

  it('shows Resubmit This Chroot… for a failed chroot of an ended build, Resubmit Build… otherwise, and no Cancel', () => {
    assert.match(page('failed', 'failed'), /data-command="resubmitBuild"[^>]*>.*Resubmit This Chroot…/);
    assert.match(page('canceled', 'canceled'), /Resubmit Build…/);
    assert.doesNotMatch(page('failed', 'failed'), /data-command="cancelBuild"/);
  });

  it('accepts only the bare commands from the page', () => {
    assert.deepEqual(parseDetailsMessage({ command: 'cancelBuild', buildId: 1 }), { command: 'cancelBuild' });
    assert.deepEqual(parseDetailsMessage({ command: 'resubmitBuild' }), { command: 'resubmitBuild' });
    assert.equal(parseDetailsMessage({ command: 'cancelBuilds' }), undefined);
  });
});
