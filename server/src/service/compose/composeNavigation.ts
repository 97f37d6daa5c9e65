/**
 * Compose navigation: services, networks, volumes, secrets, configs, models and YAML anchors
 * (definition, references, highlights, rename) from the version's symbol table (composeIndex.ts),
 * the other files the compose file names (composeProject.ts), and the whole-document requests:
 * outline (composeSymbols.ts), folding (composeFolding.ts), links (composeLinks.ts) and
 * formatting (composeFormat.ts).
 */
import {
  DocumentHighlightKind,
  type DocumentHighlight,
  type Location,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parse } from 'yaml';
import type { ComposeParsed } from '../languageService';
import {
  refusal,
  type Navigation,
  type NavigationContext,
  type PrepareRenameResult,
  type RenameRefusal,
} from '../navigation';
import type { ComposeIndex, Found } from './composeIndex';
import { composeFolding } from './composeFolding';
import { composeFormat } from './composeFormat';
import { composeLinks } from './composeLinks';
import { ComposeProject, type Occurrence } from './composeProject';
import { composeSymbols } from './composeSymbols';

/** What compose accepts as the name of a service, network, volume, secret, config or model. */
const NAME = /^[a-zA-Z0-9._-]+$/;
/** Anchor names we write (YAML allows more; these need no care anywhere). */
const ANCHOR = /^[a-zA-Z0-9._-]+$/;

