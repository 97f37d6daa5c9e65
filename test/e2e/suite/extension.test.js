// End-to-end tests of Docker Inline Help through the VS Code API, in a real extension host with the
// real language server. The workspace is a copy of the repository's examples/ folder.
const assert = require('assert');
const path = require('path');
const fs = require('fs');
const vscode = require('vscode');

const EXTENSION_ID = 'docker-inline-help.docker-inline-help';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Call fn every 200 ms until it returns something truthy or the time is up (then the last value). */
async function poll(fn, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > end) return v;
    await sleep(200);
  }
}

function workspaceUri(name) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function open(name, languageId) {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(name));
  // the editor may need a moment to settle the language (it starts as plaintext)
  await poll(async () => doc.languageId === languageId, 10000);
  assert.strictEqual(doc.languageId, languageId, `${name} language`);
  const editor = await vscode.window.showTextDocument(doc);
  return { doc, editor };
}

/** Position of the first occurrence of `needle` on the first line containing `lineText`. */
function positionOf(doc, lineText, needle, delta = 1) {
  for (let i = 0; i < doc.lineCount; i++) {
    const text = doc.lineAt(i).text;
    if (text.includes(lineText)) {
      const col = text.indexOf(needle, text.indexOf(lineText));
      assert.ok(col >= 0, `"${needle}" on line ${i + 1}`);
      return new vscode.Position(i, col + delta);
    }
  }
  throw new Error(`no line containing ${JSON.stringify(lineText)} in ${doc.uri.fsPath}`);
}

function hoverText(hovers) {
  return (hovers || [])
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
    .join('\n');
}

/** Hover text at a position, polling until the language server answers. */
async function hoverAt(doc, position) {
  const hovers = await poll(async () => {
    const h = await vscode.commands.executeCommand(
      'vscode.executeHoverProvider',
      doc.uri,
      position,
    );
    return h && h.length ? h : null;
  });
  const text = hoverText(hovers);
  assert.ok(
    text,
    `a hover at ${path.basename(doc.uri.fsPath)}:${position.line + 1}:${position.character + 1}`,
  );
  return text;
}

async function completionLabels(doc, position, expected) {
  let labels = [];
  await poll(async () => {
    const list = await vscode.commands.executeCommand(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      position,
    );
    labels = ((list && list.items) || []).map((i) =>
      typeof i.label === 'string' ? i.label : i.label.label,
    );
    return labels.includes(expected);
  });
  return labels;
}

