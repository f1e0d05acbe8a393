import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDetailsMessage } from '../../../src/details/messages';

const runs = Number(process.env.FUZZ_RUNS) || 300;

describe('parseDetailsMessage', () => {
  it('accepts the known commands with typed arguments', () => {
    assert.deepEqual(parseDetailsMessage({ command: 'openResultDir' }), { command: 'openResultDir' });
    assert.deepEqual(parseDetailsMessage({ command: 'copyGitHash', extra: 'ignored' }), { command: 'copyGitHash' });
    assert.deepEqual(parseDetailsMessage({ command: 'openBuildInCopr' }), { command: 'openBuildInCopr' });
    assert.deepEqual(parseDetailsMessage({ command: 'viewLog', log: 'build' }), { command: 'viewLog', log: 'build' });
    assert.deepEqual(parseDetailsMessage({ command: 'viewLog', log: 'root', line: 12 }), { command: 'viewLog', log: 'root', line: 12 });
    assert.deepEqual(parseDetailsMessage({ command: 'viewLog', log: 'root', line: '12' }), { command: 'viewLog', log: 'root', line: 12 });
    assert.deepEqual(parseDetailsMessage({ command: 'showTask', chroot: 'epel-9-x86_64' }), { command: 'showTask', chroot: 'epel-9-x86_64' });
  });

  it('drops unknown commands, wrong types and out-of-range values', () => {
    for (const m of [
      null,
      'openResultDir',
      [],
      { command: 'workbench.action.terminal.new' },
      { command: 'toString' },
      { command: '__proto__' },
      { command: 'viewLog', log: '../../etc/passwd' },
      { command: 'viewLog', log: 'build', line: -1 },
      { command: 'viewLog', log: 'build', line: 1.5 },
      { command: 'viewLog', log: 'build', line: '1e3' },
      { command: 'viewLog', log: 'build', line: 1e12 },
      { command: 'showTask', chroot: '../x' },
      { command: 'showTask', chroot: '<img src=x>' },
      { command: 'showTask' },
    ]) {
      assert.equal(parseDetailsMessage(m), undefined, JSON.stringify(m));
    }
  });

  it('never lets anything else through (property)', () => {
    const known = new Set(['openResultDir', 'copyGitHash', 'openBuildInCopr', 'viewLog', 'showTask']);
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const parsed = parseDetailsMessage(value);
        if (parsed === undefined) return;
        assert.ok(known.has(parsed.command));
        if (parsed.command === 'viewLog') {
          assert.ok(['builder-live', 'backend', 'build', 'root'].includes(parsed.log));
          if (parsed.line !== undefined) assert.ok(Number.isInteger(parsed.line) && parsed.line >= 1);
        }
        if (parsed.command === 'showTask') assert.match(parsed.chroot, /^[A-Za-z0-9][A-Za-z0-9._+-]*$/);
      }),
      { seed: 42, numRuns: runs },
    );
  });
});
