// Flat ESLint config: typescript-eslint's recommended rules plus the project's layering and timer rules.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'util', 'events', 'stream', 'zlib', 'url'];
const noNodeImports = {
  patterns: [{ group: ['node:*'], message: 'src/ runs in a browser worker too: only src/platform/node.ts may use Node built-ins.' }],
  paths: nodeBuiltins.map((name) => ({ name, message: 'Only src/platform/node.ts may use Node built-ins.' })),
};
const noVscode = {
  name: 'vscode',
  message: 'src/api, src/monitor, src/triage and src/common run without VS Code (plain Node, web worker, tests): keep vscode out.',
};

// Message text renders `[label](command:…)` as a link that runs a command: only src/ui/messages.ts, which makes every
// text inert first, may call these (see SECURITY.md).
const messageApis = ['showInformationMessage', 'showWarningMessage', 'showErrorMessage'].map((property) => ({
  property,
  message: 'Show messages through src/ui/messages.ts (showInformation/showWarning/showError): it makes server and log text inert.',
}));

export default tseslint.config(
  { ignores: ['dist/', 'out/', '.cache/', 'node_modules/', 'media/', '.vscode-test/', '.test-results/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='setInterval'], CallExpression[callee.property.name='setInterval']",
          message: 'Poll with a setTimeout chain through the Clock interface, owned by a disposable; never setInterval.',
        },
      ],
      'no-restricted-imports': ['error', noNodeImports],
      'no-restricted-properties': ['error', ...messageApis],
    },
  },
  {
    files: ['src/ui/messages.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['src/platform/node.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/api/**/*.ts', 'src/monitor/**/*.ts', 'src/triage/**/*.ts', 'src/common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { ...noNodeImports, paths: [...noNodeImports.paths, noVscode] }],
    },
  },
);
