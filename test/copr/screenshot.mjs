// One UI screenshot of the Build Tasks tree against the REAL Copr frontend (main, API v3): code-server with the
// extension under development, headless Chromium, alice/hello and @packagers/tools, the running build expanded.
//   node test/copr/screenshot.mjs <file.png>     (COPR_REAL_URL_V3 names the server; run by scripts/run-copr.mjs)
// Writes under .test-results/ (never docs/). Exits non-zero, with the reason, when the tree does not show.
import { mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createProfile, launchChromium, root, startCodeServer } from '../ui/workbench.mjs';

const url = process.env.COPR_REAL_URL_V3;
const target = resolve(process.argv[2] ?? join(root, '.test-results', 'copr', 'tree-real-copr.png'));
if (!url) {
  console.error('screenshot: COPR_REAL_URL_V3 is not set');
  process.exit(1);
}

const profile = createProfile(
  { 'copr.url': url, 'copr.apiVersion': 'v3', 'copr.projects': ['alice/hello', '@packagers/tools'], 'workbench.colorTheme': 'Default Dark Modern' },
  'copr-real-ui-',
);
// The extension as built (dist/), linked into the profile's extensions folder: no packaging needed.
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
symlinkSync(root, join(profile.extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`), 'dir');
const folder = join(root, 'test', 'fixtures', 'workspace');
let server;
let browser;
let page;
let code = 0;
try {
  server = await startCodeServer(profile, { folder });
  browser = await launchChromium(profile.dir('chromium'), { width: 1300, height: 760 });
  page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(`${server.base}/?folder=${encodeURIComponent(folder)}`, {
    waitUntil: 'domcontentloaded',
    timeout: 120_000,
  });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 120_000 });
  const view = page.locator('[id="workbench.view.extension.copr"]');
  const tab = page.locator('.activitybar [role="tab"]').filter({ has: page.locator('[aria-label="Copr"]') }).first();
  const row = (text) => view.locator(`.monaco-list-row[aria-label^="${text}"]`).first();
  const deadline = Date.now() + 60_000;
  while (!(await view.isVisible()) && Date.now() < deadline) {
    await tab.click({ timeout: 10_000, noWaitAfter: true }).catch(() => undefined);
    await view.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
  }
  const hello = row('alice/hello');
  await hello.waitFor({ state: "visible", timeout: 30_000 });
  if ((await hello.getAttribute('aria-expanded')) !== 'true') await hello.click();
  const running = view.locator('.monaco-list-row[aria-label*="running · 1 failed"]').first();
  await running.waitFor({ state: 'visible', timeout: 60_000 });
  await running.click();
  await row('fedora-40-aarch64,').waitFor({ state: 'visible', timeout: 30_000 });
  // Wide enough for the descriptions, as a person would drag it.
  const box = await page.locator('[id="workbench.parts.sidebar"]').boundingBox();
  if (box && box.width < 600) {
    await page.mouse.move(box.x + box.width + 1, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 601, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
  }
  await page.mouse.move(900, 700);
  await page.waitForTimeout(500);
  const sidebar = await page.locator('[id="workbench.parts.sidebar"]').boundingBox();
  const last = await view.locator('.monaco-list-row').last().boundingBox();
  mkdirSync(dirname(target), { recursive: true });
  await page.screenshot({
    path: target,
    clip: { x: 0, y: 0, width: sidebar.x + sidebar.width + 2, height: Math.min(sidebar.y + sidebar.height, (last ? last.y + last.height : 400) + 24) },
  });
  console.log(`screenshot: ${target}`);
} catch (error) {
  console.error(`screenshot: ${error.message.split('\n')[0]}`);
  // What the window showed instead, next to where the picture would have been.
  await page?.screenshot({ path: target.replace(/\.png$/, '.failed.png') }).catch(() => undefined);
  code = 1;
} finally {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  rmSync(profile.work, { recursive: true, force: true });
}
process.exit(code);