function range(doc: TextDocument, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

/** The occurrence under the cursor. */
function lookup(parsed: ComposeParsed, offset: number): Found | undefined {
  return parsed.index().at(offset);
}

/** The anchor an occurrence of kind 'anchor' stands for (itself, or the one an alias binds to). */
function anchorOf(index: ComposeIndex, f: Found): Found | undefined {
  return f.decl ? f : index.binding(f.piece, f.name, f.start);
}

/** Every occurrence of what the cursor is on, in this file and in the files that share it. */
function related(
  doc: TextDocument,
  parsed: ComposeParsed,
  offset: number,
  ctx: NavigationContext,
  otherFiles: boolean,
): Occurrence[] {
  const index = parsed.index();
  const f = lookup(parsed, offset);
  if (!f) return [];
  if (f.kind === 'anchor') {
    const a = anchorOf(index, f);
    return a ? index.anchorOccurrences(a).map((o) => local(doc, o)) : [local(doc, f)];
  }
  const project = new ComposeProject(doc, index, ctx.files);
  if (f.file) {
    // `extends: { file, service }`: a service of that file
    return otherFiles ? project.extendedService(f.file, f.name) : [local(doc, f)];
  }
  const here = index.named(f.kind, f.name).map((o) => local(doc, o));
  if (!otherFiles) return here;
  return [...here, ...project.elsewhere(f.kind, f.name)];
}

function local(doc: TextDocument, o: Found): Occurrence {
  return { ...o, uri: doc.uri, range: range(doc, o.start, o.end) };
}

function loc(o: Occurrence): Location {
  return { uri: o.uri, range: o.range };
}

/** Why the name cannot be renamed, if it cannot. */
function checkNewName(
  ctx: NavigationContext,
  f: Found,
  all: Occurrence[],
  index: ComposeIndex,
  newName: string,
  /** The new name is declared where this name is (this file, or the files sharing its names). */
  taken: () => boolean,
): RenameRefusal | undefined {
  if (f.kind === 'anchor') {
    if (!ANCHOR.test(newName)) return refusal(ctx, 'yaml anchors', 'characters', newName);
    if (newName !== f.name && index.binding(f.piece, newName, Number.MAX_SAFE_INTEGER))
      return refusal(ctx, 'yaml anchors', 'taken', newName);
    return undefined;
  }
  if (!NAME.test(newName)) return refusal(ctx, 'compose names', 'characters', newName);
  // written as is, the name must still read as a string
  if (all.some((o) => !o.rewrite && o.plain) && !readsAsString(newName))
    return refusal(ctx, 'compose names', 'plain', newName);
  if (newName !== f.name && taken()) return refusal(ctx, 'compose names', 'taken', newName);
  return undefined;
}

/** A plain word reads as a string in YAML 1.2 and 1.1 alike (not as a number, boolean or null). */
function readsAsString(w: string): boolean {
  try {
    return (['core', 'yaml-1.1'] as const).every(
      (schema) => typeof parse(w, { schema }) === 'string',
    );
  } catch {
    return false;
  }
}

/** The edit that writes `newName` in place of the occurrence. */
function editFor(o: Occurrence, newName: string): TextEdit {
  if (o.rewrite) {
    const { value, at } = o.rewrite;
    return {
      range: o.range,
      newText: JSON.stringify(value.slice(0, at) + newName + value.slice(at + o.name.length)),
    };
  }
  return { range: o.range, newText: newName };
}

function renameTarget(parsed: ComposeParsed, offset: number): Found | undefined {
  const f = lookup(parsed, offset);
  // an alias whose anchor is nowhere names nothing
  if (f?.kind === 'anchor' && !anchorOf(parsed.index(), f)) return undefined;
  return f;
}

export const composeNavigation: Navigation<ComposeParsed> = {
  definition(doc, parsed, pos, ctx) {
    const offset = doc.offsetAt(pos);
    const index = parsed.index();
    const f = lookup(parsed, offset);
    if (f) {
      if (f.kind === 'anchor') {
        const a = anchorOf(index, f);
        return a ? [loc(local(doc, a))] : [];
      }
      const project = new ComposeProject(doc, index, ctx.files);
      if (f.file)
        return project
          .extendedService(f.file, f.name)
          .filter((o) => o.decl)
          .map(loc);
      const here = index.declarations(f.kind, f.name);
      if (here.length) return here.map((o) => loc(local(doc, o)));
      return project
        .elsewhere(f.kind, f.name)
        .filter((o) => o.decl)
        .map(loc);
    }
    const ref = index.refAt(offset);
    if (!ref) return [];
    const project = new ComposeProject(doc, index, ctx.files);
    if (ref.file) return project.fileTarget(ref.file);
    if (ref.target) return project.stageTarget(ref.target);
    return [];
  },

  references(doc, parsed, pos, includeDeclaration, ctx) {
    return related(doc, parsed, doc.offsetAt(pos), ctx, true)
      .filter((o) => includeDeclaration || !o.decl)
      .map(loc);
  },

  highlights(doc, parsed, pos, ctx): DocumentHighlight[] {
    return related(doc, parsed, doc.offsetAt(pos), ctx, false)
      .filter((o) => o.uri === doc.uri)
      .map((o) => ({
        range: o.range,
        kind: o.decl ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
      }));
  },

  prepareRename(doc, parsed, pos): PrepareRenameResult {
    const f = renameTarget(parsed, doc.offsetAt(pos));
    if (!f) return null;
    return { range: range(doc, f.start, f.end), placeholder: f.name };
  },

  rename(doc, parsed, pos, newName, ctx): WorkspaceEdit | RenameRefusal | null {
    const offset = doc.offsetAt(pos);
    const f = renameTarget(parsed, offset);
    if (!f) return null;
    const all = related(doc, parsed, offset, ctx, true);
    const index = parsed.index();
    const taken = (): boolean => {
      const project = new ComposeProject(doc, index, ctx.files);
      if (f.file) return project.extendedService(f.file, newName).some((o) => o.decl);
      return (
        index.declarations(f.kind, newName).length > 0 ||
        project.elsewhere(f.kind, newName).some((o) => o.decl)
      );
    };
    const refused = checkNewName(ctx, f, all, index, newName, taken);
    if (refused) return refused;
    const changes: Record<string, TextEdit[]> = {};
    for (const o of all) (changes[o.uri] ??= []).push(editFor(o, newName));
    return { changes };
  },

  symbols: (doc, parsed) => composeSymbols(doc, parsed),
  folding: (doc, parsed) => composeFolding(doc, parsed),
  links: (doc, parsed) => composeLinks(doc, parsed),
  format: (doc, parsed, options, range) => composeFormat(doc, parsed, options, range),
};
