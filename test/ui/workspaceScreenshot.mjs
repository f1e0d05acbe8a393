// The README's "This workspace" picture: code-server with the extension under development (dist/), the simulator,
// and a copy of test/fixtures/discovery/packit-explicit (its dot-git/ as .git, so the current branch is pr/42).
// Only the server is configured: zero configuration is the point.
//   npm run build && node test/ui/workspaceScreenshot.mjs [file.png]      (default: docs/this-workspace.png)
// Exits non-zero, with the reason, when the rows do not show.
import { cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadSimulator, root, screenshotCoprView } from './workbench.mjs';

const target = resolve(process.argv[2] ?? join(root, 'docs', 'this-workspace.png'));
const sim = loadSimulator();
const simulator = await sim.startSimulator({ api: 'v3' });
const parent = mkdtempSync(join(tmpdir(), 'copr-ws-shot-'));
const folder = join(parent, 'packit-demo');
cpSync(join(root, 'test', 'fixtures', 'discovery', 'packit-explicit'), folder, { recursive: true });
renameSync(join(folder, 'dot-git'), join(folder, '.git'));
const code = await screenshotCoprView({
  settings: { 'copr.url': simulator.url, 'copr.apiVersion': 'v3', 'workbench.colorTheme': 'Default Dark Modern' },
  prefix: 'copr-ws-shot-',
  folder,
  target,
  viewport: { width: 1100, height: 560 },
  // Wide enough for the reasons, as a person would drag it.
  sidebarWidth: 640,
  pad: 12,
  parkAt: { x: 1000, y: 540 },
  async arrange(page, view) {
    const row = (text) => view.locator(`.monaco-list-row[aria-label^="${text}"]`).first();
    await row('This workspace').waitFor({ state: 'visible', timeout: 60_000 });
    await row('PR #42').waitFor({ state: 'visible', timeout: 60_000 });
    await view.locator('.monaco-list-row[aria-label^="#9800019"]').first().waitFor({ state: 'visible', timeout: 60_000 });
  },
  async cleanup() {
    await simulator.close();
    rmSync(parent, { recursive: true, force: true });
  },
});
process.exit(code);
