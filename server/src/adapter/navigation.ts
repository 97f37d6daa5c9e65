/**
 * Navigation and restructuring requests: definition, references, highlights, rename, outline,
 * folding, links, formatting. Each gets the document and its cached parse and asks the service.
 */
import { type Connection, ResponseError, type ServerCapabilities } from 'vscode-languageserver';
import { isRefusal } from '../service/navigation';
import { withFiles } from './files';
import type { Session } from './session';

export const NAVIGATION_CAPABILITIES: ServerCapabilities = {
  definitionProvider: true,
  referencesProvider: true,
  documentHighlightProvider: true,
  renameProvider: { prepareProvider: true },
  documentSymbolProvider: { label: 'Docker' },
  foldingRangeProvider: true,
  documentLinkProvider: { resolveProvider: false },
  documentFormattingProvider: true,
  documentRangeFormattingProvider: true,
};

export function registerNavigation(connection: Connection, session: Session): void {
  const { documents } = session;
  const serviceFor = (uri: string) => {
    const doc = documents.get(uri);
    return doc ? { doc, service: session.service(), parsed: session.parsedFor(doc) } : undefined;
  };

  // definition, references and rename may read other files (see files.ts)
  connection.onDefinition((p, token) =>
    withFiles(
      session,
      p.textDocument.uri,
      (files) => {
        const s = serviceFor(p.textDocument.uri);
        return s ? s.service.doDefinition(s.doc, p.position, s.parsed, files) : [];
      },
      [],
      `definition ${p.textDocument.uri}`,
      token,
    ),
  );

  connection.onReferences((p, token) =>
    withFiles(
      session,
      p.textDocument.uri,
      (files) => {
        const s = serviceFor(p.textDocument.uri);
        return s
          ? s.service.doReferences(s.doc, p.position, p.context.includeDeclaration, s.parsed, files)
          : [];
      },
      [],
      `references ${p.textDocument.uri}`,
      token,
    ),
  );

  connection.onDocumentHighlight((p, token) =>
    session.request(
      () => {
        const s = serviceFor(p.textDocument.uri);
        return s ? s.service.doHighlights(s.doc, p.position, s.parsed) : [];
      },
      [],
      `highlights ${p.textDocument.uri}`,
      token,
    ),
  );

  connection.onPrepareRename((p, token) => {
    if (!session.initializeReceived) return session.notInitialized();
    const r = session.runSafe(
      () => {
        const s = serviceFor(p.textDocument.uri);
        return s ? s.service.prepareRename(s.doc, p.position, s.parsed) : null;
      },
      null,
      `prepareRename ${p.textDocument.uri}`,
      token,
    );
    // a refusal reaches the user as the request's error message
    if (isRefusal(r)) return new ResponseError(0, r.error);
    return r;
  });

  connection.onRenameRequest(async (p, token) => {
    const r = await withFiles(
      session,
      p.textDocument.uri,
      (files) => {
        const s = serviceFor(p.textDocument.uri);
        return s ? s.service.doRename(s.doc, p.position, p.newName, s.parsed, files) : null;
      },
      null,
      `rename ${p.textDocument.uri}`,
      token,
      true,
    );
    if (isRefusal(r)) return new ResponseError(0, r.error);
    return r;
  });

  connection.onDocumentSymbol((p, token) =>
    session.request(
      () => {
        const s = serviceFor(p.textDocument.uri);
        return s ? s.service.doDocumentSymbols(s.doc, s.parsed) : [];
      },
      [],
      `symbols ${p.textDocument.uri}`,
      token,
    ),
  );

  connection.onFoldingRanges((p, token) =>
    session.request(
      () => {
        const s = serviceFor(p.textDocument.uri);
        return s ? s.service.doFoldingRanges(s.doc, s.parsed) : [];
      },
      [],
      `folding ${p.textDocument.uri}`,
      token,
    ),
  );

  connection.onDocumentLinks((p, token) =>
    session.request(
      () => {
        const s = serviceFor(p.textDocument.uri);
        return s ? s.service.doDocumentLinks(s.doc, s.parsed) : [];
      },
      [],
      `links ${p.textDocument.uri}`,
      token,
    ),
  );

  connection.onDocumentFormatting((p, token) =>
    session.request(
      () => {
        const s = serviceFor(p.textDocument.uri);
        return s ? s.service.doFormat(s.doc, p.options, undefined, s.parsed) : [];
      },
      [],
      `format ${p.textDocument.uri}`,
      token,
    ),
  );

  connection.onDocumentRangeFormatting((p, token) =>
    session.request(
      () => {
        const s = serviceFor(p.textDocument.uri);
        return s ? s.service.doFormat(s.doc, p.options, p.range, s.parsed) : [];
      },
      [],
      `range format ${p.textDocument.uri}`,
      token,
    ),
  );
}
