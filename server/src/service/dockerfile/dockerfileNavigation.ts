/**
 * Dockerfile navigation: build stages and variables (definition, references, highlights, rename)
 * from the version's symbol table (dockerfileModel.ts), and the whole-document requests: outline
 * (dockerfileSymbols.ts), folding (dockerfileFolding.ts), image links (dockerfileLinks.ts) and
 * formatting (dockerfileFormat.ts).
 */
import {
  DocumentHighlightKind,
  type DocumentHighlight,
  type Location,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileParsed } from '../languageService';
import {
  refusal,
  type Navigation,
  type NavigationContext,
  type PrepareRenameResult,
  type RenameRefusal,
} from '../navigation';
import type { DockerfileModel, Occurrence, VariableSymbol } from './dockerfileModel';
import { dockerfileFolding } from './dockerfileFolding';
import { dockerfileFormat } from './dockerfileFormat';
import { dockerfileLinks } from './dockerfileLinks';
import { dockerfileSymbols } from './dockerfileSymbols';

/** BuildKit's rule for a stage name (it lower-cases the name first). */
const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;
const RESERVED_STAGE_NAMES = new Set(['scratch', 'context']);
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function location(doc: TextDocument, range: Range): Location {
  return { uri: doc.uri, range };
}

/** The occurrence under the cursor and what it names. */
function lookup(
  parsed: DockerfileParsed,
  pos: Position,
): { model: DockerfileModel; occ: Occurrence; id: number } | undefined {
  const model = parsed.model();
  const id = model.at(pos);
  return id < 0 ? undefined : { model, occ: model.occurrences[id], id };
}

/** Every occurrence of the symbol the cursor is on (declarations first in document order). */
function related(parsed: DockerfileParsed, pos: Position): { m: DockerfileModel; ids: number[] } {
  const hit = lookup(parsed, pos);
  if (!hit || hit.occ.symbol < 0) return { m: parsed.model(), ids: [] };
  return { m: hit.model, ids: hit.model.symbols[hit.occ.symbol].occurrences };
}

function isPredefined(ctx: NavigationContext, name: string): boolean {
  return ctx.docs.get('dockerfile-arg', name) !== undefined;
}

/** Why the symbol under the cursor cannot be renamed, or what to rename. */
function renameTarget(
  parsed: DockerfileParsed,
  pos: Position,
  ctx: NavigationContext,
): { model: DockerfileModel; occ: Occurrence } | RenameRefusal | null {
  const hit = lookup(parsed, pos);
  if (!hit || hit.occ.symbol < 0 || !hit.occ.renamable) return null;
  if (hit.occ.kind === 'variable' && isPredefined(ctx, hit.occ.name))
    return refusal(ctx, 'build variables', 'predefined', hit.occ.name);
  return hit;
}

function checkNewName(
  model: DockerfileModel,
  occ: Occurrence,
  newName: string,
  ctx: NavigationContext,
): RenameRefusal | undefined {
  const sym = model.symbols[occ.symbol];
  if (sym.kind === 'stage') {
    const note = 'build stages';
    if (!STAGE_NAME.test(newName.toLowerCase())) return refusal(ctx, note, 'characters', newName);
    if (newName !== newName.toLowerCase()) return refusal(ctx, note, 'lower case', newName);
    if (RESERVED_STAGE_NAMES.has(newName)) return refusal(ctx, note, 'reserved', newName);
    // another stage, or an image a FROM or --from names, would be confused with this stage
    for (const id of model.stageNamed(newName))
      if (id < 0 || model.occurrences[id].symbol !== occ.symbol)
        return refusal(ctx, note, 'taken', newName);
    return undefined;
  }
  const note = 'build variables';
  if (!VARIABLE_NAME.test(newName)) return refusal(ctx, note, 'name', newName);
  if (isPredefined(ctx, newName)) return refusal(ctx, note, 'predefined', newName);
  if (newName !== sym.name && clashes(model, sym, newName))
    return refusal(ctx, note, 'taken', newName);
  return undefined;
}

/** Another variable of that name is declared or used where the symbol lives. */
function clashes(model: DockerfileModel, sym: VariableSymbol, newName: string): boolean {
  for (const id of model.variableNamed(newName))
    if (sym.stages.has(model.occurrences[id].scope ?? -1)) return true;
  return false;
}

export const dockerfileNavigation: Navigation<DockerfileParsed> = {
  definition(doc, parsed, pos) {
    const hit = lookup(parsed, pos);
    if (!hit) return [];
    const { model, occ } = hit;
    if (occ.target >= 0) return [location(doc, model.occurrences[occ.target].range)];
    // `--from=N` of a stage without a name: its FROM
    if (occ.kind === 'stage' && occ.stage !== undefined) {
      const s = model.stages[occ.stage];
      const range = s.image?.range ?? {
        start: { line: s.start, character: 0 },
        end: { line: s.start, character: 0 },
      };
      return [location(doc, range)];
    }
    return [];
  },

  references(doc, parsed, pos, includeDeclaration) {
    const { m, ids } = related(parsed, pos);
    return ids
      .filter((id) => includeDeclaration || !m.occurrences[id].declaration)
      .map((id) => location(doc, m.occurrences[id].range));
  },

  highlights(_doc, parsed, pos): DocumentHighlight[] {
    const { m, ids } = related(parsed, pos);
    return ids.map((id) => ({
      range: m.occurrences[id].range,
      kind: m.occurrences[id].declaration
        ? DocumentHighlightKind.Write
        : DocumentHighlightKind.Read,
    }));
  },

  prepareRename(_doc, parsed, pos, ctx): PrepareRenameResult {
    const t = renameTarget(parsed, pos, ctx);
    if (!t || 'error' in t) return t;
    return { range: t.occ.range, placeholder: t.occ.name };
  },

  rename(doc, parsed, pos, newName, ctx): WorkspaceEdit | RenameRefusal | null {
    const t = renameTarget(parsed, pos, ctx);
    if (!t || 'error' in t) return t;
    const { model, occ } = t;
    const refused = checkNewName(model, occ, newName, ctx);
    if (refused) return refused;
    const edits: TextEdit[] = [];
    for (const id of model.symbols[occ.symbol].occurrences) {
      const o = model.occurrences[id];
      if (o.renamable) edits.push({ range: o.range, newText: newName });
    }
    return { changes: { [doc.uri]: edits } };
  },

  symbols: (_doc, parsed, ctx) => dockerfileSymbols(parsed.model(), ctx.docs),
  folding: (_doc, parsed) => dockerfileFolding(parsed.model()),
  links: (_doc, parsed) => dockerfileLinks(parsed.model()),
  format: (_doc, parsed, options, range, ctx) =>
    dockerfileFormat(parsed.model(), options, ctx.format, range),
};
