// Bundles the extension: one minified file for the desktop (Node) extension host and one for the web worker host.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the form the `$esbuild-watch` problem matcher understands. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/** Resolves every import of `platform/node` to `platform/web` in the browser bundle. */
const webPlatform = {
  name: 'web-platform',
  setup(build) {
    build.onResolve({ filter: /platform\/node$/ }, () => ({
      path: new URL('./src/platform/web.ts', import.meta.url).pathname,
    }));
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  // Keep non-ASCII text (…, ·, —) as UTF-8 instead of \u escapes: smaller bundles.
  charset: 'utf8',
  legalComments: 'none',
  external: ['vscode'],
  logLevel: 'warning',
  plugins: [problemMatcher],
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

const targets = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    // dist/yaml.js is required at run time, only for workspaces with a Packit config (src/platform/node.ts).
    external: ['vscode', './yaml.js'],
  },
  {
    ...common,
    entryPoints: ['src/discovery/yaml.ts'],
    outfile: 'dist/yaml.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/web/extension.js',
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    // The web host has no Node built-ins: the platform module is swapped for its web twin.
    plugins: [problemMatcher, webPlatform],
  },
];

const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
