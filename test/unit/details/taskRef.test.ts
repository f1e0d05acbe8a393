import * as assert from 'node:assert/strict';
import type { BuildTask } from '../../../src/api/types';
import { parseBuildInput, refOfArgument, resolveBuildId, resolveTaskRef, validateBuildInput, type TaskRefPrompts } from '../../../src/commands/taskRef';

function t(chroot: string): BuildTask {
  return { chroot_name: chroot, build_id: 7, state: 'running', started_on: 1, ended_on: null, result_dir_url: null, git_hash: null };
}

function prompts(answers: { build?: string; chroot?: string }, seen: string[] = []): TaskRefPrompts {
  return {
    askBuild: async (validate) => {
      seen.push('askBuild');
      if (answers.build !== undefined) assert.equal(validate(answers.build), undefined);
      return answers.build;
    },
    pickChroot: async (_id, choices) => {
      seen.push(`pick:${choices.map((c) => c.chroot).join(',')}`);
      return answers.chroot;
    },
  };
}

describe('task references', () => {
  it('reads a task row argument and a TaskNode-like object', () => {
    assert.deepEqual(refOfArgument({ buildId: 7, chroot: 'fedora-42-x86_64' }), { buildId: 7, chroot: 'fedora-42-x86_64' });
    assert.deepEqual(refOfArgument({ buildId: 7, chroot: 'fedora-42-x86_64', id: 'task:7/x', ctx: {} }), { buildId: 7, chroot: 'fedora-42-x86_64' });
    assert.deepEqual(refOfArgument({ buildId: 7 }), { buildId: 7 });
    assert.deepEqual(refOfArgument({ build_id: 7, chroot_name: 'epel-9-x86_64' }), { buildId: 7, chroot: 'epel-9-x86_64' });
    assert.equal(refOfArgument({ buildId: -1, chroot: 'x' }), undefined);
    assert.equal(refOfArgument({ buildId: 1.5 }), undefined);
    assert.equal(refOfArgument(undefined), undefined);
    assert.deepEqual(refOfArgument({ buildId: 7, chroot: '../x' }), { buildId: 7 });
  });

  it('parses ids and Copr URLs a person types', () => {
    assert.deepEqual(parseBuildInput('9812345'), { buildId: 9812345 });
    assert.deepEqual(parseBuildInput(' #9812345 '), { buildId: 9812345 });
    assert.deepEqual(parseBuildInput('https://copr.fedorainfracloud.org/coprs/g/python/python3.14/build/9812345/'), { buildId: 9812345 });
    assert.deepEqual(parseBuildInput('https://copr.fedorainfracloud.org/coprs/build/9812345'), { buildId: 9812345 });
    assert.deepEqual(
      parseBuildInput('https://download.copr.fedorainfracloud.org/results/@python/python3.14/fedora-rawhide-s390x/09812345-python3.14/'),
      { buildId: 9812345, chroot: 'fedora-rawhide-s390x' },
    );
    for (const bad of ['', 'abc', '0', '-3', 'javascript:alert(1)//build/3/', 'https://copr.example/coprs/alice/hello/', '99999999999']) {
      assert.equal(parseBuildInput(bad), undefined, bad);
    }
    assert.match(validateBuildInput('abc') ?? '', /Not a build id/);
  });

  it('takes the chroot from the argument without asking anything', async () => {
    const seen: string[] = [];
    const ref = await resolveTaskRef({ buildId: 7, chroot: 'a-1-x86_64' }, { prompts: prompts({}, seen), loadTasks: async () => [] });
    assert.deepEqual(ref, { buildId: 7, chroot: 'a-1-x86_64' });
    assert.deepEqual(seen, []);
  });

  it('asks for a build, then picks among its chroots (command palette)', async () => {
    const seen: string[] = [];
    const ref = await resolveTaskRef(undefined, {
      prompts: prompts({ build: '7', chroot: 'b-1-x86_64' }, seen),
      loadTasks: async (id) => (id === 7 ? [t('a-1-x86_64'), t('b-1-x86_64')] : []),
    });
    assert.deepEqual(ref, { buildId: 7, chroot: 'b-1-x86_64' });
    assert.deepEqual(seen, ['askBuild', 'pick:a-1-x86_64,b-1-x86_64']);
  });

  it('does not ask for the chroot of a one-chroot build, and stops when the person cancels', async () => {
    assert.deepEqual(await resolveTaskRef({ buildId: 7 }, { prompts: prompts({}), loadTasks: async () => [t('only-1-x86_64')] }), { buildId: 7, chroot: 'only-1-x86_64' });
    assert.equal(await resolveTaskRef(undefined, { prompts: prompts({}), loadTasks: async () => [t('a')] }), undefined);
    assert.equal(await resolveTaskRef({ buildId: 7 }, { prompts: prompts({}), loadTasks: async () => [t('a-1'), t('b-1')] }), undefined);
  });

  it('explains a build without chroots', async () => {
    await assert.rejects(resolveTaskRef({ buildId: 7 }, { prompts: prompts({}), loadTasks: async () => [] }), /no chroots yet/);
  });

  it('resolves only the build id for build-level commands', async () => {
    assert.equal(await resolveBuildId({ buildId: 9 }, prompts({})), 9);
    assert.equal(await resolveBuildId(undefined, prompts({ build: 'https://c.example/coprs/build/12/' })), 12);
    assert.equal(await resolveBuildId(undefined, prompts({})), undefined);
  });
});
