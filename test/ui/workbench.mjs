// The pieces shared by `npm run demo`, the UI tests and the screenshot scripts: package the extension, load the Copr
// simulator, install the .vsix (or link dist/) into a fresh code-server profile, start code-server (no smoke-test
// driver: the workbench behaves as for a person) and a headless Chromium, open the Copr view as a person does, and
// stop what was started by PID. Running code-server and Chromium is
// test/host/codeServer.mjs, shared with the integration-test runner; see /work/shared/reference/vscode-host.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  QUIET_SETTINGS as HOST_QUIET_SETTINGS,
  codeServerArgs,
  createProfile as createHostProfile,
  launchChromium as launchHostChromium,
  startCodeServer,
} from '../host/codeServer.mjs';
import { ensureHost } from '../host/install-host.mjs';

// code-server without the smoke-test driver (no extraArgs): the workbench behaves as for a person.
export { startCodeServer, stopProcessGroup } from '../host/codeServer.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const vsixPath = join(root, 'copr-builds.vsix');
const require = createRequire(import.meta.url);

/** A fresh profile: no welcome page, release notes, recommendations, telemetry or tips; nothing the screenshots show by chance. */
export const QUIET_SETTINGS = {
  ...HOST_QUIET_SETTINGS,
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // The demo workspace lives inside this repository: no "open the parent repository?" prompt.
  'git.openRepositoryInParentFolders': 'never',
  'remote.autoForwardPorts': false,
};

export function log(prefix, message) {
  console.log(`[${prefix}] ${message}`);
}

function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${what} failed (${result.signal ?? `exit code ${result.status}`})`);
}

/** `npm run package`: production bundles and copr-builds.vsix. */
export function packageExtension() {
  run('npm', ['run', '--silent', 'package'], 'npm run package');
  if (!existsSync(vsixPath)) throw new Error(`npm run package did not write ${vsixPath}`);
  return vsixPath;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The compiled Copr simulator (out/test/copr-sim). Compiles the tests first unless out/ is newer than every source
 * the simulator is made of (npm test has usually just compiled them).
 */
export function loadSimulator({ forceCompile = false } = {}) {
  const entry = join(root, 'out', 'test', 'copr-sim', 'index.js');
  const sources = Math.max(newestMtime(join(root, 'test', 'copr-sim')), newestMtime(join(root, 'src')));
  if (forceCompile || !existsSync(entry) || statSync(entry).mtimeMs < sources) {
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.test.json'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (!existsSync(entry)) throw new Error('compiling the tests did not produce out/test/copr-sim/index.js');
    if (tsc.status !== 0) log('build', 'tsc reported errors (see above); using what it emitted');
  }
  return require(entry);
}

/** A throw-away folder with the code-server profile: user data (with settings.json), extensions, config, XDG dirs. */
export function createProfile(userSettings, prefix = 'copr-ui-') {
  return createHostProfile({ settings: { ...QUIET_SETTINGS, ...userSettings }, prefix });
}

/** `code-server --install-extension <vsix>` into the profile's extensions folder. */
export async function installVsix(profile, vsix) {
  const host = await ensureHost();
  const result = spawnSync(host.nodeBin, [host.codeServerBin, ...codeServerArgs(profile), '--install-extension', vsix], {
    env: profile.env,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`code-server --install-extension failed (exit code ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  const installed = readdirSync(profile.extensionsDir).filter((n) => n.startsWith('copr-builds.'));
  if (installed.length === 0) throw new Error(`the extension is not in ${profile.extensionsDir} after --install-extension`);
  return installed[0];
}

/** The workbench URL that opens `folder`. */
export function workbenchUrl(base, folder) {
  return `${base}/?folder=${encodeURIComponent(folder)}`;
}

/** Headless Chromium (see test/host/browser.mjs) with a fresh profile in `userDataDir`. */
export function launchChromium(userDataDir, { width = 1400, height = 850 } = {}) {
  return launchHostChromium(userDataDir, { viewport: { width, height } });
}

