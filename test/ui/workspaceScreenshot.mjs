// The README's "This workspace" picture: code-server with the extension under development (dist/), the simulator,
// and a copy of test/fixtures/discovery/packit-explicit (its dot-git/ as .git, so the current branch is pr/42).
// Only the server is configured: zero configuration is the point.
//   npm run build && node test/ui/workspaceScreenshot.mjs [file.png]      (default: docs/this-workspace.png)
// Exits non-zero, with the reason, when the rows do not show.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createProfile, launchChromium, loadSimulator, root, startCodeServer } from './workbench.mjs';

const target = resolve(process.argv[2] ?? join(root, 'docs', 'this-workspace.png'));
const sim = loadSimulator();
const simulator = await sim.startSimulator({ api: 'v3' });
const parent = mkdtempSync(join(tmpdir(), 'copr-ws-shot-'));
const folder = join(parent, 'packit-demo');
cpSync(join(root, 'test', 'fixtures', 'discovery', 'packit-explicit'), folder, { recursive: true });
renameSync(join(folder, 'dot-git'), join(folder, '.git'));
const profile = createProfile(
  { 'copr.url': simulator.url, 'copr.apiVersion': 'v3', 'workbench.colorTheme': 'Default Dark Modern' },
  'copr-ws-shot-',
);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
symlinkSync(root, join(profile.extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`), 'dir');
let server;
let browser;
let page;
let code = 0;
try {
  server = await startCodeServer(profile, { folder });
  browser = await launchChromium(profile.dir('chromium'), { width: 1100, height: 560 });
  page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(`${server.base}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 120_000 });
  const view = page.locator('[id="workbench.view.extension.copr"]');
  const tab = page.locator('.activitybar [role="tab"]').filter({ has: page.locator('[aria-label="Copr"]') }).first();
  const deadline = Date.now() + 60_000;
  while (!(await view.isVisible()) && Date.now() < deadline) {
    await tab.click({ timeout: 10_000, noWaitAfter: true }).catch(() => undefined);
    await view.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
  }
  const row = (text) => view.locator(`.monaco-list-row[aria-label^="${text}"]`).first();
  await row('This workspace').waitFor({ state: 'visible', timeout: 60_000 });
  await row('PR #42').waitFor({ state: 'visible', timeout: 60_000 });
  await view.locator('.monaco-list-row[aria-label^="#9800019"]').first().waitFor({ state: 'visible', timeout: 60_000 });
  // Wide enough for the reasons, as a person would drag it.
  const box = await page.locator('[id="workbench.parts.sidebar"]').boundingBox();
  if (box && box.width < 640) {
    await page.mouse.move(box.x + box.width + 1, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 641, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
  }
  await page.mouse.move(1000, 540);
  await page.waitForTimeout(500);
  const sidebar = await page.locator('[id="workbench.parts.sidebar"]').boundingBox();
  const last = await view.locator('.monaco-list-row').last().boundingBox();
  mkdirSync(dirname(target), { recursive: true });
  await page.screenshot({
    path: target,
    clip: { x: 0, y: 0, width: sidebar.x + sidebar.width + 2, height: Math.min(sidebar.y + sidebar.height, (last ? last.y + last.height : 400) + 12) },
  });
  console.log(`screenshot: ${target}`);
} catch (error) {
  console.error(`screenshot: ${error.message.split('\n')[0]}`);
  await page?.screenshot({ path: target.replace(/\.png$/, '.failed.png') }).catch(() => undefined);
  code = 1;
} finally {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await simulator.close();
  rmSync(profile.work, { recursive: true, force: true });
  rmSync(parent, { recursive: true, force: true });
}
process.exit(code);
