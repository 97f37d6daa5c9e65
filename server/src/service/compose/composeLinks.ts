/**
 * Document links of a compose file: `image:` values to their registry pages (imageLinks.ts), and
 * the other files it names (`include`, `extends.file`, `env_file`, `label_file`, build contexts and
 * Dockerfiles, secret and config files) to those files. Read from the version's symbol table.
 */
import type { DocumentLink } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ComposeParsed } from '../languageService';
import { imagePage } from '../imageLinks';
import { folderOf, resolvePath } from '../workspaceFiles';
import type { FileRef } from './composeWalk';

/** The file a path written in the compose file leads to (a context: its Dockerfile). */
export function fileRefTarget(folder: string, ref: FileRef): string | undefined {
  switch (ref.kind) {
    case 'context': {
      const dir = resolvePath(folder, ref.path || '.');
      return dir && resolvePath(dir, ref.dockerfile ?? 'Dockerfile');
    }
    case 'dockerfile': {
      const dir = resolvePath(folder, ref.context ?? '.');
      return dir && resolvePath(dir, ref.path);
    }
    case 'extends':
    case 'include':
    case 'env_file':
    case 'label_file':
    case 'secret':
    case 'config':
      return resolvePath(folder, ref.path);
  }
}

export function composeLinks(doc: TextDocument, parsed: ComposeParsed): DocumentLink[] {
  const folder = folderOf(doc.uri);
  const out: DocumentLink[] = [];
  const seen = new Set<number>();
  const link = (start: number, end: number, target: string | undefined): void => {
    if (!target || seen.has(start)) return;
    seen.add(start);
    out.push({ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, target });
  };
  for (const { base, table, aliased } of parsed.index().all()) {
    for (const t of [table, aliased]) {
      for (const i of t.images) link(base + i.start, base + i.end, imagePage(i.image));
      if (!folder) continue;
      for (const f of t.files) link(base + f.start, base + f.end, fileRefTarget(folder, f));
    }
  }
  return out.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}
