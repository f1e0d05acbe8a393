// Entry point the extension host loads as `extensionTestsPath`: runs every compiled *.test.js next to this file with
// mocha (BDD) inside the real extension host, and reports the counts to COPR_TEST_RESULTS when that is set.
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export interface SuiteResults {
  passed: number;
  failed: number;
  pending: number;
}

function findTestFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTestFiles(path));
    else if (entry.name.endsWith('.test.js')) found.push(path);
  }
  return found.sort();
}

function writeResults(results: SuiteResults): void {
  const target = process.env.COPR_TEST_RESULTS;
  if (!target) return;
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify(results, null, 2)}\n`);
}

/** The suite of this folder (the trusted workspace's). */
export function run(): Promise<void> {
  return runSuiteIn(__dirname);
}

/** Runs every *.test.js under `dir` with mocha inside the extension host. */
export function runSuiteIn(dir: string): Promise<void> {
  // The extension host forwards console.log one call at a time; formatting here keeps mocha's "%s"-style lines whole.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    // The first test pays for activating the extension in a freshly started host.
    timeout: 30_000,
    forbidOnly: true,
  });
  // COPR_TEST_FILES (comma-separated parts of file names) narrows the run, e.g. "smoke,tree"; COPR_TEST_GREP filters titles.
  const only = (process.env.COPR_TEST_FILES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const files = findTestFiles(dir).filter((f) => only.length === 0 || only.some((part) => basename(f).includes(part)));
  if (process.env.COPR_TEST_GREP) mocha.grep(process.env.COPR_TEST_GREP);
  for (const file of files) mocha.addFile(file);

  return new Promise<void>((resolve, reject) => {
    const results: SuiteResults = { passed: 0, failed: 0, pending: 0 };
    try {
      const runner = mocha.run((failures) => {
        writeResults(results);
        if (files.length === 0 || results.passed + results.failed === 0) {
          reject(new Error(`no integration test ran (looked for *.test.js under ${dir})`));
        } else if (failures > 0) {
          reject(new Error(`${failures} integration test(s) failed`));
        } else {
          resolve();
        }
      });
      runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, () => results.passed++);
      runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, () => results.failed++);
      runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, () => results.pending++);
    } catch (error) {
      results.failed++;
      writeResults(results);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
