/**
 * The rules over LSP, against the built server: diagnostics published for a Dockerfile on disk
 * (the adapter reads the .dockerignore next to it), the code-action capability, and a
 * textDocument/codeAction round trip whose edit is applied and the whole text compared.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { startServer } from './lspClient';

test('textDocument/codeAction round trip: diagnostics, quick fix, disable, fix all', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dih-lsp-rules-'));
  writeFileSync(join(dir, '.dockerignore'), '*.env\n');
  const uri = pathToFileURL(join(dir, 'Dockerfile')).toString();
  const text = 'FROM alpine as build\nCOPY prod.env /app/\nRUNN echo hi\n';
  const s = await startServer();
  try {
    const published = new Promise<Diagnostic[]>((resolve) => {
      s.conn.onNotification(
        'textDocument/publishDiagnostics',
        (p: { uri: string; diagnostics: Diagnostic[] }) => {
          if (p.uri === uri) resolve(p.diagnostics);
        },
      );
    });
    const init = s.initResult as {
      capabilities: { codeActionProvider?: { codeActionKinds?: string[] } };
    };
    assert.deepEqual(init.capabilities.codeActionProvider?.codeActionKinds, [
      'quickfix',
      'source.fixAll',
      'source.fixAll.dockerInlineHelp',
      'refactor.rewrite',
    ]);
    await s.open(uri, 'dockerfile', text);
    const diagnostics = await published;
    assert.deepEqual(
      diagnostics.map(
        (d) =>
          `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`,
      ),
      [
        "1:13 FromAsCasing 'as' is not written in the case of 'FROM'",
        '2:6 CopyIgnoredFile "prod.env" is excluded by .dockerignore: COPY will not find it',
        '3:1 UnknownInstruction Unknown instruction "RUNN" (did you mean RUN?)',
      ],
    );
    assert.equal(
      diagnostics[0].codeDescription?.href,
      'https://docs.docker.com/reference/build-checks/from-as-casing/',
    );
    const doc = TextDocument.create(uri, 'dockerfile', 1, text);
    const ask = (d: Diagnostic[], only?: string[]): Promise<CodeAction[]> =>
      s.conn.sendRequest<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: d[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: only ? { diagnostics: d, only } : { diagnostics: d },
      });
    const fixes = await ask([diagnostics[2]]);
    assert.deepEqual(
      fixes.map((a) => [a.title, a.kind, a.isPreferred ?? false]),
      [['Change to RUN', 'quickfix', true]],
    );
    assert.equal(
      TextDocument.applyEdits(doc, fixes[0].edit?.changes?.[uri] ?? []),
      'FROM alpine as build\nCOPY prod.env /app/\nRUN echo hi\n',
    );
    const casing = await ask([diagnostics[0]]);
    assert.deepEqual(
      casing.map((a) => a.title),
      ["Write 'AS'", 'Disable FromAsCasing for this file'],
    );
    assert.equal(
      TextDocument.applyEdits(doc, casing[1].edit?.changes?.[uri] ?? []),
      '# check=skip=FromAsCasing\nFROM alpine as build\nCOPY prod.env /app/\nRUNN echo hi\n',
    );
    const all = await ask([], ['source.fixAll']);
    assert.deepEqual(
      all.map((a) => a.kind),
      ['source.fixAll.dockerInlineHelp'],
    );
    assert.equal(
      TextDocument.applyEdits(doc, all[0].edit?.changes?.[uri] ?? []),
      'FROM alpine AS build\nCOPY prod.env /app/\nRUNN echo hi\n',
    );
  } finally {
    await s.close();
  }
});

test('a new rule level in the settings checks the open documents again', async () => {
  const s = await startServer();
  try {
    const uri = 'file:///w/lsp-levels/Dockerfile';
    const seen: string[][] = [];
    let notify: () => void = () => undefined;
    s.conn.onNotification(
      'textDocument/publishDiagnostics',
      (p: { uri: string; diagnostics: Diagnostic[] }) => {
        if (p.uri !== uri) return;
        seen.push(p.diagnostics.map((d) => `${String(d.code)} ${d.severity}`));
        notify();
      },
    );
    const next = (): Promise<void> => new Promise((resolve) => (notify = resolve));
    let published = next();
    await s.open(uri, 'dockerfile', 'FROM alpine as build\nMAINTAINER me\n');
    await published;
    published = next();
    await s.conn.sendNotification('workspace/didChangeConfiguration', {
      settings: {
        dockerInlineHelp: {
          diagnostics: { rules: { FromAsCasing: 'off', MaintainerDeprecated: 'error' } },
        },
      },
    });
    await published;
    assert.deepEqual(seen, [
      ['FromAsCasing 2', 'MaintainerDeprecated 2'],
      ['MaintainerDeprecated 1'],
    ]);
  } finally {
    await s.close();
  }
});