suite('Docker Inline Help in the editor', function () {
  suiteSetup(async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
  });

  // files a test created, deleted after its editor is closed
  const created = [];
  teardown(async function () {
    // each test leaves one (possibly modified) editor: revert it so that closing asks nothing
    await vscode.commands
      .executeCommand('workbench.action.revertAndCloseActiveEditor')
      .then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    while (created.length)
      await vscode.workspace.fs.delete(created.pop()).then(undefined, () => undefined);
  });

  test('Dockerfile: hover on ENTRYPOINT explains ENTRYPOINT and CMD', async function () {
    const { doc } = await open('Dockerfile', 'dockerfile');
    const text = await hoverAt(doc, positionOf(doc, 'ENTRYPOINT [', 'ENTRYPOINT', 3));
    assert.match(text, /ENTRYPOINT/);
    assert.match(text, /\bCMD\b/);
    assert.match(text, /docker run/);
  });

  test('compose.yaml: completion on a new line under a service offers networks', async function () {
    const { doc, editor } = await open('compose.yaml', 'dockercompose');
    const at = positionOf(doc, 'image: redis', 'image');
    const line = doc.lineAt(at.line);
    const ok = await editor.edit((b) => b.insert(line.range.end, '\n    '));
    assert.ok(ok, 'edit applied');
    const labels = await completionLabels(doc, new vscode.Position(at.line + 1, 4), 'networks');
    assert.ok(
      labels.includes('networks'),
      `networks in ${labels.length} items: ${labels.slice(0, 40).join(', ')}`,
    );
    assert.ok(labels.includes('image') || labels.includes('ports'), 'other service keys offered');
    assert.ok(!labels.includes('services'), 'no top-level keys inside a service');
  });

  test('compose snippet: the voting-app (version 3) stack inserts into an empty compose file', async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const snippets = JSON.parse(
      fs.readFileSync(path.join(ext.extensionPath, 'snippets', 'compose.json'), 'utf8'),
    );
    const name = Object.keys(snippets).find((k) => snippets[k].prefix === 'compose-voting-app');
    assert.ok(name, 'snippets/compose.json has the compose-voting-app snippet');
    const uri = workspaceUri('docker-compose.snippet-test.yml');
    await vscode.workspace.fs.writeFile(uri, new Uint8Array());
    created.push(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await poll(async () => doc.languageId === 'dockercompose', 10000);
    assert.strictEqual(doc.languageId, 'dockercompose');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('editor.action.insertSnippet', {
      langId: 'dockercompose',
      name,
    });
    const text = await poll(
      async () => (doc.getText().includes('vote:') ? doc.getText() : null),
      5000,
    );
    assert.ok(text, `snippet inserted; file text: ${JSON.stringify(doc.getText())}`);
    for (const s of [
      'services:',
      'redis:',
      'db:',
      'vote:',
      '5000:80',
      'worker:',
      'result:',
      '5001:80',
    ]) {
      assert.ok(text.includes(s), `${s} in the inserted stack`);
    }
  });

  test('compose.yaml: definition on a depends_on entry goes to the service, references list its uses', async function () {
    const { doc } = await open('compose.yaml', 'dockercompose');
    // the depends_on entry of result (line 41), not `- db-data:…` under volumes
    const line = [...Array(doc.lineCount).keys()].find((i) => doc.lineAt(i).text === '      - db');
    assert.ok(line !== undefined, 'a `- db` line in compose.yaml');
    const at = new vscode.Position(line, 9);
    const defs = await poll(async () => {
      const d = await vscode.commands.executeCommand(
        'vscode.executeDefinitionProvider',
        doc.uri,
        at,
      );
      return d && d.length ? d : null;
    });
    assert.ok(defs && defs.length === 1, `one definition: ${JSON.stringify(defs)}`);
    const target = defs[0].targetRange || defs[0].range;
    assert.strictEqual(doc.lineAt(target.start.line).text, '  db:');
    assert.strictEqual(doc.getText(target), 'db');
    const refs = await vscode.commands.executeCommand(
      'vscode.executeReferenceProvider',
      doc.uri,
      at,
    );
    assert.deepStrictEqual(
      refs.map((r) => doc.lineAt(r.range.start.line).text.trim()),
      ['db:', 'db:', '- db'],
    );
    const symbols = await vscode.commands.executeCommand(
      'vscode.executeDocumentSymbolProvider',
      doc.uri,
    );
    const services = symbols.find((x) => x.name === 'services');
    assert.deepStrictEqual(
      services.children.map((c) => c.name),
      ['redis', 'db', 'vote', 'worker', 'result'],
    );
  });

  test('deploy.sh: hover on -p of docker run explains publish', async function () {
    const { doc } = await open('deploy.sh', 'shellscript');
    const text = await hoverAt(doc, positionOf(doc, 'docker run -p 80:80 nginx', '-p', 1));
    assert.match(text, /publish/i);
    assert.match(text, /-p/);
  });

  test('README.md: hover in a ```bash block explains the docker command', async function () {
    const { doc } = await open('README.md', 'markdown');
    const text = await hoverAt(doc, positionOf(doc, 'docker compose up -d', 'up', 1));
    assert.match(text, /docker compose up/);
  });

  test('Makefile: hover on a recipe line explains docker build', async function () {
    const { doc } = await open('Makefile', 'makefile');
    const text = await hoverAt(doc, positionOf(doc, 'docker build -t', 'build', 2));
    assert.match(text, /docker build/);
    assert.match(text, /image/i);
  });

  test('compose file: an unknown key gets a warning in the Problems list', async function () {
    const uri = workspaceUri('compose.typo.yaml');
    await vscode.workspace.fs.writeFile(
      uri,
      Buffer.from('services:\n  web:\n    image: nginx\n    restrat: always\n'),
    );
    created.push(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await poll(async () => doc.languageId === 'dockercompose', 10000);
    await vscode.window.showTextDocument(doc);
    const diags = await poll(async () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length ? d : null;
    });
    assert.ok(diags && diags.length === 1, `one diagnostic: ${JSON.stringify(diags)}`);
    assert.strictEqual(diags[0].message, 'Unknown key "restrat" at services.<name>.');
    assert.strictEqual(diags[0].range.start.line, 3);
    assert.strictEqual(diags[0].severity, vscode.DiagnosticSeverity.Warning);
  });

  test('Explain docker command on this line opens a breakdown', async function () {
    const { doc, editor } = await open('deploy.sh', 'shellscript');
    const at = positionOf(doc, 'docker run -p 80:80 nginx', 'run', 1);
    editor.selection = new vscode.Selection(at, at);
    await poll(
      async () =>
        (await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, at))?.length,
      30000,
    );
    await vscode.commands.executeCommand('dockerInlineHelp.explainLine');
    const md = await poll(
      async () =>
        vscode.workspace.textDocuments.find(
          (d) => d.languageId === 'markdown' && d.isUntitled && d.getText().includes('--publish'),
        ),
      10000,
    );
    assert.ok(md, 'an untitled markdown document with the breakdown');
    assert.match(md.getText(), /\| `80:80` \| value of --publish — Host port 80 \(left side\)/);
  });

  test('settings switch help off per file kind', async function () {
    const cfg = vscode.workspace.getConfiguration('dockerInlineHelp');
    const { doc } = await open('Dockerfile', 'dockerfile');
    const pos = positionOf(doc, 'ENTRYPOINT [', 'ENTRYPOINT', 3);
    await hoverAt(doc, pos);
    await cfg.update('dockerfile.hover', false, vscode.ConfigurationTarget.Global);
    try {
      const gone = await poll(async () => {
        const h = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos);
        return !hoverText(h).includes('ENTRYPOINT —') && !hoverText(h).includes('**ENTRYPOINT**');
      }, 15000);
      assert.ok(gone, 'no Docker Inline Help hover with dockerInlineHelp.dockerfile.hover off');
    } finally {
      await cfg.update('dockerfile.hover', undefined, vscode.ConfigurationTarget.Global);
    }
    await hoverAt(doc, pos);
  });

  if (process.env.DIH_E2E_FAIL === '1') {
    test('deliberate failure (DIH_E2E_FAIL=1)', function () {
      assert.fail('deliberate failure: DIH_E2E_FAIL=1');
    });
  }
});
