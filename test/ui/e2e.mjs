// `npm run test:ui`: uses the packaged extension in VS Code in the browser (code-server + headless Chromium) the way a
// person does — activity-bar tab, tree rows, right-click menus, the status bar, notifications, a log editor — against
// the Copr simulator running in this process on a manual clock. Every step is one check; the results go to
// .test-results/ui.json ({ passed, failed, pending }) and the screenshots to docs/ (the README shows them).
//
//   node test/ui/e2e.mjs [--no-build] [--verbose] [--screenshots <dir>]
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import {
  coprView as coprViewOf,
  createProfile,
  editorText,
  installVsix,
  launchChromium,
  loadSimulator,
  openCoprView,
  packageExtension,
  root,
  sidebarClip as sidebarClipOf,
  startCodeServer,
  vsixPath,
  waitUntil,
  widenSidebar as widenSidebarOf,
  workbenchUrl,
} from './workbench.mjs';

const started = Date.now();
const argv = process.argv.slice(2);
const verbose = argv.includes('--verbose') || Boolean(process.env.COPR_HOST_VERBOSE);
const build = !argv.includes('--no-build');
const shotsArg = argv.indexOf('--screenshots');
const screenshotDir = resolve(shotsArg >= 0 ? argv[shotsArg + 1] : process.env.COPR_UI_SCREENSHOTS || join(root, 'docs'));
const resultsDir = join(root, '.test-results');
const resultsFile = join(resultsDir, 'ui.json');
const RUN_DEADLINE_MS = 10 * 60 * 1000;
const STEP_TIMEOUT_MS = 45_000;

// The fixtures this test relies on (test/copr-sim/fixtures.ts): alice/tools' BUILDS.running is running at start; its
// aarch64 chroot fails its %check at +600 s and the build ends failed at +1200 s.
const PROJECTS = ['alice/tools', 'alice/hello'];
let RUNNING_BUILD = 0;
const FAILING_CHROOT = 'fedora-rawhide-aarch64';
const HASHED_CHROOT = 'fedora-rawhide-x86_64';

const results = { passed: 0, failed: 0, pending: 0 };
const failures = [];
const extensionHostErrors = [];
let page;
let stepNumber = 0;

function writeResults() {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
}

