import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// Compiled to out/test/unit/triage; the samples stay in the source tree.
const FIXTURES = resolve(__dirname, '../../../../test/fixtures/logs');

export function readLog(name: string): string {
  return readFileSync(resolve(FIXTURES, name), 'utf8');
}
