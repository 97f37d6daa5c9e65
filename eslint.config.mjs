// ESLint flat config: the house rules of docker-inline-help.
// Formatting is Prettier's job (`npm run lint` runs `prettier --check` too); eslint-config-prettier
// turns off the stylistic rules that would fight it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { builtinModules } from 'node:module';

/** Node built-ins that do I/O or start processes: the pure service must not import them. */
const IO_MODULES = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'child_process',
  'worker_threads',
  'dgram',
  'tls',
  'os',
  'cluster',
];
const ioPaths = IO_MODULES.flatMap((m) => [m, `node:${m}`]);
/** Every Node built-in: none may reach the code the web extension's worker bundles. */
const nodePaths = builtinModules.flatMap((m) => [m, `node:${m}`]);

const restrictedImport = (names, message) => names.map((name) => ({ name, message }));

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/out/**',
      '.e2e/**',
      'bench/peers/**',
      'bench/results/**',
      'docs-data/**',
    ],
  },
  js.configs.recommended,
  {
    // plain JavaScript: bins, build scripts, bench, the e2e harness
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.node },
    },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['bin/**/*.js', 'test/e2e/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    // the e2e suite runs inside the VS Code extension host with mocha's globals
    files: ['test/e2e/suite/**/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.mocha } },
  },
  {
    files: ['test/e2e/ui-checks.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  // TypeScript: type-aware rules (they catch real bugs in a server: promises nobody awaits,
  // async handlers where a sync callback is expected, switches that miss a document kind)
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-throw-literal': 'error',
    },
  },
  {
    files: ['server/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Boundary: only the adapter (server.ts, adapter/) and the two entries (node/, browser/) know
    // the connection; only node/ does I/O.
    files: ['server/src/**/*.ts'],
    ignores: [
      'server/src/server.ts',
      'server/src/adapter/**',
      'server/src/node/**',
      'server/src/browser/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...restrictedImport(
              [
                'vscode-languageserver',
                'vscode-languageserver/node',
                'vscode-languageserver/browser',
              ],
              'Boundary "only the adapter knows the connection" (ARCHITECTURE.md): server.ts and adapter/ own the LSP connection; elsewhere use vscode-languageserver-types or -textdocument.',
            ),
            ...restrictedImport(
              ioPaths,
              'Boundary "only node/ touches the file system" (ARCHITECTURE.md): let server/src/node/ read files and pass the data in.',
            ),
          ],
        },
      ],
    },
  },
  {
    // Boundary: the pure language service. Tested, reusable in a browser worker, free of I/O.
    files: ['server/src/service/**/*.ts', 'server/src/compiler/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...restrictedImport(
              [
                'vscode-languageserver',
                'vscode-languageserver/node',
                'vscode-languageserver/browser',
              ],
              'Boundary "service is pure" (ARCHITECTURE.md): server/src/service/ and compiler/ speak LSP types only. Import from vscode-languageserver-types or -textdocument; the connection belongs to the adapter.',
            ),
            ...restrictedImport(
              ioPaths,
              'Boundary "service is pure" (ARCHITECTURE.md): the service does no I/O and starts no process. Let server/src/node/ read files and pass the data in.',
            ),
          ],
          patterns: [
            {
              group: ['**/server', '**/adapter/*', '**/node/*'],
              message:
                'Boundary "service is pure" (ARCHITECTURE.md): the service must not import the adapter (server.ts, adapter/) or the Node entry points.',
            },
          ],
        },
      ],
    },
  },
  {
    // Boundary: only server/src/node/ touches the file system and `process`.
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/node/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        {
          name: 'process',
          message:
            'Boundary "only node/ touches process" (ARCHITECTURE.md): read process state in server/src/node/ and pass it in.',
        },
      ],
    },
  },
  {
    // the adapter and the browser entry run in the web extension's worker as well as in Node
    files: ['server/src/server.ts', 'server/src/adapter/**/*.ts', 'server/src/browser/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...restrictedImport(
              ['vscode-languageserver/node'],
              'Boundary "the adapter runs in Node and in a browser worker" (ARCHITECTURE.md): import the connection types from vscode-languageserver; only server/src/node/ creates a Node connection.',
            ),
            ...restrictedImport(
              nodePaths,
              'Boundary "only node/ touches the file system" (ARCHITECTURE.md): the adapter gets file access through the RuntimeEnvironment that server/src/node/ (or browser/) passes in; no Node built-in, the web extension bundles this code.',
            ),
          ],
        },
      ],
    },
  },
  {
    // Boundary: the client code the web extension shares (common.ts, notesAccess.ts, browser/)
    // runs in a browser web worker: no Node built-in, and the browser language client only.
    files: ['client/src/common.ts', 'client/src/notesAccess.ts', 'client/src/browser/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...restrictedImport(
              ['vscode-languageclient/node'],
              'Boundary "the web extension shares client code" (ARCHITECTURE.md): only client/src/extension.ts starts a Node server.',
            ),
            ...restrictedImport(
              nodePaths,
              'Boundary "the web extension shares client code" (ARCHITECTURE.md): this file is bundled for the browser; no Node built-in.',
            ),
          ],
          patterns: [
            {
              group: ['**/server/**', '**/server'],
              message:
                'Boundary "client imports nothing from server/" (ARCHITECTURE.md): the client talks to the server over LSP; share nothing but the protocol.',
            },
          ],
        },
      ],
    },
  },
  {
    // Boundary: the client runs in the VS Code extension host and talks to the server over LSP only.
    files: ['client/**/*.ts'],
    ignores: ['client/src/common.ts', 'client/src/notesAccess.ts', 'client/src/browser/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/server'],
              message:
                'Boundary "client imports nothing from server/" (ARCHITECTURE.md): the client talks to the server over LSP; share nothing but the protocol.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/src/**/*.ts'],
    rules: {
      // tests poke at results of many shapes; the strict unsafe-* rules add noise, not safety
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // node:test's test() returns a promise the runner tracks
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
    },
  },
  prettier,
);
