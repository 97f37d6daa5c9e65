/**
 * `.env` over LSP, against the built server: the hover on `${VAR}` shows the value from the .env
 * on disk; when the file changes, the next hover shows the new value, the diagnostics are
 * published again and the client is asked to refresh its inlay hints. Once with a client that
 * watches files for the server (workspace/didChangeWatchedFiles), once with one that does not
 * (the server watches the folder itself).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Hover, InlayHint, MarkupContent } from 'vscode-languageserver-types';
import { startServer, type LspSession } from './lspClient';

const COMPOSE = 'services:\n  web:\n    image: "nginx:${TAG}"\n    ports:\n      - "8080:80"\n';

function project(): { dir: string; uri: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dih-lsp-env-'));
  writeFileSync(join(dir, '.env'), 'TAG=1.25\n');
  return { dir, uri: pathToFileURL(join(dir, 'compose.yaml')).toString() };
}

async function valueLine(s: LspSession, uri: string): Promise<string> {
  const h = await s.conn.sendRequest<Hover | null>('textDocument/hover', {
    textDocument: { uri },
    position: { line: 2, character: 20 },
  });
  return (
    ((h?.contents as MarkupContent | undefined)?.value ?? '').split('\n\n')[1]?.split('  \n')[0] ??
    ''
  );
}

test('.env changes reported by the client: the next hover, the diagnostics and the inlay hints follow', async () => {
  const { dir, uri } = project();
  const registrations: unknown[] = [];
  const refreshes: unknown[] = [];
  const s = await startServer(undefined, {
    textDocument: { hover: { contentFormat: ['markdown'] } },
    workspace: {
      didChangeWatchedFiles: { dynamicRegistration: true },
      inlayHint: { refreshSupport: true },
    },
  });
  s.conn.onRequest('client/registerCapability', (p: unknown) => {
    registrations.push(p);
    return null;
  });
  s.conn.onRequest('workspace/inlayHint/refresh', () => {
    refreshes.push(true);
    return null;
  });
  const published: Diagnostic[][] = [];
  let notify: () => void = () => undefined;
  s.conn.onNotification(
    'textDocument/publishDiagnostics',
    (p: { uri: string; diagnostics: Diagnostic[] }) => {
      if (p.uri !== uri) return;
      published.push(p.diagnostics);
      notify();
    },
  );
  const nextDiagnostics = (): Promise<Diagnostic[]> =>
    new Promise((resolve) => {
      notify = () => resolve(published[published.length - 1]);
    });
  try {
    let diags = nextDiagnostics();
    await s.open(uri, 'dockercompose', COMPOSE);
    assert.deepEqual(await diags, []);
    assert.equal(await valueLine(s, uri), 'Value: `1.25` (`TAG` on line 1 of .env)');
    const hints = await s.conn.sendRequest<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } },
    });
    assert.deepEqual(
      hints.map((h) => h.label),
      ['= 1.25', 'host 8080 → container 80'],
    );
    assert.deepEqual(
      JSON.stringify(registrations).includes('"globPattern":"**/.env"'),
      true,
      JSON.stringify(registrations),
    );

    // the .env loses TAG: the client reports the change
    writeFileSync(join(dir, '.env'), '# nothing here\n');
    diags = nextDiagnostics();
    await s.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(join(dir, '.env')).toString(), type: 2 }],
    });
    assert.equal(
      await valueLine(s, uri),
      'Value: `""` (`TAG` is not set in .env and has no default; compose warns and uses an empty string)',
    );
    assert.deepEqual(
      (await diags).map(
        (d) => `${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`,
      ),
      [
        'VariableNotSet Variable "TAG" is not set in .env and has no default: compose uses an empty string (unless your shell sets it)',
      ],
    );
    assert.equal(refreshes.length, 1);
  } finally {
    await s.close();
  }
});

test('.env changes with a client that does not watch files: the server watches the folder', async () => {
  const { dir, uri } = project();
  const s = await startServer();
  try {
    await s.open(uri, 'dockercompose', COMPOSE);
    assert.equal(await valueLine(s, uri), 'Value: `1.25` (`TAG` on line 1 of .env)');
    writeFileSync(join(dir, '.env'), 'TAG=1.27\n');
    // the watcher reports the change a moment later: ask until it shows (bounded)
    let line = '';
    for (let i = 0; i < 100 && !line.includes('1.27'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      line = await valueLine(s, uri);
    }
    assert.equal(line, 'Value: `1.27` (`TAG` on line 1 of .env)');
  } finally {
    await s.close();
  }
});
