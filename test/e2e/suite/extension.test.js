// End-to-end tests of Docker Inline Help through the VS Code API, in a real extension host with the
// real language server. The workspace is a copy of the repository's examples/ folder.
const assert = require('assert');
const path = require('path');
const vscode = require('vscode');

const EXTENSION_ID = 'docker-inline-help.docker-inline-help';
const { poll, sleep } = require('./helpers');

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
      await vscode.workspace.fs
        .delete(created.pop(), { recursive: true })
        .then(undefined, () => undefined);
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

  test('compose snippets: the voting-app stack is offered in an empty compose file and inserts; none under a service', async function () {
    const uri = workspaceUri('docker-compose.snippet-test.yml');
    await vscode.workspace.fs.writeFile(uri, new Uint8Array());
    created.push(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await poll(async () => doc.languageId === 'dockercompose', 10000);
    assert.strictEqual(doc.languageId, 'dockercompose');
    const editor = await vscode.window.showTextDocument(doc);
    const items = async (position) => {
      const list = await vscode.commands.executeCommand(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        position,
      );
      return (list && list.items) || [];
    };
    const labelOf = (i) => (typeof i.label === 'string' ? i.label : i.label.label);
    let item;
    await poll(async () => {
      item = (await items(new vscode.Position(0, 0))).find(
        (i) => labelOf(i) === 'compose-voting-app',
      );
      return item;
    });
    assert.ok(item, 'compose-voting-app is offered at the top level of an empty compose file');
    const snippet =
      item.insertText instanceof vscode.SnippetString
        ? item.insertText
        : new vscode.SnippetString(String(item.insertText));
    await editor.insertSnippet(snippet, new vscode.Position(0, 0));
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
    ])
      assert.ok(text.includes(s), `${s} in the inserted stack`);
    assert.ok(!text.includes('version:'), 'no obsolete version key');
    // under a service and as a value: no snippet of any kind (the editor's own snippet provider
    // included: the extension contributes none)
    const at = positionOf(doc, '  redis:', 'redis', 0);
    const inService = await items(new vscode.Position(at.line + 1, 4)); // `    ¦image: redis`
    assert.deepEqual(
      inService.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map(labelOf),
      [],
    );
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
    assert.strictEqual(
      diags[0].message,
      'Unknown key "restrat" at services.<service> (did you mean "restart"?).',
    );
    assert.strictEqual(diags[0].range.start.line, 3);
    assert.strictEqual(diags[0].severity, vscode.DiagnosticSeverity.Warning);
  });

  /** The tabs of the note view (a webview) in every editor group. */
  function noteTabs() {
    return vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter(
        (t) =>
          t.input instanceof vscode.TabInputWebview &&
          String(t.input.viewType).endsWith('dockerInlineHelp.note'),
      );
  }

  /** The labels of the note view's tabs, once they are `labels` (a tab's label follows its panel's title a moment later). */
  async function noteTabLabels(labels) {
    const now = () => noteTabs().map((t) => t.label);
    await poll(async () => JSON.stringify(now()) === JSON.stringify(labels), 10000);
    return now();
  }

  /** Documents nobody saved: the Explain commands must not leave any. */
  function untitled() {
    return vscode.workspace.textDocuments.filter((d) => d.isUntitled).map((d) => d.uri.toString());
  }

  test('Explain docker command on this line: one view titled by the command, no Untitled document', async function () {
    const api = vscode.extensions.getExtension(EXTENSION_ID).exports;
    const { doc, editor } = await open('deploy.sh', 'shellscript');
    const at = positionOf(doc, 'docker run -p 80:80 nginx', 'run', 1);
    editor.selection = new vscode.Selection(at, at);
    await poll(
      async () =>
        (await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, at))?.length,
      30000,
    );
    await vscode.commands.executeCommand('dockerInlineHelp.explainLine');
    const shown = await poll(async () => api.shownNote(), 10000);
    assert.ok(shown, 'the note view shows the breakdown');
    assert.strictEqual(shown.title, 'docker run');
    assert.match(shown.markdown, /\| `80:80` \| value of --publish — Host port 80 \(left side\)/);
    assert.deepStrictEqual(await noteTabLabels(['docker run']), ['docker run']);
    assert.deepStrictEqual(untitled(), []);
    // a second run reuses the tab
    const at2 = positionOf(doc, 'docker build -t', 'build', 1);
    await vscode.window.showTextDocument(doc);
    vscode.window.activeTextEditor.selection = new vscode.Selection(at2, at2);
    await vscode.commands.executeCommand('dockerInlineHelp.explainLine');
    await poll(async () => api.shownNote()?.title === 'docker build', 10000);
    assert.deepStrictEqual(await noteTabLabels(['docker build']), ['docker build']);
    assert.deepStrictEqual(untitled(), []);
  });

  test('hover: More… (the one trusted command) opens the whole note in one reused tab', async function () {
    const api = vscode.extensions.getExtension(EXTENSION_ID).exports;
    const { doc } = await open('Dockerfile', 'dockerfile');
    /** The hover's More… link: its MarkdownString, command and arguments. */
    async function moreLink(lineText, word) {
      const pos = positionOf(doc, lineText, word, 2);
      const hovers = await poll(async () => {
        const h = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos);
        return h && h.length && hoverText(h).includes('More…') ? h : null;
      });
      assert.ok(hovers, `a card with More… on ${word}`);
      const md = hovers.flatMap((h) => h.contents).find((c) => c.value.includes('More…'));
      const m = /\[More…\]\(command:([\w.]+)\?([^)]+)\)/.exec(md.value);
      assert.ok(m, md.value);
      return { md, command: m[1], args: JSON.parse(decodeURIComponent(m[2])) };
    }
    const entry = await moreLink('ENTRYPOINT [', 'ENTRYPOINT');
    assert.strictEqual(entry.command, 'dockerInlineHelp.showNote');
    assert.deepStrictEqual(entry.args, [{ kind: 'dockerfile-instruction', name: 'ENTRYPOINT' }]);
    // the client trusts this one command in hover markdown, and no other
    assert.deepStrictEqual(entry.md.isTrusted, { enabledCommands: ['dockerInlineHelp.showNote'] });
    assert.ok(
      !/How ENTRYPOINT and CMD combine/.test(entry.md.value),
      'the hover is the short card',
    );
    await vscode.commands.executeCommand(entry.command, ...entry.args);
    const shown = await poll(async () => api.shownNote(), 10000);
    assert.strictEqual(shown.title, 'ENTRYPOINT');
    assert.match(shown.markdown, /\*\*How ENTRYPOINT and CMD combine\*\*/);
    assert.deepStrictEqual(await noteTabLabels(['ENTRYPOINT']), ['ENTRYPOINT']);
    await vscode.window.showTextDocument(doc);
    const cmd = await moreLink('CMD [', 'CMD');
    await vscode.commands.executeCommand(cmd.command, ...cmd.args);
    await poll(async () => api.shownNote()?.title === 'CMD', 10000);
    assert.deepStrictEqual(await noteTabLabels(['CMD']), ['CMD']);
    assert.deepStrictEqual(untitled(), []);
    // a note's See also names open the concept notes through the same command, in the same tab
    await vscode.commands.executeCommand('dockerInlineHelp.showNote', {
      kind: 'cli-command',
      name: 'docker run',
    });
    await poll(async () => api.shownNote()?.title === 'docker run', 10000);
    const see = /\[namespaces\]\(command:dockerInlineHelp\.showNote\?([^)]+)\)/.exec(
      api.shownNote().markdown,
    );
    assert.ok(see, 'See also links in the whole note');
    await vscode.commands.executeCommand(
      'dockerInlineHelp.showNote',
      ...JSON.parse(decodeURIComponent(see[1])),
    );
    await poll(async () => api.shownNote()?.title === 'namespaces', 10000);
    assert.deepStrictEqual(await noteTabLabels(['namespaces']), ['namespaces']);
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

  test('user notes reload live: a saved note answers the next hover, a broken one is in the Problems list, a deleted one gives the built-in note back', async function () {
    const cfg = vscode.workspace.getConfiguration('dockerInlineHelp');
    const folder = workspaceUri('team-notes');
    const note = vscode.Uri.joinPath(folder, 'workdir.md');
    const write = (text) => vscode.workspace.fs.writeFile(note, Buffer.from(text));
    const noteText = (summary) =>
      `---\nkind: dockerfile-instruction\nname: WORKDIR\nsummary: ${summary}\n---\nOur own words.\n`;
    await vscode.workspace.fs.createDirectory(folder);
    await write(noteText('Team rule v1'));
    await cfg.update('notes.folders', ['team-notes'], vscode.ConfigurationTarget.Global);
    try {
      const { doc } = await open('Dockerfile', 'dockerfile');
      const pos = positionOf(doc, 'WORKDIR /opt', 'WORKDIR', 3);
      const hoverWith = async (needle) => {
        let text = '';
        await poll(async () => {
          const h = await vscode.commands.executeCommand(
            'vscode.executeHoverProvider',
            doc.uri,
            pos,
          );
          text = hoverText(h);
          return text.includes(needle);
        });
        return text;
      };
      assert.match(await hoverWith('Team rule v1'), /WORKDIR\*\* — Team rule v1/);
      await write(noteText('Team rule v2'));
      assert.match(await hoverWith('Team rule v2'), /Team rule v2/);
      await write(noteText('Team rule v3').replace('summary:', 'sumary:'));
      const diags = await poll(async () => {
        const d = vscode.languages.getDiagnostics(note);
        return d.length === 2 ? d : null;
      });
      assert.deepEqual(
        (diags || []).map((d) => [d.range.start.line + 1, d.severity, d.message]),
        [
          [
            4,
            vscode.DiagnosticSeverity.Error,
            'unknown field `sumary` for kind dockerfile-instruction',
          ],
          [2, vscode.DiagnosticSeverity.Error, '`summary` is required'],
        ],
      );
      assert.match(await hoverWith('WORKDIR'), /Team rule v2/, 'the last good version answers');
      await vscode.workspace.fs.delete(note);
      assert.match(await hoverWith('Set the working directory'), /Set the working directory/);
      assert.deepEqual(vscode.languages.getDiagnostics(note), []);
    } finally {
      await cfg.update('notes.folders', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs
        .delete(folder, { recursive: true })
        .then(undefined, () => undefined);
    }
  });

  test('deploy.sh-like script: Convert to a compose service writes compose.yaml beside it and opens it', async function () {
    const folder = workspaceUri('convert-e2e');
    const script = vscode.Uri.joinPath(folder, 'run.sh');
    const target = vscode.Uri.joinPath(folder, 'compose.yaml');
    await vscode.workspace.fs.writeFile(
      script,
      Buffer.from('#!/bin/sh\ndocker run -d --rm --name web -p 8080:80 -e MODE=prod nginx:1.27\n'),
    );
    created.push(folder);
    const doc = await vscode.workspace.openTextDocument(script);
    await poll(async () => doc.languageId === 'shellscript', 10000);
    await vscode.window.showTextDocument(doc);
    const at = positionOf(doc, 'docker run', '-p', 1);
    const action = await poll(async () => {
      const actions = await vscode.commands.executeCommand(
        'vscode.executeCodeActionProvider',
        doc.uri,
        new vscode.Range(at, at),
      );
      return (actions || []).find(
        (a) => a.title === 'Convert to a compose service in compose.yaml',
      );
    });
    assert.ok(action, 'the code action is offered on the docker run line');
    assert.ok(await vscode.workspace.applyEdit(action.edit), 'workspace edit applied');
    await vscode.commands.executeCommand(action.command.command, ...action.command.arguments);
    const opened = await poll(
      async () =>
        vscode.window.activeTextEditor &&
        vscode.window.activeTextEditor.document.uri.toString() === target.toString(),
      10000,
    );
    assert.ok(opened, 'compose.yaml is the active editor');
    const composeDoc = vscode.window.activeTextEditor.document;
    assert.strictEqual(
      composeDoc.getText(),
      [
        'services:',
        '  # docker run flags with no compose equivalent:',
        '  #   -d: Detaching is chosen when you start the project (docker compose up -d), for every service at once',
        '  #   --rm: Service containers stay until docker compose down removes them; for one-off commands use docker compose run --rm',
        '  web:',
        '    image: nginx:1.27',
        '    container_name: web',
        '    ports:',
        '      - "8080:80"',
        '    environment:',
        '      MODE: prod',
        '',
      ].join('\n'),
    );
    await composeDoc.save();
    // our own compose checks have nothing to say about the produced file
    await sleep(1500);
    assert.deepStrictEqual(vscode.languages.getDiagnostics(target), []);
  });

  test('compose file with a .env beside it: hover and inlay hints show the value, and follow a change of .env', async function () {
    const folder = workspaceUri('env-e2e');
    const env = vscode.Uri.joinPath(folder, '.env');
    const compose = vscode.Uri.joinPath(folder, 'compose.yaml');
    await vscode.workspace.fs.writeFile(env, Buffer.from('TAG=1.27\n'));
    await vscode.workspace.fs.writeFile(
      compose,
      Buffer.from(
        'services:\n  web:\n    image: nginx:${TAG:-latest}\n    ports:\n      - "8080:80"\n',
      ),
    );
    created.push(folder);
    const doc = await vscode.workspace.openTextDocument(compose);
    await poll(async () => doc.languageId === 'dockercompose', 10000);
    await vscode.window.showTextDocument(doc);
    const at = positionOf(doc, 'image:', 'TAG', 1);
    const text = await hoverAt(doc, at);
    assert.match(text, /Value: `1\.27` \(`TAG` on line 1 of \.env\)/);
    const labels = async () => {
      const hints = await vscode.commands.executeCommand(
        'vscode.executeInlayHintProvider',
        doc.uri,
        new vscode.Range(0, 0, doc.lineCount, 0),
      );
      return (hints || []).map(
        (h) =>
          `${h.position.line + 1}:${h.position.character + 1} ${
            typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')
          }`,
      );
    };
    assert.deepStrictEqual(await poll(async () => ((await labels()).length ? labels() : null)), [
      '3:32 = 1.27',
      '5:18 host 8080 → container 80',
    ]);
    await vscode.workspace.fs.writeFile(env, Buffer.from('TAG=1.28\n'));
    const changed = await poll(async () => {
      const h = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, at);
      return hoverText(h).includes('Value: `1.28`');
    }, 20000);
    assert.ok(changed, 'the hover shows the new .env value');
  });

  if (process.env.DIH_E2E_FAIL === '1') {
    test('deliberate failure (DIH_E2E_FAIL=1)', function () {
      assert.fail('deliberate failure: DIH_E2E_FAIL=1');
    });
  }
});
