// The browser bundle (dist/web/extension.js) must run in VS Code's web worker extension host, where no Node built-in
// exists. This machine cannot start a web worker host with the extension in it, so the bundle is evaluated in a `vm`
// context that offers only web-standard globals and a `require` that knows nothing but `vscode`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import * as vm from 'node:vm';

// Tests run from the repository root (npm scripts).
const root = process.cwd();
const bundlePath = join(root, 'dist', 'web', 'extension.js');

interface BundleModule {
  exports: Record<string, unknown>;
}

interface Evaluation {
  module: BundleModule;
  requested: string[];
  fetched: string[];
  timers: Set<ReturnType<typeof setTimeout>>;
}

/** A value that answers every property access, call and `new` with another such value: a stand-in for the whole
 * vscode API, so activate() runs without this test knowing which API calls the extension makes. */
function anything(name: string, overrides: Record<string, unknown> = {}): unknown {
  const children = new Map<PropertyKey, unknown>();
  const target = function stub(): void {
    /* callable */
  };
  const proxy: object = new Proxy(target, {
    // esbuild's `import * as vscode` wrapper copies own keys and inherits from the module's prototype: answering
    // with the stub itself makes every name reachable through the wrapper too.
    getPrototypeOf: () => proxy,
    get(_t, prop) {
      if (prop in overrides) return overrides[prop as string];
      if (children.has(prop)) return children.get(prop);
      if (prop === 'then') return undefined; // not a thenable: `await stub` resolves to the stub
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === Symbol.iterator) return function* empty() {};
      if (prop === 'toString' || prop === 'toJSON') return () => name;
      if (!children.has(prop)) children.set(prop, anything(`${name}.${String(prop)}`));
      return children.get(prop);
    },
    // Properties the extension sets (statusBarItem.text = ...) read back as set, as on the real objects.
    set(_t, prop, value) {
      children.set(prop, value);
      return true;
    },
    apply: () => anything(`${name}()`),
    construct: () => anything(`new ${name}`) as object,
  });
  return proxy;
}

function format(message: string, ...args: unknown[]): string {
  return message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}

function fakeVscode(): unknown {
  const configuration = anything('configuration', {
    // Every setting at its default: no project configured, so nothing is polled.
    get: (_key: string, defaultValue?: unknown) => defaultValue,
    has: () => false,
    inspect: () => undefined,
  });
  return anything('vscode', {
    l10n: anything('vscode.l10n', { t: (message: string | { message: string }, ...args: unknown[]) => format(typeof message === 'string' ? message : message.message, ...args) }),
    workspace: anything('vscode.workspace', { getConfiguration: () => configuration }),
    env: anything('vscode.env', { uiKind: 2, appName: 'web-bundle-test', language: 'en' }),
  });
}

