import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { ROOT } from './helpers';
import { startServer } from './lspClient';

interface HoverResult {
  contents: { kind: string; value: string };
  range?: unknown;
}
interface CompletionResult {
  items: { label: string; detail?: string }[];
}

test('LSP round trips over stdio for every language id', async () => {
  const s = await startServer();
  try {
    const cases: {
      uri: string;
      lang: string;
      text: string;
      line: number;
      character: number;
      expect: RegExp;
    }[] = [
      {
        uri: 'file:///w/Dockerfile',
        lang: 'dockerfile',
        text: 'FROM node:20\nENTRYPOINT ["node"]\n',
        line: 1,
        character: 3,
        expect: /^\*\*ENTRYPOINT\*\* — /,
      },
      {
        uri: 'file:///w/compose.yaml',
        lang: 'dockercompose',
        text: 'services:\n  web:\n    restart: always\n',
        line: 2,
        character: 6,
        expect: /^\*\*restart\*\* \(`services\.<service>\.restart`\) — /,
      },
      {
        uri: 'file:///w/docker-compose.yml',
        lang: 'yaml',
        text: 'services:\n  web:\n    image: nginx\n',
        line: 2,
        character: 6,
        expect: /^\*\*image\*\* \(`services\.<service>\.image`\) — /,
      },
      {
        uri: 'file:///w/deploy.sh',
        lang: 'shellscript',
        text: '#!/bin/sh\ndocker run -p 80:80 nginx\n',
        line: 1,
        character: 12,
        expect: /^\*\*docker run -p, --publish\*\* — /,
      },
      {
        uri: 'file:///w/Makefile',
        lang: 'makefile',
        text: 'up:\n\tdocker compose up -d\n',
        line: 1,
        character: 20,
        expect: /^\*\*docker compose up -d, --detach\*\* — /,
      },
      {
        uri: 'file:///w/README.md',
        lang: 'markdown',
        text: '# x\n\n```bash\ndocker ps -a\n```\n',
        line: 3,
        character: 11,
        expect: /^\*\*docker ps -a, --all\*\* — /,
      },
    ];
    for (const c of cases) {
      await s.open(c.uri, c.lang, c.text);
      const h = await s.conn.sendRequest<HoverResult | null>('textDocument/hover', {
        textDocument: { uri: c.uri },
        position: { line: c.line, character: c.character },
      });
      assert.ok(h, `${c.lang}: no hover`);
      assert.equal(h.contents.kind, 'markdown');
      assert.match(h.contents.value, c.expect, c.lang);
    }
    // a plain yaml file that is not a compose file gets nothing
    await s.open('file:///w/ci.yml', 'yaml', 'services:\n  a: 1\n');
    assert.equal(
      await s.conn.sendRequest('textDocument/hover', {
        textDocument: { uri: 'file:///w/ci.yml' },
        position: { line: 0, character: 2 },
      }),
      null,
    );
  } finally {
    await s.close();
  }
});

test('completion round trip and edits through didChange (parse once per version)', async () => {
  const s = await startServer();
  try {
    const uri = 'file:///w/compose.yaml';
    await s.open(uri, 'dockercompose', 'services:\n  web:\n    image: nginx\n');
    await s.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [
        {
          range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } },
          text: '    netw',
        },
      ],
    });
    const r = await s.conn.sendRequest<CompletionResult>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 3, character: 8 },
    });
    const networks = r.items.find((i) => i.label === 'networks');
    assert.ok(networks, 'networks offered under a service');
    assert.match(networks.detail ?? '', /network/i);
    const df = 'file:///w/Dockerfile';
    await s.open(df, 'dockerfile', '');
    const d = await s.conn.sendRequest<CompletionResult>('textDocument/completion', {
      textDocument: { uri: df },
      position: { line: 0, character: 0 },
    });
    assert.ok(d.items.some((i) => i.label === 'FROM'));
  } finally {
    await s.close();
  }
});

test('plain-text clients get plain text; explain request works', async () => {
  const s = await startServer(undefined, {
    textDocument: { hover: { contentFormat: ['plaintext'] } },
  });
  try {
    await s.open('file:///w/Dockerfile', 'dockerfile', 'FROM alpine\n');
    const h = await s.conn.sendRequest<HoverResult>('textDocument/hover', {
      textDocument: { uri: 'file:///w/Dockerfile' },
      position: { line: 0, character: 1 },
    });
    assert.equal(h.contents.kind, 'plaintext');
    assert.match(h.contents.value, /^FROM — Start a new build stage/);
    const e = await s.conn.sendRequest<{ rows: { text: string }[] }>('dockerInlineHelp/explain', {
      text: 'docker ps -a',
    });
    assert.deepEqual(
      e.rows.map((r) => r.text),
      ['docker', 'ps', '-a'],
    );
  } finally {
    await s.close();
  }
});

test('the --node-ipc transport starts too', async () => {
  const child = fork(join(ROOT, 'bin', 'docker-inline-help-server.js'), ['--node-ipc'], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  conn.listen();
  try {
    const init = await conn.sendRequest<{ capabilities: { hoverProvider: boolean } }>(
      'initialize',
      { processId: process.pid, rootUri: null, capabilities: {} },
    );
    assert.equal(init.capabilities.hoverProvider, true);
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
  } finally {
    conn.dispose();
    child.kill();
  }
});
