// Issue 20, clicked through as a person would: the packaged extension in VS Code in the browser (code-server without
// the smoke-test driver, so toasts show), a build whose log carries
//   No match for argument: [Open the build log](command:workbench.action.quickOpen?%22pwned%22)
// the build ends, the failure notification appears with that reason, and the test clicks the words in the toast.
// Before the fix the words were a link and the click opened Quick Open with "pwned"; now the toast holds no link and
// the click does nothing. Results go to .test-results/ui-security.json, the picture to the screenshots folder.
//
//   node test/ui/securityToast.mjs [--no-build] [--verbose]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { createProfile, installVsix, launchChromium, loadSimulator, packageExtension, root, startCodeServer, vsixPath, workbenchUrl } from './workbench.mjs';

const argv = process.argv.slice(2);
const verbose = argv.includes('--verbose');
const resultsDir = join(root, '.test-results');
const screenshotDir = resolve(process.env.COPR_UI_SCREENSHOTS || resultsDir);
const CHROOT = 'fedora-rawhide-x86_64';
const LINK_WORDS = 'Open the build log';
const HOSTILE = `[${LINK_WORDS}](command:workbench.action.quickOpen?%22pwned%22)`;
const results = { passed: 0, failed: 0, pending: 0 };

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function waitFor(page, what, predicate, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await page.waitForTimeout(250);
  }
}

async function main() {
  console.log('\n  Copr Builds: a hostile failure reason in a toast, clicked');
  if (!argv.includes('--no-build')) packageExtension();
  const relayModule = join(root, 'out', 'test', 'support', 'hostileRelay.js');
  const sim = loadSimulator({ forceCompile: !existsSync(relayModule) });
  const { startHostileRelay } = createRequire(import.meta.url)(relayModule);
  const simulator = await sim.startSimulator({ world: 'empty', api: 'v3', clock: 'manual', startTime: Math.floor(Date.now() / 1000) });
  const copr = await startHostileRelay(simulator.url, HOSTILE);
  simulator.world.addProject('sec', 'evil', [CHROOT]);
  const id = simulator.world.addBuild({
    owner: 'sec', project: 'evil', package: 'hello', chroots: [CHROOT], outcome: { [CHROOT]: 'failed' },
    resultDirUrl: { [CHROOT]: copr.resultDir }, durationSeconds: 60,
  });
  simulator.clock.advance(150); // running: the extension sees it running, so its end is announced
  const profile = createProfile({ 'copr.url': copr.url, 'copr.apiVersion': 'v3', 'copr.projects': ['sec/evil'], 'copr.pollInterval': 10, 'copr.notifications': 'failures' }, 'copr-ui-sec-');
  let server;
  let browser;
  try {
    await installVsix(profile, vsixPath);
    const folder = join(root, 'test', 'fixtures', 'workspace');
    server = await startCodeServer(profile, { folder, verbose });
    browser = await launchChromium(profile.dir('chromium'));
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(workbenchUrl(server.base, folder), { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 110_000 });
    const coprView = page.locator('[id="workbench.view.extension.copr"]');
    const coprTab = page.locator('.activitybar [role="tab"]').filter({ has: page.locator('[aria-label="Copr"]') }).first();
    await waitFor(page, 'the Copr view', async () => {
      if (await coprView.isVisible()) return true;
      await coprTab.click({ timeout: 10_000, noWaitAfter: true }).catch(() => undefined);
      return coprView.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
    }, 90_000);
    await coprView.locator(`.monaco-list-row[aria-label^="#${id} "]`).first().waitFor({ state: 'visible', timeout: 90_000 });

    simulator.clock.advance(400); // the build ends with the chroot failed
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.fill('>Copr: Refresh');
    await page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: 'Copr: Refresh' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.press('Enter');

    const toast = page.locator('.notifications-toasts .notification-list-item').filter({ hasText: LINK_WORDS }).first();
    await toast.waitFor({ state: 'visible', timeout: 90_000 });
    const message = toast.locator('.notification-list-item-message');
    const text = await message.innerText();
    console.log(`      toast: ${text}`);
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'security-toast.png') });
    check(text.includes(LINK_WORDS), 'the reason is not in the toast');
    check((await message.locator('a').count()) === 0, 'the toast message holds a link');
    await message.getByText(LINK_WORDS, { exact: false }).first().click();
    await page.waitForTimeout(1_500);
    const quickOpen = page.locator('.quick-input-widget');
    const opened = (await quickOpen.isVisible()) && /pwned/.test(await input.inputValue().catch(() => ''));
    check(!opened, 'clicking the words in the toast ran the command (Quick Open shows "pwned")');
    results.passed += 1;
    console.log('    ✔ the toast shows the reason as text; clicking it runs nothing');
  } catch (error) {
    results.failed += 1;
    console.log(`    1) ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await copr.close();
    await simulator.close();
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'ui-security.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\n${results.passed} passed, ${results.failed} failed`);
  }
  process.exit(results.failed ? 1 : 0);
}

await main();
