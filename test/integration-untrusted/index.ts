// Entry point of the Restricted Mode suite: the same mocha runner as test/integration, over this folder, run by
// scripts/run-integration.mjs in a second VS Code whose folder (test/fixtures/untrusted-workspace) nobody trusted.
import { runSuiteIn } from '../integration/index';

export function run(): Promise<void> {
  return runSuiteIn(__dirname);
}
