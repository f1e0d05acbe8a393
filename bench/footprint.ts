// Benchmark 4, footprint: the minified desktop and web bundles, the .vsix if one was packaged, and activate()'s
// duration inside a real extension host as the integration run recorded it (.test-results/activation.json).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

export interface FootprintResult {
  /** Bytes; null when the file is missing. */
  desktopBundle: number | null;
  webBundle: number | null;
  vsix: number | null;
  /** False when dist/ holds a development build (source maps, not minified): sizes are then not comparable. */
  production: boolean;
  activationMs: number | null;
  activationSource: string | null;
}

function size(file: string): number | null {
  return existsSync(file) ? statSync(file).size : null;
}

export function footprint(root: string, build: boolean): FootprintResult {
  if (build) execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const desktop = path.join(root, 'dist/extension.js');
  const web = path.join(root, 'dist/web/extension.js');
  const production = existsSync(desktop) && !readFileSync(desktop, 'utf8').includes('sourceMappingURL=');
  let activationMs: number | null = null;
  let activationSource: string | null = null;
  const recorded = path.join(root, '.test-results/activation.json');
  if (existsSync(recorded)) {
    try {
      const r = JSON.parse(readFileSync(recorded, 'utf8')) as { activationMs?: unknown; host?: unknown };
      if (typeof r.activationMs === 'number' && Number.isFinite(r.activationMs)) {
        activationMs = r.activationMs;
        activationSource = `${path.relative(root, recorded)}${typeof r.host === 'string' ? ` (${r.host})` : ''}`;
      }
    } catch {
      // An unreadable record is reported as not measured.
    }
  }
  return { desktopBundle: size(desktop), webBundle: size(web), vsix: size(path.join(root, 'copr-builds.vsix')), production, activationMs, activationSource };
}
