// Renders the task details page (the pure renderDetails() from out/, under its real CSP) in headless Chromium with a
// light and a dark set of VS Code theme variables, checks that nothing was blocked or thrown, and saves
// docs/details-light.png and docs/details-dark.png. Run `npx tsc -p tsconfig.test.json` first.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromiumLaunchOptions } from '../host/browser.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const { renderDetails } = require(join(root, 'out', 'src', 'details', 'renderDetails.js'));
const { detailsData } = require(join(root, 'out', 'src', 'details', 'detailsModel.js'));

const THEMES = {
  light: {
    'font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif', 'font-size': '13px', 'font-weight': 'normal',
    'editor-font-family': '"DejaVu Sans Mono", monospace', 'editor-font-size': '13px',
    foreground: '#3b3b3b', 'editor-background': '#ffffff', descriptionForeground: '#717171', 'panel-border': '#e5e5e5',
    'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0258a8', 'button-border': '#0000001a',
    'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc',
    focusBorder: '#005fb8', 'textLink-foreground': '#005fb8', 'textLink-activeForeground': '#005fb8',
    'textPreformat-foreground': '#3b3b3b', 'textCodeBlock-background': '#f8f8f8',
    'testing-iconFailed': '#f14c4c', 'testing-iconPassed': '#73c991', 'testing-iconQueued': '#cca700', 'testing-iconSkipped': '#848484',
    'charts-blue': '#1a85ff', 'charts-green': '#388a34', 'charts-yellow': '#bf8803', errorForeground: '#a1260d',
    'problemsWarningIcon-foreground': '#bf8803', 'inputValidation-warningBackground': '#f6f5d2', 'inputValidation-warningBorder': '#b89500',
    'inputValidation-infoBackground': '#d6ecf2', 'inputValidation-infoBorder': '#007acc',
  },
  dark: {
    'font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif', 'font-size': '13px', 'font-weight': 'normal',
    'editor-font-family': '"DejaVu Sans Mono", monospace', 'editor-font-size': '13px',
    foreground: '#cccccc', 'editor-background': '#1f1f1f', descriptionForeground: '#9d9d9d', 'panel-border': '#2b2b2b',
    'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1', 'button-border': '#ffffff12',
    'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
    focusBorder: '#0078d4', 'textLink-foreground': '#4daafc', 'textLink-activeForeground': '#4daafc',
    'textPreformat-foreground': '#d0d0d0', 'textCodeBlock-background': '#2b2b2b',
    'testing-iconFailed': '#f14c4c', 'testing-iconPassed': '#73c991', 'testing-iconQueued': '#cca700', 'testing-iconSkipped': '#848484',
    'charts-blue': '#3794ff', 'charts-green': '#89d185', 'charts-yellow': '#cca700', errorForeground: '#f85149',
    'problemsWarningIcon-foreground': '#cca700', 'inputValidation-warningBackground': '#352a05', 'inputValidation-warningBorder': '#b89500',
    'inputValidation-infoBackground': '#063b49', 'inputValidation-infoBorder': '#007acc',
  },
};

const now = 1_755_004_000;
const chroots = ['x86_64', 'aarch64', 'i386', 'ppc64le', 's390x'].map((a) => `fedora-rawhide-${a}`);
const states = ['succeeded', 'failed', 'succeeded', 'running', 'pending'];
const tasks = chroots.map((c, i) => ({
  chroot_name: c, build_id: 9812345, state: states[i],
  started_on: states[i] === 'pending' ? null : now - 3600 + i * 60,
  ended_on: ['succeeded', 'failed'].includes(states[i]) ? now - 1200 + i * 30 : null,
  result_dir_url: states[i] === 'pending' ? null : `https://download.copr.fedorainfracloud.org/results/@python/python3.14/${c}/09812345-python3.14/`,
  git_hash: null,
}));
const data = detailsData({
  buildId: 9812345,
  chroot: 'fedora-rawhide-aarch64',
  task: tasks[1],
  tasks,
  build: {
    id: 9812345, owner: '@python', project: 'python3.14', dirname: 'python3.14', package_name: 'python3.14', package_version: '3.14.0~rc2-1',
    submitter: 'churchyard', submitted_on: now - 4000, started_on: now - 3600, ended_on: null, state: 'running', chroots, project_id: null,
  },
  reason: {
    summary: '%check failed: 2 tests failed (test_io.py::test_roundtrip)',
    notYourPackage: false,
    evidence: [
      { log: 'build', line: 18234, text: 'FAILED tests/test_io.py::test_roundtrip - AssertionError: assert b"\\x00\\x01" == b"\\x01\\x00"' },
      { log: 'build', line: 18240, text: '===== 2 failed, 311 passed in 41.2s =====' },
      { log: 'build', line: 18251, text: 'error: Bad exit status from /var/tmp/rpm-tmp.3TnXyv (%check)' },
    ],
  },
  fetchedGitHash: 'a4f9c2e1d241064b14f9dcd5d9032d0aca3b4e78',
  buildUrl: 'https://copr.fedorainfracloud.org/coprs/g/python/python3.14/build/9812345/',
  nowSeconds: now,
});

const work = mkdtempSync(join(tmpdir(), 'copr-details-'));
const problems = [];
const browser = await chromium.launch(await chromiumLaunchOptions());
try {
  const css = readFileSync(join(root, 'media', 'details.css'), 'utf8');
  const js = readFileSync(join(root, 'media', 'details.js'), 'utf8');
  // The webview API the script expects, recorded so the check can click a button and see the message.
  writeFileSync(join(work, 'details.js'), `window.posted=[];window.acquireVsCodeApi=()=>({postMessage:(m)=>window.posted.push(m),setState(){}});\n${js}`);
  for (const [name, vars] of Object.entries(THEMES)) {
    const themeCss = `:root{${Object.entries(vars).map(([k, v]) => `--vscode-${k}:${v};`).join('')}}\n${css}`;
    writeFileSync(join(work, `details-${name}.css`), themeCss);
    const page = renderDetails({
      cspSource: 'file:',
      nonce: 'cmVuZGVyRGV0YWlsc05vbmNlMDE',
      scriptUri: pathToFileURL(join(work, 'details.js')).href,
      styleUri: pathToFileURL(join(work, `details-${name}.css`)).href,
      data,
    });
    const file = join(work, `details-${name}.html`);
    writeFileSync(file, page);
    const tab = await browser.newPage({ viewport: { width: 900, height: 1000 }, deviceScaleFactor: 1, colorScheme: name });
    tab.on('console', (m) => { if (m.type() === 'error') problems.push(`${name}: console: ${m.text()}`); });
    tab.on('pageerror', (e) => problems.push(`${name}: ${e.message}`));
    await tab.goto(pathToFileURL(file).href);
    await tab.waitForLoadState('load');
    const bg = await tab.evaluate(() => getComputedStyle(document.body).backgroundColor);
    if (bg === 'rgba(0, 0, 0, 0)') problems.push(`${name}: the stylesheet did not apply`);
    await tab.click('button[data-line="18251"]');
    const posted = await tab.evaluate(() => window.posted);
    if (JSON.stringify(posted) !== JSON.stringify([{ command: 'viewLog', log: 'build', line: 18251 }])) problems.push(`${name}: clicking an evidence line posted ${JSON.stringify(posted)}`);
    mkdirSync(join(root, 'docs'), { recursive: true });
    await tab.screenshot({ path: join(root, 'docs', `details-${name}.png`), fullPage: true });
    console.log(`saved docs/details-${name}.png (body background ${bg})`);
    await tab.close();
  }
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