/** One check: passes when `body` resolves within the step timeout; a failure keeps a screenshot of the moment. */
async function step(title, body, { timeoutMs = STEP_TIMEOUT_MS } = {}) {
  stepNumber += 1;
  const t0 = Date.now();
  let timer;
  try {
    await Promise.race([
      body(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
    results.passed += 1;
    console.log(`    ✔ ${title} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return true;
  } catch (error) {
    results.failed += 1;
    let shot = '';
    if (page && !(error instanceof PrerequisiteMissing)) {
      shot = join(resultsDir, `ui-failure-${stepNumber}.png`);
      mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: shot, timeout: 10_000 }).catch(() => (shot = ''));
    }
    failures.push({ title, error, shot });
    console.log(`    ${failures.length}) ${title} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** A step that cannot run because an earlier one failed. */
class PrerequisiteMissing extends Error {}

function requires(earlierStepPassed, what) {
  if (!earlierStepPassed) throw new PrerequisiteMissing(`not tried: ${what}`);
}

async function screenshot(name, { keepPointer = false, ...options } = {}) {
  mkdirSync(screenshotDir, { recursive: true });
  if (!keepPointer) {
    // No hover highlight or tooltip in the picture.
    await page.mouse.move(1000, 300);
    await page.locator('.monaco-hover').first().waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => undefined);
  }
  await page.screenshot({ path: join(screenshotDir, name), ...options });
}

// --- the workbench, as a person sees it ---

const coprView = () => coprViewOf(page);
const rows = () => coprView().locator('.monaco-list-row');
const rowStarting = (text) => coprView().locator(`.monaco-list-row[aria-label^="${text}"]`).first();
const statusItems = () => page.locator('[id="workbench.parts.statusbar"] .statusbar-item');

const widenSidebar = (width) => widenSidebarOf(page, width);
/** The sidebar from the top of the window to a little below its last tree row. */
const sidebarClip = () => sidebarClipOf(page, 24);

async function rowLabels() {
  return rows().evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
}

const waitFor = (what, predicate, timeoutMs = 40_000) => waitUntil(page, what, predicate, timeoutMs);

/** Right-click → a menu item, as a person would. */
async function runFromContextMenu(row, item) {
  await row.click({ button: 'right' });
  const entry = page.locator('.context-view .monaco-menu .action-item').filter({ hasText: item }).first();
  await entry.waitFor({ state: 'visible', timeout: 10_000 });
  return entry;
}

/** Clicks a context-menu entry. A click that lands while the menu is still settling leaves it open with the entry
 * highlighted; a person then clicks again — here Enter runs the highlighted entry. */
async function choose(entry) {
  await entry.click();
  const menu = page.locator('.context-view .monaco-menu').first();
  const closed = await menu.waitFor({ state: 'hidden', timeout: 1_500 }).then(() => true, () => false);
  if (!closed) {
    await entry.hover();
    await page.keyboard.press('Enter');
  }
}

async function runCommand(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const pick = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: title }).first();
  await pick.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** The status bar item the extension owns: "N running  N failed". */
async function coprStatusItem() {
  const items = await statusItems().evaluateAll((els) =>
    els.map((e) => ({
      text: e.textContent ?? '',
      aria: e.getAttribute('aria-label') ?? e.querySelector('[aria-label]')?.getAttribute('aria-label') ?? '',
      classes: e.className,
      background: getComputedStyle(e).backgroundColor,
    })),
  );
  return items.find((i) => /\d+ running|\d+ failed/.test(`${i.text} ${i.aria}`));
}

function isReddish(rgb) {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)/.exec(rgb ?? '');
  if (!m || (m[4] !== undefined && Number(m[4]) === 0)) return false;
  const [r, g, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return r > 120 && r > g + 50 && r > b + 50;
}

async function main() {
  console.log('\n  Copr Builds UI (code-server + headless Chromium, simulator on a manual clock)');
  if (build) packageExtension();
  else if (!existsSync(vsixPath)) throw new Error(`${vsixPath} is missing; run without --no-build`);
  const sim = loadSimulator();
  RUNNING_BUILD = sim.fixtures.BUILDS.running.id;
  const statesTable = createRequire(import.meta.url)(join(root, 'out', 'src', 'api', 'states.js')).STATE_TABLE;
  const simulator = await sim.startSimulator({ clock: 'manual', startTime: Math.floor(Date.now() / 1000) });
  const folder = join(root, 'test', 'fixtures', 'workspace');
  const profile = createProfile({ 'copr.url': simulator.url, 'copr.projects': PROJECTS, 'copr.pollInterval': 10 });
  let server;
  let browser;
  const stopAll = async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await simulator.close();
  };
  const deadline = setTimeout(() => {
    console.error(`ui: the run exceeded ${RUN_DEADLINE_MS / 60000} min; stopping`);
    results.failed += 1;
    writeResults();
    void stopAll().finally(() => process.exit(1));
  }, RUN_DEADLINE_MS);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => void stopAll().finally(() => process.exit(130)));
  }

  try {
    await installVsix(profile, vsixPath);
    server = await startCodeServer(profile, { folder, verbose });
    browser = await launchChromium(profile.dir('chromium'));
    await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('console', (message) => {
      const text = message.text();
      if (verbose) process.stderr.write(`[workbench] ${text}\n`);
      if (message.type() === 'error' && /copr/i.test(text)) extensionHostErrors.push(text);
    });
    const loadStarted = Date.now();
    await page.goto(workbenchUrl(server.base, folder), { waitUntil: 'domcontentloaded', timeout: 120_000 });

    const loaded = await step('the workbench loads', async () => {
      await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 110_000 });
      console.log(`      (workbench visible ${((Date.now() - loadStarted) / 1000).toFixed(1)} s after opening the page)`);
    }, { timeoutMs: 120_000 });

    const viewOpen = await step('the Copr tab in the activity bar opens the Build Tasks view with projects', async () => {
      requires(loaded, 'the workbench did not load');
      await openCoprView(page, 90_000);
      // The extension activates when the view opens: the first rows come after its first poll.
      await rowStarting('alice/tools').waitFor({ state: 'visible', timeout: 90_000 });
      console.log(`      (first tree rows ${((Date.now() - loadStarted) / 1000).toFixed(1)} s after opening the page)`);
      const labels = await rowLabels();
      check(labels.some((l) => l.startsWith('alice/hello')), `no alice/hello row in ${JSON.stringify(labels)}`);
      await widenSidebar(620);
    }, { timeoutMs: 200_000 });

    const buildRow = rowStarting(`#${RUNNING_BUILD} `);
    const expanded = await step('a running build shows its state in words and expands to its chroots', async () => {
      requires(viewOpen, 'the Copr view did not open');
      await buildRow.waitFor({ state: 'visible', timeout: 30_000 });
      const label = await buildRow.getAttribute('aria-label');
      check(/running/.test(label ?? ''), `build row "${label}" does not say running`);
      if ((await buildRow.getAttribute('aria-expanded')) !== 'true') await buildRow.click();
      await rowStarting(`${FAILING_CHROOT},`).waitFor({ state: 'visible', timeout: 30_000 });
    });

    await step('each chroot row states the simulator\'s state in words', async () => {
      requires(expanded, 'the build did not expand');
      const served = simulator.world.getChroots(RUNNING_BUILD);
      check(served.length === 5, `the simulator serves ${served.length} chroots`);
      const labels = await rowLabels();
      for (const chroot of served) {
        const words = statesTable[chroot.state].words;
        const row = labels.find((l) => l.startsWith(`${chroot.name},`));
        check(row, `no row for ${chroot.name} in ${JSON.stringify(labels)}`);
        check(row.includes(words), `row "${row}" does not say "${words}" (served state ${chroot.state})`);
      }
      await screenshot('tree.png', { clip: await sidebarClip() });
    });

    await step('right-click → Copy Git Hash puts the chroot\'s commit on the clipboard', async () => {
      requires(expanded, 'the build did not expand');
      // The seed's Build Task API names each task's dist-git commit.
      const task = await (await fetch(`${simulator.url}/api_2/build_tasks/${RUNNING_BUILD}/${HASHED_CHROOT}`)).json();
      const expected = task?.build_task?.git_hash;
      check(typeof expected === 'string' && /^[0-9a-f]{40}$/.test(expected), `the simulator serves no git hash for ${HASHED_CHROOT}`);
      await page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
      const entry = await runFromContextMenu(rowStarting(`${HASHED_CHROOT},`), 'Copy Git Hash');
      await entry.hover();
      const menu = await page.locator('.context-view .monaco-menu').first().boundingBox();
      const clip = await sidebarClip();
      await screenshot('context-menu.png', { keepPointer: true, clip: { ...clip, height: Math.max(clip.height, menu.y + menu.height + 16) } });
      await choose(entry);
      const copied = await waitFor('the clipboard to change', async () => {
        const text = await page.evaluate(() => navigator.clipboard.readText());
        return text !== 'nothing yet' ? text : undefined;
      }, 10_000);
      check(copied === expected, `clipboard holds "${copied}", expected ${expected}`);
    });

    await step('right-click → Show Task Details opens the details panel', async () => {
      requires(expanded, 'the build did not expand');
      const entry = await runFromContextMenu(rowStarting(`${HASHED_CHROOT},`), 'Show Task Details');
      await choose(entry);
      const tab = page.locator('.tabs-container .tab').filter({ hasText: HASHED_CHROOT }).first();
      await tab.waitFor({ state: 'visible', timeout: 20_000 });
      // The webview's document sits two iframes deep.
      const body = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame').locator('body');
      await body.filter({ hasText: HASHED_CHROOT }).waitFor({ state: 'visible', timeout: 20_000 });
      const text = await body.innerText();
      check(/running/.test(text), 'the details panel does not say the chroot is running');
      if (extensionHostErrors.some((e) => e.includes('Content Security Policy'))) {
        const csp = await page.frameLocator('iframe.webview.ready').frameLocator('#active-frame')
          .locator('meta[http-equiv="Content-Security-Policy"]').first().getAttribute('content').catch(() => '?');
        console.log(`      (the panel's own stylesheet was blocked; its policy: ${csp})`);
      }
      await screenshot('task-details.png');
    });

    const turnedRed = await step('a chroot fails: the status bar item says so and turns red', async () => {
      requires(viewOpen, 'the Copr view did not open');
      const before = await coprStatusItem();
      check(before, 'no "N running" item in the status bar');
      check(!isReddish(before.background), `the status bar item is already red: ${before.text}`);
      simulator.clock.advance(610); // aarch64 fails its %check at +600 s
      check(simulator.world.getChroots(RUNNING_BUILD).find((c) => c.name === FAILING_CHROOT)?.state === 'failed', 'the simulator did not fail the chroot');
      const after = await waitFor('a red "failed" status bar item', async () => {
        const item = await coprStatusItem();
        return item && /[1-9]\d* failed/.test(`${item.text} ${item.aria}`) && isReddish(item.background) ? item : undefined;
      });
      console.log(`      (status bar: "${after.text.trim()}", background ${after.background})`);
      await rowStarting(`${FAILING_CHROOT}, failed`).waitFor({ state: 'visible', timeout: 20_000 });
      // The status bar's left end, where the item sits.
      const bar = await page.locator('[id="workbench.parts.statusbar"]').boundingBox();
      const item = await statusItems().filter({ hasText: /failed/ }).first().boundingBox();
      await screenshot('status-bar-failed.png', {
        clip: { x: 0, y: bar.y - 8, width: Math.min(bar.width, item.x + item.width + 160), height: bar.height + 8 },
      });
    }, { timeoutMs: 60_000 });

    await step('the build ends failed and a notification says so', async () => {
      requires(turnedRed, 'no chroot failure was seen');
      simulator.clock.advance(600); // s390x fails at +1200 s and the build ends
      const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: /fail/i }).first();
      await toast.waitFor({ state: 'visible', timeout: 45_000 });
      const text = await toast.innerText();
      check(text.includes('python-tools') || text.includes(String(RUNNING_BUILD)), `the notification does not name the build: "${text}"`);
      await screenshot('notification.png');
    }, { timeoutMs: 60_000 });

    await step('right-click → View Log… on the failed chroot opens its log', async () => {
      requires(turnedRed, 'no chroot failure was seen');
      await page.keyboard.press('Escape');
      const entry = await runFromContextMenu(rowStarting(`${FAILING_CHROOT},`), 'View Log');
      await choose(entry);
      // The command may ask which log; a person takes the first (the one that says why).
      const picker = page.locator('.quick-input-widget .monaco-list-row').first();
      if (await picker.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) await page.keyboard.press('Enter');
      const tab = page.locator('.tabs-container .tab.active').filter({ hasText: /\.log/ }).first();
      await tab.waitFor({ state: 'visible', timeout: 20_000 });
      const editor = page.locator('.editor-instance .monaco-editor').first();
      const lines = editor.locator('.view-lines');
      const head = await waitFor('log text', async () => {
        const t = await editorText(lines);
        return t.includes(FAILING_CHROOT) ? t : undefined;
      }, 30_000);
      check(head.includes(String(RUNNING_BUILD)), `the log does not name build ${RUNNING_BUILD}: ${head.slice(0, 200)}`);
      // A person jumps to the end, where the failure is.
      await editor.click({ position: { x: 300, y: 200 } });
      await page.keyboard.press('Control+End');
      const tail = await waitFor('the end of the log', async () => {
        const t = await editorText(lines);
        return /RPM build errors|Bad exit status|Copr build error/.test(t) ? t : undefined;
      }, 15_000);
      check(/%check/.test(tail), 'the end of the log does not show the failed %check');
      await screenshot('log.png');
    });

    await step('Copr: Clear Alerts from the command palette takes the red off the status bar', async () => {
      requires(turnedRed, 'no chroot failure was seen');
      await page.keyboard.press('Escape');
      await runCommand('Copr: Clear Alerts');
      await waitFor('the status bar item to lose its red', async () => {
        const item = await coprStatusItem();
        return item && !isReddish(item.background) ? item : undefined;
      }, 20_000);
    });

    // Issue 15 (self-contained: its own build, its own sign-in): sign in through the input boxes, cancel from the
    // row's context menu, confirm in the modal dialog, and the row shows Copr's answer.
    await step('Copr: Sign In… then right-click → Cancel Build, confirmed, leaves the build canceled', async () => {
      requires(viewOpen, 'the Copr view did not open');
      const id = simulator.world.addBuild({ owner: 'alice', project: 'hello', durationSeconds: 3600 });
      simulator.clock.advance(120);
      await page.keyboard.press('Escape');
      await runCommand('Copr: Sign In…');
      for (const [title, answer] of [['Sign In to Copr (1/2)', 'alicelogin'], ['Sign In to Copr (2/2)', 'alicetoken']]) {
        // The palette's input box turns into the question's: wait for its title before typing.
        await page.locator('.quick-input-widget .quick-input-title').filter({ hasText: title }).waitFor({ state: 'visible', timeout: 10_000 });
        await page.locator('.quick-input-widget input').fill(answer);
        await page.keyboard.press('Enter');
      }
      await waitFor('auth-check', async () => simulator.requests.count((r) => r.path.startsWith('/api_3/auth-check') && r.status === 200) > 0, 20_000);
      await waitFor('"signed in as alice" in the view\'s title', async () => /signed in as alice/i.test(await page.locator('[id="workbench.parts.sidebar"] .composite.title').innerText().catch(() => '')), 20_000);
      await screenshot('signed-in.png', { clip: await sidebarClip() });
      await runCommand('Copr: Refresh');
      const row = rowStarting(`#${id}`);
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      await choose(await runFromContextMenu(row, 'Cancel Build'));
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible', timeout: 10_000 });
      await screenshot('cancel-build.png');
      await dialog.locator('.monaco-button').filter({ hasText: 'Cancel Build' }).first().click();
      await waitFor(`#${id} to read canceled`, async () => /canceled/.test((await row.getAttribute('aria-label').catch(() => '')) ?? ''), 30_000);
      check((simulator.world.getBuild(id)).state === 'canceled', 'the simulator canceled the build');
    });
  } catch (error) {
    results.failed += 1;
    failures.push({ title: 'setting up the workbench', error, shot: '' });
  } finally {
    clearTimeout(deadline);
    await stopAll();
  }

  writeResults();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\n  ${results.passed} passing (${seconds} s)`);
  if (results.failed > 0) console.log(`  ${results.failed} failing`);
  failures.forEach((f, i) => {
    console.log(`\n  ${i + 1}) ${f.title}:\n     ${String(f.error?.stack ?? f.error).split('\n').join('\n     ')}`);
    if (f.shot) console.log(`     screenshot: ${f.shot}`);
  });
  if (failures.length > 0) {
    if (extensionHostErrors.length > 0) console.log(`\n  extension errors seen in the workbench:\n    ${extensionHostErrors.slice(-10).join('\n    ')}`);
    console.log(`\n  code-server's log: ${profile.logFile}`);
  } else {
    rmSync(profile.work, { recursive: true, force: true });
  }
  process.exit(results.failed > 0 || results.passed === 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(`ui: ${error.stack ?? error}`);
  results.failed += 1;
  writeResults();
  process.exit(1);
});
