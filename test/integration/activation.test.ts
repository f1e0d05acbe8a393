// Records activate()'s duration as measured inside the real extension host, for `npm run bench` (footprint).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { extensionApi } from './support';

describe('activation', () => {
  it('activates once and reports its own duration', async () => {
    const api = await extensionApi();
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(api.activationMs >= 0);
    const results = process.env.COPR_TEST_RESULTS;
    if (results) {
      const dir = dirname(results);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'activation.json'), `${JSON.stringify({ activationMs: api.activationMs, host: `${vscode.env.appName} ${vscode.version}` })}\n`);
    }
  });
});
