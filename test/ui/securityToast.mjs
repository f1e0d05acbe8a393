// Issue 20, clicked through as a person would: the packaged extension in VS Code in the browser (code-server without
// the smoke-test driver, so toasts show). Two steps:
// 1. a build whose log carries
//      No match for argument: [Open the build log](command:workbench.action.quickOpen?%22pwned%22)
//    ends, the failure notification appears with that reason, and the test clicks the words in the toast. Before the
//    fix the words were a link and the click opened Quick Open with "pwned"; now the toast holds no link and the click
//    does nothing.
// 2. a chroot whose result_dir_url is on a second loopback port that the log host policy does not trust: View Log…
//    shows why it is not fetched and nothing reaches that host, until the test clicks "Fetch from <host>" in the
//    toast; exactly then the request arrives and the log text shows.
// Results go to .test-results/ui-security.json, the pictures to the screenshots folder.
//
//   node test/ui/securityToast.mjs [--no-build] [--verbose]
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import {
  createProfile,
  editorText,
  installVsix,
  loadSimulator,
  openCoprView,
  packageExtension,
  root,
  vsixPath,
  waitUntil as waitFor,
  workbenchSession,
} from './workbench.mjs';

const argv = process.argv.slice(2);
const verbose = argv.includes('--verbose');
const resultsDir = join(root, '.test-results');
const screenshotDir = resolve(process.env.COPR_UI_SCREENSHOTS || resultsDir);
const CHROOT = 'fedora-rawhide-x86_64';
const LINK_WORDS = 'Open the build log';
const HOSTILE = `[${LINK_WORDS}](command:workbench.action.quickOpen?%22pwned%22)`;
const STORAGE_MARKER = 'storage-log: fetched only after the click';
const results = { passed: 0, failed: 0, pending: 0 };

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** One check: counted, and a failure printed with its reason (the next step still runs). */
async function step(title, body) {
  try {
    await body();
    results.passed += 1;
    console.log(`    ✔ ${title}`);
    return true;
  } catch (error) {
    results.failed += 1;
    console.log(`    ${results.failed}) ${title}: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}


async function main() {
  console.log('\n  Copr Builds: a hostile failure reason in a toast, clicked');
  if (!argv.includes('--no-build')) packageExtension();
  const relayModule = join(root, 'out', 'test', 'support', 'hostileRelay.js');
  const relaySource = join(root, 'test', 'support', 'hostileRelay.ts');
  // loadSimulator recompiles only for changes under src/ and test/copr-sim/; the relay lives elsewhere.
  const sim = loadSimulator({ forceCompile: !existsSync(relayModule) || statSync(relayModule).mtimeMs < statSync(relaySource).mtimeMs });
  const { startHostileRelay, startLogStorage } = createRequire(import.meta.url)(relayModule);
  const simulator = await sim.startSimulator({ world: 'empty', api: 'v3', clock: 'manual', startTime: Math.floor(Date.now() / 1000) });
  const copr = await startHostileRelay(simulator.url, HOSTILE);
  const storage = await startLogStorage(`${STORAGE_MARKER}\nbuilding on a host the Copr server never named\n`);
  const storageHost = new URL(storage.url).host;
  simulator.world.addProject('sec', 'evil', [CHROOT]);
  // It succeeds, so triage never asks for its log: any request to the storage host can only come from View Log….
  const storageId = simulator.world.addBuild({
    owner: 'sec', project: 'evil', package: 'elsewhere', chroots: [CHROOT], resultDirUrl: { [CHROOT]: storage.resultDir }, durationSeconds: 60,
  });
  const id = simulator.world.addBuild({
    owner: 'sec', project: 'evil', package: 'hello', chroots: [CHROOT], outcome: { [CHROOT]: 'failed' },
    resultDirUrl: { [CHROOT]: copr.resultDir }, durationSeconds: 60,
  });
  simulator.clock.advance(150); // running: the extension sees it running, so its end is announced
  const profile = createProfile({ 'copr.url': copr.url, 'copr.apiVersion': 'v3', 'copr.projects': ['sec/evil'], 'copr.pollInterval': 10, 'copr.notifications': 'failures' }, 'copr-ui-sec-');
  const session = workbenchSession();
  try {
    await installVsix(profile, vsixPath);
    const page = await session.open(profile, join(root, 'test', 'fixtures', 'workspace'), { verbose, loadTimeoutMs: 110_000 });
    const coprView = await openCoprView(page, 90_000);
    await coprView.locator(`.monaco-list-row[aria-label^="#${id} "]`).first().waitFor({ state: 'visible', timeout: 90_000 });

    await step('the toast shows the hostile reason as text; clicking it runs nothing', async () => {
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
    });

    await step(`a log on ${storageHost} (not trusted) is fetched only after a click on "Fetch from ${storageHost}"`, async () => {
      await page.keyboard.press('Escape');
      const buildRow = coprView.locator(`.monaco-list-row[aria-label^="#${storageId} "]`).first();
      await buildRow.waitFor({ state: 'visible', timeout: 30_000 });
      if ((await buildRow.getAttribute('aria-expanded')) !== 'true') await buildRow.click();
      const chrootRow = coprView.locator(`.monaco-list-row[aria-label^="${CHROOT},"]`).first();
      await chrootRow.waitFor({ state: 'visible', timeout: 30_000 });
      // Right-click → View Log…, then the first log offered (builder-live.log), as a person would.
      await chrootRow.click({ button: 'right' });
      const entry = page.locator('.context-view .monaco-menu .action-item').filter({ hasText: 'View Log' }).first();
      await entry.waitFor({ state: 'visible', timeout: 10_000 });
      await entry.click();
      // A click that lands while the menu is still settling leaves it open with the entry highlighted (as in e2e.mjs).
      if (!(await page.locator('.context-view .monaco-menu').first().waitFor({ state: 'hidden', timeout: 1_500 }).then(() => true, () => false))) {
        await entry.hover();
        await page.keyboard.press('Enter');
      }
      const pick = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: 'builder-live.log' }).first();
      await pick.waitFor({ state: 'visible', timeout: 10_000 });
      await pick.click();
      const lines = page.locator('.editor-instance .monaco-editor .view-lines').first();
      const refusal = await waitFor(page, 'the log document to say why it is not fetched', async () => {
        const t = await editorText(lines);
        return t.includes('Not fetched') ? t : undefined;
      }, 30_000);
      console.log(`      document: ${refusal.split('\n')[0].slice(0, 160)}`);
      check(refusal.includes(storageHost), `the document does not name ${storageHost}`);
      const fetchButton = page.locator('.notifications-toasts .notification-list-item').filter({ hasText: storageHost })
        .locator('.monaco-button').filter({ hasText: `Fetch from ${storageHost}` }).first();
      await fetchButton.waitFor({ state: 'visible', timeout: 30_000 });
      // The refusal and the offer are both on screen: any automatic fetch would have been made by now.
      await page.waitForTimeout(1_000);
      await page.screenshot({ path: join(screenshotDir, 'security-fetch-offer.png') });
      check(storage.requests.length === 0, `before the click ${storageHost} was asked for ${storage.requests.join(', ')}`);
      check(!refusal.includes(STORAGE_MARKER), 'the log text shows before the click');

      await fetchButton.click();
      await waitFor(page, `a request to ${storageHost}`, async () => storage.requests.length > 0, 30_000);
      const fetched = await waitFor(page, 'the log text', async () => {
        const t = await editorText(lines);
        return t.includes(STORAGE_MARKER) ? t : undefined;
      }, 30_000);
      console.log(`      after the click: ${storage.requests.join(', ')} → ${fetched.split('\n')[0]}`);
      check(storage.requests.every((p) => p.startsWith('/results/')), `unexpected requests to ${storageHost}: ${storage.requests.join(', ')}`);
      await page.screenshot({ path: join(screenshotDir, 'security-fetch-click.png') });
    });
  } finally {
    await session.close();
    await copr.close();
    await storage.close();
    await simulator.close();
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'ui-security.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\n${results.passed} passed, ${results.failed} failed`);
  }
  process.exit(results.failed ? 1 : 0);
}

await main();
