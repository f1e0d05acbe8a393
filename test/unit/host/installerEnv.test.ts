// The VS Code host installer must not hand an outer npm's configuration to the npm it starts: under `npm test` on
// Node 20, `npm_config_user_agent` said node/v20 and code-server's install refused ("requires node v24").
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

// TypeScript compiles `import()` to `require()` under CommonJS; the installer is an ES module.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;
const installerPath = resolve(__dirname, '..', '..', '..', '..', 'test', 'host', 'install-host.mjs');

interface Installer {
  installerEnv(base: Record<string, string | undefined>, nodeBinDir: string): Record<string, string>;
  NATIVE_SERVER_MODULES: string[];
}

describe('VS Code host installer', () => {
  let installer: Installer;
  before(async () => {
    installer = (await importEsm(`file://${installerPath}`)) as Installer;
  });

  const outerNpm = {
    npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
    NPM_CONFIG_CACHE: '/home/someone/.npm',
    npm_config_ignore_scripts: 'true',
    npm_package_name: 'copr-builds',
    npm_package_scripts_test: 'node scripts/test.mjs',
    npm_lifecycle_event: 'test',
    npm_lifecycle_script: 'node scripts/test.mjs',
    npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
    npm_node_execpath: '/usr/bin/node',
    npm_command: 'run-script',
    INIT_CWD: '/work/main',
  };
  const ordinary = { PATH: '/usr/local/bin:/usr/bin', HOME: '/home/someone', LANG: 'C.UTF-8', TMPDIR: '/tmp/x' };

  it('drops every npm_config_*, npm_package_* and npm_lifecycle_* variable (any case) and the npm run markers', () => {
    const env = installer.installerEnv({ ...outerNpm, ...ordinary }, '/cache/node/bin');
    const leaked = Object.keys(env).filter((k) => /^npm_/i.test(k) || k === 'INIT_CWD');
    assert.deepEqual(leaked, []);
  });

  it('keeps the rest of the environment and puts Node 24 first on PATH', () => {
    const env = installer.installerEnv({ ...outerNpm, ...ordinary }, '/cache/node/bin');
    assert.equal(env.PATH, '/cache/node/bin:/usr/local/bin:/usr/bin');
    assert.equal(env.HOME, ordinary.HOME);
    assert.equal(env.LANG, ordinary.LANG);
    assert.equal(env.TMPDIR, ordinary.TMPDIR);
  });

  it('a child started with that environment sees none of the outer npm variables', () => {
    // The same spawn path as the installer's: the child prints what it was given.
    const env = installer.installerEnv({ ...process.env, ...outerNpm }, join(process.execPath, '..'));
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(JSON.stringify(Object.keys(process.env)))'], {
      env,
      encoding: 'utf8',
    });
    assert.equal(child.status, 0, child.stderr);
    const seen = (JSON.parse(child.stdout) as string[]).filter((k) => /^npm_(config|package|lifecycle)_/i.test(k));
    assert.deepEqual(seen, []);
  });

  it('never builds kerberos, which needs the system gssapi headers', () => {
    assert.ok(!installer.NATIVE_SERVER_MODULES.includes('kerberos'));
    assert.ok(installer.NATIVE_SERVER_MODULES.includes('@vscode/spdlog'), 'the server cannot log without spdlog');
  });
});
