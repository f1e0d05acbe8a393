// Entry point the extension host loads for `npm run test:copr`'s VS Code suite: runs the *.test.js next to this file
// (the extension against the real Copr frontend) with mocha and reports the counts to COPR_TEST_RESULTS. Kept apart
// from test/integration so that `npm test` never needs the real server.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000, forbidOnly: true });
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(join(__dirname, f));
  const results = { passed: 0, failed: 0, pending: 0 };
  const write = () => {
    const target = process.env.COPR_TEST_RESULTS;
    if (!target) return;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${JSON.stringify(results, null, 2)}\n`);
  };
  return new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      write();
      if (results.passed + results.failed === 0) reject(new Error(`no test ran (looked in ${__dirname})`));
      else if (failures > 0) reject(new Error(`${failures} test(s) against the real Copr failed`));
      else resolve();
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, () => results.passed++);
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, () => results.failed++);
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, () => results.pending++);
  });
}
