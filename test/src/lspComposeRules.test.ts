/**
 * The compose rules over LSP, against the built server: diagnostics published for a compose file,
 * then a textDocument/codeAction round trip (did-you-mean, declare, disable, fix all) whose edits
 * are applied and the whole text compared.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { startServer } from './lspClient';

test('compose: textDocument/codeAction round trip (did you mean, declare, disable, fix all)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dih-lsp-compose-'));
  const uri = pathToFileURL(join(dir, 'compose.yaml')).toString();
  const text =
    'version: "3"\nservices:\n  web:\n    image: nginx\n    restart: alway\n    networks: [front]\n';
  const s = await startServer();
  try {
    const published = new Promise<Diagnostic[]>((resolve) => {
      s.conn.onNotification(
        'textDocument/publishDiagnostics',
        (p: { uri: string; diagnostics: Diagnostic[] }) => {
          if (p.uri === uri && p.diagnostics.length) resolve(p.diagnostics);
        },
      );
    });
    await s.open(uri, 'dockercompose', text);
    const diagnostics = await published;
    assert.deepEqual(
      diagnostics.map(
        (d) =>
          `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`,
      ),
      [
        "1:1 ObsoleteVersion 'version' is obsolete: Docker Compose ignores it",
        "5:14 InvalidComposeValue 'alway' is not a valid value of 'restart' (did you mean 'always'?)",
        "6:16 UndefinedNetwork Network 'front' is not declared under the top-level networks",
      ],
    );
    const doc = TextDocument.create(uri, 'dockercompose', 1, text);
    const ask = (d: Diagnostic[], only?: string[]): Promise<CodeAction[]> =>
      s.conn.sendRequest<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: d[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: only ? { diagnostics: d, only } : { diagnostics: d },
      });
    const value = await ask([diagnostics[1]]);
    assert.deepEqual(
      value.map((a) => [a.title, a.kind, a.isPreferred ?? false]),
      [
        ["Change to 'always'", 'quickfix', true],
        // inside a service, the service's own refactoring is offered too
        ['Copy as docker run', 'refactor.rewrite.dockerInlineHelp.toDockerRun', false],
      ],
    );
    assert.equal(
      TextDocument.applyEdits(doc, value[0].edit?.changes?.[uri] ?? []),
      'version: "3"\nservices:\n  web:\n    image: nginx\n    restart: always\n    networks: [front]\n',
    );
    const network = await ask([diagnostics[2]]);
    assert.equal(network[0].title, "Declare network 'front'");
    assert.equal(
      TextDocument.applyEdits(doc, network[0].edit?.changes?.[uri] ?? []),
      `${text}networks:\n  front:\n`,
    );
    // errors Compose rejects the file for have no switch; a warning has
    const version = await ask([diagnostics[0]]);
    assert.deepEqual(
      version.map((a) => a.title),
      ['Remove the version line', 'Disable ObsoleteVersion for this file'],
    );
    assert.equal(
      TextDocument.applyEdits(doc, version[1].edit?.changes?.[uri] ?? []),
      `# docker-inline-help: disable=ObsoleteVersion\n${text}`,
    );
    const all = await ask([], ['source.fixAll']);
    assert.deepEqual(
      all.map((a) => a.kind),
      ['source.fixAll.dockerInlineHelp'],
    );
    assert.equal(
      TextDocument.applyEdits(doc, all[0].edit?.changes?.[uri] ?? []),
      'services:\n  web:\n    image: nginx\n    restart: always\n    networks: [front]\n',
    );
  } finally {
    await s.close();
  }
});
