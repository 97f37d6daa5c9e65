/**
 * The house rules are enforced: the lint names the boundary a change breaks, and the format check
 * catches badly formatted code. (`npm run lint` runs both on the whole tree in CI.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT } from './helpers';

interface LintMessage {
  ruleId: string | null;
  message: string;
}

/** Lint one made-up file with the repo's config (boundary rules only: no type information needed). */
async function lint(filePath: string, code: string): Promise<string[]> {
  const { ESLint } = await import('eslint');
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false } } },
    ],
    ruleFilter: ({ ruleId }) => ['no-restricted-imports', 'no-restricted-globals'].includes(ruleId),
  });
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m: LintMessage) => `${m.ruleId}: ${m.message}`);
}

test('lint: the pure service may not import fs, the connection or the adapter', async () => {
  assert.deepEqual(
    await lint(
      'server/src/service/probe.ts',
      "import { readFileSync } from 'fs';\nexport const r = readFileSync;\n",
    ),
    [
      'no-restricted-imports: \'fs\' import is restricted from being used. Boundary "service is pure" (ARCHITECTURE.md): the service does no I/O and starts no process. Let server/src/node/ read files and pass the data in.',
    ],
  );
  const connection = await lint(
    'server/src/service/dockerfile/probe.ts',
    "import { createConnection } from 'vscode-languageserver/node';\nexport const c = createConnection;\n",
  );
  assert.equal(connection.length, 1);
  assert.match(connection[0], /^no-restricted-imports: .*Boundary "service is pure"/);
  const adapter = await lint(
    'server/src/service/probe.ts',
    "import { startServer } from '../server';\nexport const s = startServer;\n",
  );
  assert.match(adapter.join('\n'), /Boundary "service is pure".*must not import the adapter/);
  // outside the service and the adapter, the connection is off limits too
  const elsewhere = await lint(
    'server/src/bufferedDocument.ts',
    "import { TextDocuments } from 'vscode-languageserver';\nexport const t = TextDocuments;\n",
  );
  assert.match(elsewhere.join('\n'), /Boundary "only the adapter knows the connection"/);
  assert.deepEqual(
    await lint(
      'server/src/adapter/probe.ts',
      "import { TextDocuments } from 'vscode-languageserver';\nexport const t = TextDocuments;\n",
    ),
    [],
  );
  // what the service may import
  assert.deepEqual(
    await lint(
      'server/src/service/probe.ts',
      "import { Hover } from 'vscode-languageserver-types';\nimport { TextDocument } from 'vscode-languageserver-textdocument';\nexport const x = [Hover, TextDocument];\n",
    ),
    [],
  );
});

test('lint: only server/src/node/ touches process and the file system', async () => {
  assert.deepEqual(await lint('server/src/server.ts', 'export const home = process.env.HOME;\n'), [
    'no-restricted-globals: Unexpected use of \'process\'. Boundary "only node/ touches process" (ARCHITECTURE.md): read process state in server/src/node/ and pass it in.',
  ]);
  const fsInAdapter = await lint(
    'server/src/server.ts',
    "import * as fs from 'node:fs';\nexport const f = fs;\n",
  );
  assert.match(fsInAdapter.join('\n'), /Boundary "only node\/ touches the file system"/);
  assert.deepEqual(
    await lint(
      'server/src/node/probe.ts',
      "import * as fs from 'node:fs';\nexport const f = [fs, process.argv];\n",
    ),
    [],
  );
});

test('lint: the client imports nothing from server/', async () => {
  const messages = await lint(
    'client/src/probe.ts',
    "import { LanguageService } from '../../server/src/service/languageService';\nexport const l = LanguageService;\n",
  );
  assert.equal(messages.length, 1);
  assert.match(messages[0], /Boundary "client imports nothing from server\/"/);
});

test('lint: the code the web extension bundles (adapter, browser entry, shared client code) imports no Node built-in', async () => {
  const rule = (messages: string[]) => messages.map((m) => m.replace(/ Boundary.*/, ''));
  assert.deepEqual(
    rule(
      await lint(
        'server/src/adapter/probe.ts',
        "import * as p from 'node:path';\nexport const x = p;\n",
      ),
    ),
    ["no-restricted-imports: 'node:path' import is restricted from being used."],
  );
  assert.match(
    (
      await lint(
        'server/src/adapter/probe.ts',
        "import { createConnection } from 'vscode-languageserver/node';\nexport const c = createConnection;\n",
      )
    ).join('\n'),
    /Boundary "the adapter runs in Node and in a browser worker"/,
  );
  assert.deepEqual(
    await lint(
      'server/src/browser/probe.ts',
      "import { createConnection } from 'vscode-languageserver/browser';\nexport const c = createConnection;\n",
    ),
    [],
  );
  assert.match(
    (
      await lint('server/src/browser/probe.ts', "import * as fs from 'fs';\nexport const f = fs;\n")
    ).join('\n'),
    /no Node built-in, the web extension bundles this code/,
  );
  for (const file of [
    'client/src/common.ts',
    'client/src/notesAccess.ts',
    'client/src/browser/probe.ts',
  ]) {
    assert.match(
      (await lint(file, "import * as path from 'node:path';\nexport const p = path;\n")).join('\n'),
      /Boundary "the web extension shares client code".*no Node built-in/,
      file,
    );
  }
  assert.match(
    (
      await lint(
        'client/src/browser/probe.ts',
        "import { LanguageClient } from 'vscode-languageclient/node';\nexport const l = LanguageClient;\n",
      )
    ).join('\n'),
    /only client\/src\/extension.ts starts a Node server/,
  );
  // the Node client may
  assert.deepEqual(
    await lint(
      'client/src/extension.ts',
      "import * as path from 'node:path';\nexport const p = path;\n",
    ),
    [],
  );
});

test('format: badly formatted code fails the check, formatted code passes', async () => {
  const prettier = await import('prettier');
  const options = {
    ...(await prettier.resolveConfig(`${ROOT}/server/src/server.ts`)),
    filepath: `${ROOT}/server/src/probe.ts`,
  };
  assert.equal(await prettier.check('export const a = {b:1,\n    c:"x"}\n', options), false);
  assert.equal(await prettier.check("export const a = { b: 1, c: 'x' };\n", options), true);
});
