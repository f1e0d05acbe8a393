// One UI screenshot of the Build Tasks tree against the REAL Copr frontend (main, API v3): code-server with the
// extension under development, headless Chromium, alice/hello and @packagers/tools, the running build expanded.
//   node test/copr/screenshot.mjs <file.png>     (COPR_REAL_URL_V3 names the server; run by scripts/run-copr.mjs)
// Writes under .test-results/ (never docs/). Exits non-zero, with the reason, when the tree does not show.
import { join, resolve } from 'node:path';
import { root, screenshotCoprView } from '../ui/workbench.mjs';

const url = process.env.COPR_REAL_URL_V3;
const target = resolve(process.argv[2] ?? join(root, '.test-results', 'copr', 'tree-real-copr.png'));
if (!url) {
  console.error('screenshot: COPR_REAL_URL_V3 is not set');
  process.exit(1);
}

const code = await screenshotCoprView({
  settings: { 'copr.url': url, 'copr.apiVersion': 'v3', 'copr.projects': ['alice/hello', '@packagers/tools'], 'workbench.colorTheme': 'Default Dark Modern' },
  prefix: 'copr-real-ui-',
  folder: join(root, 'test', 'fixtures', 'workspace'),
  target,
  viewport: { width: 1300, height: 760 },
  // Wide enough for the descriptions, as a person would drag it.
  sidebarWidth: 600,
  pad: 24,
  parkAt: { x: 900, y: 700 },
  async arrange(page, view) {
    const row = (text) => view.locator(`.monaco-list-row[aria-label^="${text}"]`).first();
    const hello = row('alice/hello');
    await hello.waitFor({ state: 'visible', timeout: 30_000 });
    if ((await hello.getAttribute('aria-expanded')) !== 'true') await hello.click();
    const running = view.locator('.monaco-list-row[aria-label*="running · 1 failed"]').first();
    await running.waitFor({ state: 'visible', timeout: 60_000 });
    await running.click();
    await row('fedora-40-aarch64,').waitFor({ state: 'visible', timeout: 30_000 });
  },
});
process.exit(code);
