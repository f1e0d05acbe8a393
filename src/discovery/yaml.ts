// The YAML reader, bundled on its own into dist/yaml.js (esbuild.mjs) and loaded by src/platform/node.ts only when
// a workspace has a Packit config: js-yaml's load is 43 KB minified, which the 150 KB extension bundle has no room for,
// and most workspaces never need it. load() uses js-yaml's default schema (no JavaScript types in js-yaml 4).
export { load } from 'js-yaml';
