/**
 * The conversions over LSP, against the built server: the adapter reads the compose file next to
 * a script (on disk, or the editor's unsaved text when it is open), the code action's edit is
 * applied and the whole file compared, the command it carries makes the server ask the client to
 * show the compose file, and "Copy as docker run" answers the command line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextDocumentEdit, TextEdit } from 'vscode-languageserver-types';
import { startServer } from './lspClient';

const CAPABILITIES = {
  textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } },
  workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
  window: { showDocument: { support: true } },
};

function editOf(a: CodeAction | undefined): TextDocumentEdit {
  const e = a?.edit?.documentChanges?.find((c): c is TextDocumentEdit => 'textDocument' in c);
  assert.ok(e, 'an edit of the compose file');
  return e;
}

test('Convert to a compose service over LSP: compose file read by the adapter, then shown', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dih-lsp-convert-'));
  const composeUri = pathToFileURL(join(dir, 'compose.yaml')).toString();
  const scriptUri = pathToFileURL(join(dir, 'deploy.sh')).toString();
  const onDisk = 'services:\n  db:\n    image: postgres:16\n';
  writeFileSync(join(dir, 'compose.yaml'), onDisk);
  const script = '#!/bin/sh\ndocker run -d --name api -p 8080:80 --network back example/api\n';
  const s = await startServer(undefined, CAPABILITIES);
  const shown: unknown[] = [];
  s.conn.onRequest('window/showDocument', (p: unknown) => {
    shown.push(p);
    return { success: true };
  });
  try {
    const init = s.initResult as {
      capabilities: { executeCommandProvider?: { commands: string[] } };
    };
    assert.deepEqual(init.capabilities.executeCommandProvider?.commands, [
      'dockerInlineHelp.showDocument',
      'dockerInlineHelp.copyAsDockerRun',
    ]);
    await s.open(scriptUri, 'shellscript', script);
    const ask = (): Promise<CodeAction[]> =>
      s.conn.sendRequest<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: scriptUri },
        range: { start: { line: 1, character: 5 }, end: { line: 1, character: 5 } },
        context: { diagnostics: [] },
      });
    const [action] = await ask();
    assert.equal(action.title, 'Convert to a compose service in compose.yaml');
    const edit = editOf(action);
    assert.deepEqual(edit.textDocument, { uri: composeUri, version: null });
    const after = TextDocument.applyEdits(
      TextDocument.create(composeUri, 'dockercompose', 1, onDisk),
      edit.edits as TextEdit[],
    );
    assert.equal(
      after,
      [
        'services:',
        '  db:',
        '    image: postgres:16',
        '  # docker run flags with no compose equivalent:',
        '  #   -d: Detaching is chosen when you start the project (docker compose up -d), for every service at once',
        '  api:',
        '    image: example/api',
        '    container_name: api',
        '    ports:',
        '      - "8080:80"',
        '    networks:',
        '      back: {}',
        'networks:',
        '  back:',
        '    external: true',
        '',
      ].join('\n'),
    );
    // the client runs the action's command after the edit: the server asks it to show the file
    await s.conn.sendRequest('workspace/executeCommand', {
      command: action.command?.command,
      arguments: action.command?.arguments,
    });
    assert.deepEqual(shown, [
      {
        uri: composeUri,
        takeFocus: true,
        selection: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } },
      },
    ]);

    // the compose file open with unsaved changes: the edit is on the editor's text and version
    const unsaved = 'services:\n  api:\n    image: other\n';
    await s.open(composeUri, 'dockercompose', unsaved);
    const [again] = await ask();
    const edit2 = editOf(again);
    assert.deepEqual(edit2.textDocument, { uri: composeUri, version: 1 });
    assert.match(
      TextDocument.applyEdits(
        TextDocument.create(composeUri, 'dockercompose', 1, unsaved),
        edit2.edits as TextEdit[],
      ),
      /^services:\n {2}api:\n {4}image: other\n(?: {2}#.*\n)+ {2}api-2:\n {4}image: example\/api\n/,
    );

    // Copy as docker run on the open compose file
    const copied = await s.conn.sendRequest('workspace/executeCommand', {
      command: 'dockerInlineHelp.copyAsDockerRun',
      arguments: [composeUri, 'api'],
    });
    assert.deepEqual(copied, {
      text: 'docker run \\\n  other\n',
      message: 'Copied the docker run command of api',
    });
  } finally {
    await s.close();
  }
});

test('no compose file next to the script: the action creates compose.yaml', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dih-lsp-convert-'));
  const scriptUri = pathToFileURL(join(dir, 'run.sh')).toString();
  const s = await startServer(undefined, CAPABILITIES);
  try {
    await s.open(scriptUri, 'shellscript', 'docker run redis:7\n');
    const [action] = await s.conn.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: scriptUri },
      range: { start: { line: 0, character: 12 }, end: { line: 0, character: 12 } },
      context: { diagnostics: [] },
    });
    const composeUri = pathToFileURL(join(dir, 'compose.yaml')).toString();
    assert.deepEqual(action.edit?.documentChanges?.[0], {
      kind: 'create',
      uri: composeUri,
      options: { ignoreIfExists: true },
    });
    assert.deepEqual(editOf(action).edits, [
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        newText: 'services:\n  redis:\n    image: redis:7\n',
      },
    ]);
  } finally {
    await s.close();
  }
});
