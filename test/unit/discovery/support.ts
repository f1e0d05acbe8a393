// Fixture workspaces for the discovery tests, read with node:fs the way the extension reads them with
// vscode.workspace.fs. A fixture keeps its git metadata in `dot-git/` (git does not store a nested `.git`).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { gatherFacts, type FolderReader } from '../../../src/discovery/facts';
import { specNames } from '../../../src/diagnostics/specNames';
import type { WorkspaceFacts } from '../../../src/discovery/discover';

export const FIXTURES = resolve(__dirname, '../../../../test/fixtures/discovery');

export const parseYaml = (text: string): unknown => load(text);

function walkSpecs(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const rel = dir ? `${dir}/${name}` : name;
    if (statSync(join(root, rel)).isDirectory()) {
      if (name !== 'dot-git' && name !== 'node_modules') out.push(...walkSpecs(root, rel));
    } else if (name.endsWith('.spec')) out.push(rel);
  }
  return out.sort();
}

export function fixtureReader(name: string): FolderReader {
  const root = join(FIXTURES, name);
  return {
    async read(path, maxBytes) {
      try {
        const bytes = readFileSync(join(root, path.replace(/^\.git\//, 'dot-git/')));
        return bytes.length > maxBytes ? null : bytes.toString('utf8');
      } catch {
        return undefined;
      }
    },
    async specs() {
      return walkSpecs(root).map((path) => ({ path, names: specNames(path, readFileSync(join(root, path), 'utf8')) }));
    },
  };
}

export function fixtureFacts(name: string): Promise<WorkspaceFacts> {
  return gatherFacts(fixtureReader(name));
}
