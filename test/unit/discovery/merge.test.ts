// Multi-root workspaces: each folder's discovery, merged into one (the tree shows one row per Copr project).
import * as assert from 'node:assert/strict';
import { discover } from '../../../src/discovery/discover';
import { gatherFacts } from '../../../src/discovery/facts';
import { mergeDiscoveries } from '../../../src/discovery/merge';
import { withRemoteMatches } from '../../../src/discovery/remoteMatch';
import { fixtureReader, parseYaml } from './support';

const folder = async (fixture: string, name: string) => discover(await gatherFacts(fixtureReader(fixture), name), parseYaml);

describe('discovery: multi-root workspaces', () => {
  it('two folders building in the same project: one project, the reasons of both folders, packages and targets joined', async () => {
    const a = await folder('packit-explicit', 'app');
    // The second folder's config builds the same project on release, for another package and target.
    const b = discover({ folder: 'docs', packit: [{ path: '.packit.yaml', text: 'downstream_package_name: packit-demo-docs\njobs:\n- job: copr_build\n  trigger: release\n  owner: bob\n  project: packit-demo\n  targets: [fedora-43-x86_64]\n' }], specs: [], remotes: [] }, parseYaml);
    const d = mergeDiscoveries([a, b]);
    assert.equal(d.projects.length, 1);
    const p = d.projects[0];
    assert.equal(`${p.owner}/${p.project}`, 'bob/packit-demo');
    assert.deepEqual(p.reasons, ['from app/.packit.yaml, copr_build on pull_request', 'from app/.packit.yaml, copr_build on commit', 'from docs/.packit.yaml, copr_build on release']);
    assert.deepEqual(p.packages, ['packit-demo', 'packit-demo-docs']);
    assert.equal(p.prDirs, true);
    assert.deepEqual(p.targets, ['fedora-rawhide-x86_64', 'fedora-42-x86_64', 'epel-9-x86_64', 'fedora-43-x86_64']);
    assert.deepEqual(a.projects[0].reasons.length, 2, 'the folders\' own discoveries are not changed');
  });

  it('the same fixture opened twice (a worktree next to the checkout): one project, one PR namespace, each folder\'s reasons', async () => {
    const d = mergeDiscoveries([await folder('packit-defaults', 'one'), await folder('packit-defaults', 'two')]);
    assert.deepEqual(d.projects.map((p) => [`${p.owner}/${p.project}`, p.reasons]), [
      ['packit/acme-hello-main', ['from one/.packit.yaml, copr_build on commit', 'from two/.packit.yaml, copr_build on commit']],
      ['packit/acme-hello-releases', ['from one/.packit.yaml, copr_build on release', 'from two/.packit.yaml, copr_build on release']],
    ]);
    assert.equal(d.prNamespaces.length, 1, 'one project search, not two');
    assert.deepEqual(d.prNamespaces[0].reasons, ['from one/.packit.yaml, copr_build on pull_request', 'from two/.packit.yaml, copr_build on pull_request']);
  });

  it('a folder showing every build of a project wins over another folder narrowing it to its package', async () => {
    const all = discover({ folder: 'x', packit: [{ path: '.packit.yaml', text: 'jobs:\n- job: copr_build\n  trigger: commit\n  owner: bob\n  project: shared\n' }], specs: [], remotes: [] }, parseYaml);
    const one = discover({ folder: 'y', packit: [{ path: '.packit.yaml', text: 'downstream_package_name: y\njobs:\n- job: copr_build\n  trigger: commit\n  owner: bob\n  project: shared\n' }], specs: [], remotes: [] }, parseYaml);
    assert.deepEqual(all.projects[0].packages, []);
    assert.deepEqual(mergeDiscoveries([all, one]).projects[0].packages, []);
    assert.deepEqual(mergeDiscoveries([one, all]).projects[0].packages, []);
  });

  it('one folder\'s Packit config and another\'s git remote name the same project: one row with both reasons', async () => {
    const d = withRemoteMatches(mergeDiscoveries([await folder('packit-explicit', 'app'), await folder('remote-only', 'tools')]), [
      { project: 'bob/packit-demo', package: 'packit-demo', remote: 'github.com/bob/packit-demo' },
    ]);
    assert.equal(d.projects.length, 1);
    assert.deepEqual(d.projects[0].reasons.at(-1), 'from the git remote github.com/bob/packit-demo, package packit-demo in bob/packit-demo');
    assert.equal(d.projects[0].reasons.length, 3);
  });
});