/** The extension as built (dist/), linked into the profile's extensions folder: no packaging needed. */
export function linkDevExtension(profile) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  symlinkSync(root, join(profile.extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`), 'dir');
}

/**
 * code-server on `folder` and headless Chromium showing its workbench. What started is on the returned object as soon
 * as it started, so `close()` (and a failure screenshot of `page`) work after a failure part-way.
 */
export function workbenchSession() {
  const session = {
    server: undefined,
    browser: undefined,
    page: undefined,
    async open(profile, folder, { width, height, verbose = false, loadTimeoutMs = 120_000 } = {}) {
      session.server = await startCodeServer(profile, { folder, verbose });
      session.browser = await launchChromium(profile.dir('chromium'), { width, height });
      session.page = session.browser.pages()[0] ?? (await session.browser.newPage());
      await session.page.goto(workbenchUrl(session.server.base, folder), { waitUntil: 'domcontentloaded', timeout: 120_000 });
      await session.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: loadTimeoutMs });
      return session.page;
    },
    async close() {
      await session.browser?.close().catch(() => undefined);
      await session.server?.stop();
    },
  };
  return session;
}

/** Polls `predicate` every 250 ms until it returns something truthy (returned) or `timeoutMs` passes (thrown). */
export async function waitUntil(page, what, predicate, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await page.waitForTimeout(250);
  }
}

export const coprView = (page) => page.locator('[id="workbench.view.extension.copr"]');
// The activity bar's tabs carry an empty aria-label until selected; the name sits on the icon inside.
export const coprTab = (page) => page.locator('.activitybar [role="tab"]').filter({ has: page.locator('[aria-label="Copr"]') }).first();

/**
 * Clicks the Copr tab until the view shows. While the workbench is still restoring its last view a click can be
 * lost; a person clicks again. On a busy machine the click can land while the renderer is still loading extensions,
 * and Playwright's wait for it to be acknowledged outlasts the click itself: look at the view instead.
 */
export async function openCoprView(page, timeoutMs = 90_000) {
  const view = coprView(page);
  await waitUntil(page, 'the Copr view', async () => {
    if (await view.isVisible()) return true;
    await coprTab(page).click({ timeout: 10_000, noWaitAfter: true }).catch(() => undefined);
    return view.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
  }, timeoutMs);
  return view;
}

/** The visible text of an editor's `.view-lines`; Monaco draws spaces as no-break spaces. */
export async function editorText(viewLines) {
  const text = await viewLines.innerText().catch(() => '');
  return text.replace(/\u00a0/g, ' ');
}

/** Drags the sidebar's edge so the rows' descriptions fit, as a person would. */
export async function widenSidebar(page, width) {
  const box = await page.locator('[id="workbench.parts.sidebar"]').boundingBox();
  if (!box || box.width >= width) return;
  const edge = box.x + box.width + 1;
  await page.mouse.move(edge, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(edge + (width - box.width), box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** The sidebar from the top of the window to `pad` pixels below the Copr view's last tree row. */
export async function sidebarClip(page, pad = 24) {
  const sidebar = await page.locator('[id="workbench.parts.sidebar"]').boundingBox();
  const last = await coprView(page).locator('.monaco-list-row').last().boundingBox();
  const bottom = Math.min(sidebar.y + sidebar.height, (last ? last.y + last.height : sidebar.y + 300) + pad);
  return { x: 0, y: 0, width: sidebar.x + sidebar.width + 2, height: bottom };
}

/**
 * One picture of the Copr view (the README's, the real-Copr run's): a fresh profile with `settings` and the extension
 * under development (dist/), the workbench on `folder`, the view opened, `arrange(page, view)` brings the rows wanted,
 * then the sidebar, widened to `sidebarWidth`, is photographed down to its last row (+ `pad`) with the pointer parked
 * at `parkAt`. Returns the exit code: 0, or 1 with the reason printed and what the window showed instead saved as
 * <target>.failed.png. `cleanup()` runs last either way.
 */
export async function screenshotCoprView({ settings, prefix, folder, target, viewport, sidebarWidth, pad, parkAt, arrange, cleanup }) {
  const profile = createProfile(settings, prefix);
  linkDevExtension(profile);
  const session = workbenchSession();
  let code = 0;
  try {
    const page = await session.open(profile, folder, viewport);
    const view = await openCoprView(page, 60_000);
    await arrange(page, view);
    await widenSidebar(page, sidebarWidth);
    await page.mouse.move(parkAt.x, parkAt.y);
    await page.waitForTimeout(500);
    const clip = await sidebarClip(page, pad);
    mkdirSync(dirname(target), { recursive: true });
    await page.screenshot({ path: target, clip });
    console.log(`screenshot: ${target}`);
  } catch (error) {
    console.error(`screenshot: ${error.message.split('\n')[0]}`);
    await session.page?.screenshot({ path: target.replace(/\.png$/, '.failed.png') }).catch(() => undefined);
    code = 1;
  } finally {
    await session.close();
    await cleanup?.();
    rmSync(profile.work, { recursive: true, force: true });
  }
  return code;
}
