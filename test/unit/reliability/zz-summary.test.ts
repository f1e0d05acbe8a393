// The suite's last word: how many cases of each kind ran and passed, counted from the cases themselves (a case adds
// itself to the tally as its last statement), and whether any reliability test failed.
import * as assert from 'node:assert/strict';
import type { Suite, Test } from 'mocha';
import { tally } from './tally';

function allTests(suite: Suite): Test[] {
  return [...suite.tests, ...suite.suites.flatMap(allTests)];
}

describe('reliability: summary', () => {
  it('prints the counts of what was tried', function () {
    let root = this.test?.parent;
    while (root?.parent) root = root.parent;
    const mine = allTests(root as Suite).filter((t) => t.fullTitle().startsWith('reliability:') && t !== this.test);
    const failed = mine.filter((t) => t.state === 'failed').length;
    const ran = mine.filter((t) => t.state !== undefined).length;
    const line =
      `reliability: ${tally.faultPhases.size} fault×phase cases, ${tally.badSettings.size} bad settings, ` +
      `${tally.hostile.size} hostile inputs, ${tally.properties.size} property suites, ${tally.secrets.size} secret checks — ` +
      (failed === 0 ? `all passed (${ran} tests)` : `${failed} of ${ran} tests FAILED`);
    console.log(`      ${line}`);
    assert.equal(failed, 0, line);
  });
});
