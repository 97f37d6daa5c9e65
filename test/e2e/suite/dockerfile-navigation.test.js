// Dockerfile navigation through the VS Code API, in a real extension host with the real language
// server: definition, references, rename, outline, links and formatting on examples/Dockerfile.
const assert = require('assert');
const vscode = require('vscode');

const { poll } = require('./helpers');

async function openDockerfile() {
  const folder = vscode.workspace.workspaceFolders[0];
  const doc = await vscode.workspace.openTextDocument(
    vscode.Uri.joinPath(folder.uri, 'Dockerfile'),
  );
  await poll(async () => doc.languageId === 'dockerfile', 10000);
  assert.strictEqual(doc.languageId, 'dockerfile');
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Position of `needle` (plus delta) on the first line containing `lineText`. */
function positionOf(doc, lineText, needle, delta = 1) {
  for (let i = 0; i < doc.lineCount; i++) {
    const text = doc.lineAt(i).text;
    if (text.includes(lineText)) return new vscode.Position(i, text.indexOf(needle) + delta);
  }
  throw new Error(`no line containing ${JSON.stringify(lineText)}`);
}

/** `line: text with [range]` for a location or range, as in the unit tests. */
function marked(doc, range) {
  const text = doc.lineAt(range.start.line).text;
  return `${range.start.line + 1}: ${text.slice(0, range.start.character)}[${text.slice(range.start.character, range.end.character)}]${text.slice(range.end.character)}`;
}

/** Ask until the language server answers with something. */
async function ask(command, ...args) {
  return poll(async () => {
    const r = await vscode.commands.executeCommand(command, ...args);
    return r && (!Array.isArray(r) || r.length) ? r : null;
  });
}

suite('Dockerfile navigation in the editor', function () {
  teardown(async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('F12 on a stage name goes to its FROM … AS', async function () {
    const doc = await openDockerfile();
    const defs = await ask(
      'vscode.executeDefinitionProvider',
      doc.uri,
      positionOf(doc, 'FROM base AS deps', 'base'),
    );
    assert.deepStrictEqual(
      defs.map((d) => marked(doc, d.range || d.targetRange)),
      ['3: FROM python:3.12-slim AS [base]'],
    );
  });

  test('references of a stage', async function () {
    const doc = await openDockerfile();
    const refs = await ask(
      'vscode.executeReferenceProvider',
      doc.uri,
      positionOf(doc, 'FROM python', 'base'),
    );
    assert.deepStrictEqual(
      refs.map((l) => marked(doc, l.range)),
      ['3: FROM python:3.12-slim AS [base]', '8: FROM [base] AS deps'],
    );
  });

  test('rename of a stage edits the declaration and every use', async function () {
    const doc = await openDockerfile();
    const edit = await ask(
      'vscode.executeDocumentRenameProvider',
      doc.uri,
      positionOf(doc, 'FROM deps AS app', 'deps'),
      'packages',
    );
    const edits = edit.get(doc.uri);
    assert.deepStrictEqual(
      edits.map((e) => `${marked(doc, e.range)} -> ${e.newText}`),
      ['8: FROM base AS [deps] -> packages', '12: FROM [deps] AS app -> packages'],
    );
  });

  test('the outline holds one symbol per stage', async function () {
    const doc = await openDockerfile();
    const symbols = await ask('vscode.executeDocumentSymbolProvider', doc.uri);
    assert.deepStrictEqual(
      symbols.map((s) => `${s.name}: ${(s.children || []).map((c) => c.name).join(' ')}`),
      [
        'syntax: ',
        'base: WORKDIR PYTHONDONTWRITEBYTECODE PYTHONUNBUFFERED',
        'deps: COPY RUN',
        'app: COPY FLASK_APP RUN USER EXPOSE HEALTHCHECK ENTRYPOINT CMD',
      ],
    );
  });

  test('the base image links to Docker Hub; formatting indents a continuation line', async function () {
    const doc = await openDockerfile();
    const links = await ask('vscode.executeLinkProvider', doc.uri);
    // (the editor adds links of its own for URLs written in the text)
    const ours = links.filter((l) => doc.getText(l.range) !== l.target.toString(true));
    assert.deepStrictEqual(
      ours.map((l) => `${doc.getText(l.range)} -> ${l.target.toString(true)}`),
      [
        'docker/dockerfile:1 -> https://hub.docker.com/r/docker/dockerfile',
        'python:3.12-slim -> https://hub.docker.com/_/python',
      ],
    );
    const edits = await vscode.commands.executeCommand(
      'vscode.executeFormatDocumentProvider',
      doc.uri,
      { tabSize: 4, insertSpaces: true },
    );
    // the HEALTHCHECK's CMD line is indented by 2: the formatter makes it one indentation unit
    // (the editor may hand the edits on made smaller: compare the text they give)
    const edited = new Map();
    for (const e of [...(edits || [])].sort((a, b) => b.range.start.compareTo(a.range.start))) {
      const line = e.range.start.line;
      const text = edited.get(line) ?? doc.lineAt(line).text;
      edited.set(
        line,
        text.slice(0, e.range.start.character) + e.newText + text.slice(e.range.end.character),
      );
    }
    assert.deepStrictEqual(
      [...edited.entries()].map(([line, text]) => `${line + 1}: ${text}`),
      [
        '19:     CMD python -c "import urllib.request; urllib.request.urlopen(\'http://localhost/\')" || exit 1',
      ],
    );
  });
});