function evaluateBundle(source: string): Evaluation {
  const requested: string[] = [];
  const fetched: string[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const module: BundleModule = { exports: {} };
  const vscodeStub = fakeVscode();
  const requireShim = (id: string): unknown => {
    requested.push(id);
    if (id === 'vscode') return vscodeStub;
    throw new Error(`Cannot find module '${id}' (a web worker extension host has no Node modules)`);
  };
  // What a web worker offers (and VS Code's web extension host keeps): no process, Buffer, require, __dirname.
  const sandbox: Record<string, unknown> = {
    console,
    URL,
    URLSearchParams,
    TextDecoder,
    TextEncoder,
    AbortController,
    AbortSignal,
    DecompressionStream,
    Headers,
    Request,
    Response,
    ReadableStream,
    Blob,
    Event,
    EventTarget,
    queueMicrotask,
    structuredClone,
    atob,
    btoa,
    crypto: globalThis.crypto,
    performance: globalThis.performance,
    setTimeout: (fn: () => void, ms?: number) => {
      const handle = setTimeout(() => {
        timers.delete(handle);
        fn();
      }, ms);
      timers.add(handle);
      return handle;
    },
    clearTimeout: (handle: ReturnType<typeof setTimeout>) => {
      timers.delete(handle);
      clearTimeout(handle);
    },
    fetch: (input: unknown) => {
      fetched.push(String(input));
      return Promise.reject(new TypeError('network disabled in this test'));
    },
  };
  sandbox.self = sandbox;
  sandbox.globalThis = sandbox;
  const context = vm.createContext(sandbox, { name: 'web worker stand-in' });
  const wrapper = vm.runInContext(`(function (exports, require, module) {\n${source}\n})`, context, {
    filename: bundlePath,
  }) as (exports: unknown, require: unknown, module: unknown) => void;
  wrapper(module.exports, requireShim, module);
  return { module, requested, fetched, timers };
}

/** Every way a bundle could load a Node built-in, for every built-in Node knows. */
function nodeRequires(source: string): string[] {
  const names = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  const found = new Set<string>();
  for (const match of source.matchAll(/\b(?:require|import)\s*\(\s*["'`]([^"'`]+)["'`]\s*\)|\bfrom\s*["']([^"']+)["']/g)) {
    const id = match[1] ?? match[2];
    if (id.startsWith('node:') || names.has(id)) found.add(id);
  }
  return [...found].sort();
}

describe('web bundle (dist/web/extension.js)', function () {
  let source = '';

  before(function () {
    this.timeout(120_000);
    // Bundles the current sources, exactly as `npm run build` does.
    const build = spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, encoding: 'utf8' });
    assert.equal(build.status, 0, `node esbuild.mjs failed:\n${build.stdout}\n${build.stderr}`);
    source = readFileSync(bundlePath, 'utf8');
  });

  it('names no Node built-in module', () => {
    assert.deepEqual(nodeRequires(source), []);
  });

  it('does not read Node-only globals (process.env, Buffer, __dirname)', () => {
    // esbuild replaces process.env.NODE_ENV at build time; anything left would throw in a worker.
    const uses = [...source.matchAll(/\bprocess\.(?:env|platform|cwd|argv|versions)\b|\bBuffer\.\w+|\b__dirname\b|\b__filename\b/g)].map((m) => m[0]);
    assert.deepEqual([...new Set(uses)], []);
  });

  it('the Node bundle is the one that reads files (the platform swap happened)', () => {
    const nodeBundle = readFileSync(join(root, 'dist', 'extension.js'), 'utf8');
    assert.ok(nodeRequires(nodeBundle).length > 0, 'dist/extension.js should load node:fs and friends');
  });

  it('evaluates without Node built-ins and exports activate and deactivate', () => {
    const { module, requested } = evaluateBundle(source);
    assert.equal(typeof module.exports.activate, 'function');
    assert.equal(typeof module.exports.deactivate, 'function');
    assert.deepEqual([...new Set(requested)], ['vscode']);
  });

  it('activates against a stand-in vscode API without loading anything but vscode or fetching', async () => {
    const evaluation = evaluateBundle(source);
    const subscriptions: { dispose?: () => unknown }[] = [];
    const extensionContext = anything('context', {
      subscriptions,
      extension: anything('context.extension', { packageJSON: { version: '0.0.0-test' } }),
      globalState: anything('context.globalState', { get: (_k: string, d?: unknown) => d, keys: () => [] }),
      workspaceState: anything('context.workspaceState', { get: (_k: string, d?: unknown) => d, keys: () => [] }),
    });
    try {
      const activate = evaluation.module.exports.activate as (c: unknown) => unknown;
      await activate(extensionContext);
      // Let start-up promises settle inside the sandbox before looking at what was asked for.
      await new Promise((r) => setImmediate(r));
      assert.deepEqual([...new Set(evaluation.requested)], ['vscode']);
      assert.deepEqual(evaluation.fetched, [], 'nothing is configured, so nothing should be fetched');
      assert.ok(subscriptions.length > 0, 'activate registers its disposables');
    } finally {
      for (const s of subscriptions) {
        try {
          s.dispose?.();
        } catch {
          // stand-in objects may not dispose cleanly; only the bundle's own code is under test
        }
      }
      (evaluation.module.exports.deactivate as () => void)();
      for (const handle of evaluation.timers) clearTimeout(handle);
    }
  });
});
