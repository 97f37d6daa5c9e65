/**
 * The symbol table of one Dockerfile version, built once (on the first navigation request) from the
 * outline's line scan and a lexer pass over the instructions that can hold names (FROM, ARG, ENV,
 * the ones that use `$` or `--from`/`from=`, heredocs): build stages and variables, every place
 * that declares or uses one, each use resolved the way BuildKit resolves it. Definition,
 * references, highlights and rename read it; the outline, folding, links and the formatter read
 * its instructions, stages and directives. No request re-reads the document.
 *
 * Cost per version: the lexed instructions of the last model an earlier version built are taken
 * over where the edit left their lines alone (moved by the lines it added or removed), so typing
 * in one instruction lexes that instruction again; the occurrences are resolved on first use
 * (the outline, folding, links and formatting do not need them).
 *
 * Docker's rules, as BuildKit applies them (frontend/dockerfile):
 * - a global ARG (before the first FROM) is seen by the FROM lines, and inside a stage only after
 *   an `ARG NAME` there re-declares it (a re-declaration without a default takes the global
 *   value: it is the same variable);
 * - ARG and ENV run to the end of their stage, and into a stage built `FROM` that stage (it starts
 *   from the stage's state); ENV values are also in the environment of the container (CMD,
 *   ENTRYPOINT, HEALTHCHECK), ARG values only in that of RUN;
 * - the variables of ENV are expanded with the values from before the instruction; an ARG's default
 *   sees the ARGs declared before it in the same instruction;
 * - `FROM name` names an earlier stage whose name is exactly `name` (stage names are kept in lower
 *   case); `--from=name` and `from=name` name any stage, case-insensitively, the last one declared
 *   with that name; `--from=N` the N-th stage; anything else is an image.
 */
import type { Range } from 'vscode-languageserver-types';
import { before } from '../util';
import {
  instructionNames,
  lexInstruction,
  type Expansion,
  type Heredoc,
  type InstructionNames,
  type NamedRange,
  type VarUse,
} from './dockerfileLex';
import { dockerfileOutline, escapeCharacter, type Outline } from './dockerfileWindow';

export interface Occurrence {
  range: Range;
  /** As written. */
  name: string;
  kind: 'stage' | 'variable';
  declaration: boolean;
  /** The symbol (index in `symbols`), -1 when it names nothing of this file. */
  symbol: number;
  /**
   * The declaration (index in `occurrences`) a use resolves to; a declaration: itself, except a
   * stage ARG that re-declares a global ARG without a default: the global one.
   */
  target: number;
  /** A rename changes it (not `--from=0`). */
  renamable: boolean;
  /** Variables: who expands it. */
  how?: Expansion;
  /** Stage uses: the form. */
  form?: 'from' | 'copy' | 'mount' | 'index';
  /** Stage names and uses: the stage (also an unnamed one, named by index). */
  stage?: number;
  /** Variables: the stage whose values it reads or sets (-1: the global ARGs). */
  scope?: number;
  /** Declarations: the default (ARG) or value (ENV) as written, when there is one. */
  value?: string;
}

export interface StageSymbol {
  kind: 'stage';
  stage: number;
  occurrences: number[];
}

export interface VariableSymbol {
  kind: 'variable';
  name: string;
  /** Where it is declared (global ARG first, then the stage ARGs that re-declare it). */
  declarations: number[];
  occurrences: number[];
  /** Stages (-1: global scope) it is declared or used in. */
  stages: Set<number>;
}

export type Symbol = StageSymbol | VariableSymbol;

export interface ModelInstruction {
  /** First and last line; the last line of its own text (before heredoc bodies). */
  start: number;
  end: number;
  textEnd: number;
  /** Upper case, as written first on the line (ONBUILD for an ONBUILD). */
  keyword: string;
  /** The stage it belongs to (-1: before the first FROM). */
  stage: number;
  heredocs: readonly Heredoc[];
}

export interface Stage {
  index: number;
  /** Index in `instructions` of its FROM. */
  from: number;
  /** First line (the FROM) and last line of its last instruction. */
  start: number;
  end: number;
  image?: NamedRange;
  name?: NamedRange;
  /** The stage it is built from (`FROM name`), if any. */
  base?: number;
}

export interface Directive {
  name: string;
  value: string;
  line: number;
  nameRange: Range;
  valueRange: Range;
}

const DIRECTIVE = /^(\uFEFF?[ \t]*#[ \t]*)([a-zA-Z][a-zA-Z0-9]*)([ \t]*=[ \t]*)(.*?)[ \t]*\r?$/;
const DIRECTIVES = new Set(['syntax', 'escape', 'check']);
/** Names a RUN command gives a value itself: its uses there are the shell's own variables. */
const SHELL_ASSIGN =
  /(?:^|[\s;&|({`])(?:(?:export|local|readonly|declare|typeset)\s+(?:-\w+\s+)*)?([A-Za-z_]\w*)\+?=|\bfor\s+([A-Za-z_]\w*)\s+in\b|\bread\s+(?:-\S+\s+)*([A-Za-z_][\w\s]*)/g;

function shellAssigned(text: string): Set<string> {
  const out = new Set<string>();
  if (!text.includes('=') && !/\b(for|read)\b/.test(text)) return out;
  for (const m of text.matchAll(SHELL_ASSIGN)) {
    if (m[1]) out.add(m[1]);
    if (m[2]) out.add(m[2]);
    if (m[3]) for (const n of m[3].split(/\s+/)) if (n) out.add(n);
  }
  return out;
}

/** What the lexer found in one instruction. */
interface SpanInfo {
  textEnd: number;
  heredocs: Heredoc[];
  names?: InstructionNames;
  local?: Set<string>;
}

function shiftRange(r: Range, delta: number): Range {
  return {
    start: { line: r.start.line + delta, character: r.start.character },
    end: { line: r.end.line + delta, character: r.end.character },
  };
}

function shiftNamed<T extends NamedRange>(x: T, delta: number): T {
  return { ...x, range: shiftRange(x.range, delta) };
}

/** A lexed instruction moved by `delta` lines. */
function shiftInfo(info: SpanInfo, delta: number): SpanInfo {
  const n = info.names;
  return {
    textEnd: info.textEnd + delta,
    heredocs: info.heredocs.map((h) => ({
      ...h,
      bodyStart: h.bodyStart + delta,
      terminator: h.terminator + delta,
    })),
    local: info.local,
    names: n && {
      ...n,
      keywordRange: shiftRange(n.keywordRange, delta),
      triggerRange: n.triggerRange && shiftRange(n.triggerRange, delta),
      uses: n.uses.map((u) => shiftNamed(u, delta)),
      stageRefs: n.stageRefs.map((r) => shiftNamed(r, delta)),
      declarations: n.declarations.map((d) => shiftNamed(d, delta)),
      image: n.image && shiftNamed(n.image, delta),
      stageName: n.stageName && shiftNamed(n.stageName, delta),
    },
  };
}

export class DockerfileModel {
  readonly lines: readonly string[];
  readonly escape: string;
  /** The text starts with a byte order mark (the outline reads it as a blank on line 0). */
  readonly bom: boolean;
  readonly instructions: ModelInstruction[] = [];
  readonly stages: Stage[] = [];
  readonly directives: Directive[] = [];
  private readonly occ: Occurrence[] = [];
  private readonly syms: Symbol[] = [];
  private resolved = false;
  /** Named stages: lower-case name -> the last stage declared with it. */
  private lastByName = new Map<string, number>();
  private readonly globals = new Map<string, number>();

  /** Every stage and variable name (resolved on first use). */
  get occurrences(): readonly Occurrence[] {
    this.resolve();
    return this.occ;
  }

  get symbols(): readonly Symbol[] {
    this.resolve();
    return this.syms;
  }

  /** Global ARGs: name -> the declaration in effect at the first FROM (occurrence index). */
  get globalArgs(): ReadonlyMap<string, number> {
    this.resolve();
    return this.globals;
  }
  /** The names of each instruction that has any (index in `instructions` -> names). */
  readonly names = new Map<number, InstructionNames>();
  /** Occurrence indexes in document order (the lookup by position). */
  private readonly byPosition: number[] = [];
  /** Stage -> the occurrence of its name. */
  private readonly stageDecl: number[] = [];

  /** What the lexer found in each instruction of the outline (reused by the next version). */
  private readonly spanInfo: SpanInfo[] = [];

  /**
   * `outline`: the outline of `text` when the caller has it (a text without a lone CR);
   * `previous`: the model of an earlier version, whose lexed instructions outside the edited
   * lines are taken over (moved by the lines the edit added or removed) instead of lexed again.
   */
  constructor(text: string, options: { outline?: Outline; previous?: DockerfileModel } = {}) {
    // a lone CR is a line break for editors and the parser: read it as one (same offsets)
    const o: Outline =
      options.outline ??
      dockerfileOutline(
        text.includes('\r') && /\r(?!\n)/.test(text) ? text.replace(/\r(?!\n)/g, '\n') : text,
      );
    this.lines = o.lines;
    this.bom = text.startsWith('\uFEFF');
    this.escape = escapeCharacter(o.lines);
    this.readDirectives(o);
    this.lexAll(o, options.previous);
    this.structure(o);
  }

  /** Lex the instructions that can hold names, or take them over from the previous version. */
  private lexAll(o: Outline, previous: DockerfileModel | undefined): void {
    const reuse = previous && previous.escape === this.escape ? previous : undefined;
    let same = 0; // lines equal at the top
    let tail = 0; // lines equal at the bottom
    let delta = 0;
    if (reuse) {
      const a = reuse.lines;
      const b = o.lines;
      const max = Math.min(a.length, b.length);
      while (same < max && a[same] === b[same]) same++;
      while (tail < max - same && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
      delta = b.length - a.length;
    }
    const firstTail = o.lines.length - tail; // the first new line of the equal bottom
    for (let k = 0; k < o.spans.length; k++) {
      const span = o.spans[k];
      let info: SpanInfo | undefined;
      if (reuse && span.end < same) info = reuse.infoAt(span.start, span.end, 0);
      else if (reuse && span.start >= firstTail)
        info = reuse.infoAt(span.start - delta, span.end - delta, delta);
      this.spanInfo.push(info ?? this.lexSpan(o, span.start, span.end, span.keyword));
    }
  }

  /** The lexed instruction of the span start..end, moved by `delta` lines (undefined: none). */
  private infoAt(start: number, end: number, delta: number): SpanInfo | undefined {
    const k = this.instructionAtLine(start);
    const ins = k >= 0 ? this.instructions[k] : undefined;
    if (!ins || ins.start !== start || ins.end !== end) return undefined;
    const info = this.spanInfo[k];
    return delta === 0 ? info : shiftInfo(info, delta);
  }

  private lexSpan(o: Outline, start: number, end: number, own: string): SpanInfo {
    const needs =
      own === 'FROM' ||
      own === 'ARG' ||
      own === 'ENV' ||
      own === 'ONBUILD' ||
      this.mayName(o, start, end);
    if (!needs) return { textEnd: end, heredocs: [] };
    const lexed = lexInstruction(o.lines, start, end, this.escape);
    const names = instructionNames(lexed, o.lines, this.escape);
    return {
      textEnd: lexed.textEnd,
      heredocs: lexed.heredocs,
      names,
      // names a RUN command sets itself: its uses there are the shell's own variables
      local:
        own === 'RUN' && names.uses.some((u) => u.how === 'run')
          ? shellAssigned(lexed.text)
          : undefined,
    };
  }

  /** Index of the instruction whose lines hold `line` (-1 when none). */
  instructionAtLine(line: number): number {
    const list = this.instructions;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (line < list[mid].start) hi = mid - 1;
      else if (line > list[mid].end) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  private readDirectives(o: Outline): void {
    for (let i = 0; i < o.directives && i < o.lines.length; i++) {
      const m = DIRECTIVE.exec(o.lines[i]);
      if (!m || !DIRECTIVES.has(m[2].toLowerCase())) break;
      const a = m[1].length;
      const b = a + m[2].length + m[3].length;
      this.directives.push({
        name: m[2].toLowerCase(),
        value: m[4],
        line: i,
        nameRange: {
          start: { line: i, character: a },
          end: { line: i, character: a + m[2].length },
        },
        valueRange: {
          start: { line: i, character: b },
          end: { line: i, character: b + m[4].length },
        },
      });
    }
  }

  /** Whether an instruction's lines may hold a name: `$`, a heredoc, `from=`. */
  private mayName(o: Outline, start: number, end: number): boolean {
    for (let i = start; i <= end; i++) {
      const l = o.lines[i];
      if (l.includes('$') || l.includes('<<') || (l.includes('=') && /from=/i.test(l))) return true;
    }
    return false;
  }

  /** The instructions and the stages (cheap: the outline and the lexed names). */
  private structure(o: Outline): void {
    /** Named stages so far: lower-case name -> stage (the last one declared). */
    const byName = new Map<string, number>();
    let stage = -1;
    for (let k = 0; k < o.spans.length; k++) {
      const span = o.spans[k];
      const own = span.keyword;
      const info = this.spanInfo[k];
      const names = info.names;
      if (names) this.names.set(k, names);
      if (own === 'FROM') {
        stage++;
        // `FROM name`: an earlier stage whose (lower-case) name is written exactly so
        const ref = names?.stageRefs.find((r) => r.kind === 'from');
        this.stages.push({
          index: stage,
          from: k,
          start: span.start,
          end: span.end,
          image: names?.image,
          name: names?.stageName,
          base: ref ? byName.get(ref.name) : undefined,
        });
        if (names?.stageName) byName.set(names.stageName.name.toLowerCase(), stage);
      } else if (stage >= 0) this.stages[stage].end = span.end;
      this.instructions.push({
        start: span.start,
        end: span.end,
        textEnd: info.textEnd,
        keyword: own,
        stage,
        heredocs: info.heredocs,
      });
    }
    this.lastByName = byName;
  }

  /** Every occurrence resolved (on first use: what definition, references and rename read). */
  private resolve(): void {
    if (this.resolved) return;
    this.resolved = true;
    const stateOf: Map<string, number>[] = [];
    const configOf: Map<string, number>[] = [];
    /** `--from`/`from=` name any stage: resolved once every stage is known. */
    const late: number[] = [];
    const occ = this.occ;
    let stage = -1;
    let state = new Map<string, number>();
    let config = new Map<string, number>();
    const chunk: number[] = [];

    const add = (x: Occurrence): number => {
      occ.push(x);
      chunk.push(occ.length - 1);
      return occ.length - 1;
    };
    const joinSymbol = (id: number, symbol: number, where: number): void => {
      occ[id].symbol = symbol;
      const sym = this.syms[symbol];
      sym.occurrences.push(id);
      if (sym.kind === 'variable') sym.stages.add(where);
    };

    let where = -1;
    const useVar = (u: VarUse, env: Map<string, number>): void => {
      const target = env.get(u.name) ?? -1;
      const id = add({
        range: u.range,
        name: u.name,
        kind: 'variable',
        declaration: false,
        symbol: -1,
        target,
        renamable: true,
        how: u.how,
        scope: where,
      });
      if (target >= 0) joinSymbol(id, occ[target].symbol, where);
    };
    for (let k = 0; k < this.instructions.length; k++) {
      const own = this.instructions[k].keyword;
      const info = this.spanInfo[k];
      const names = info.names;
      if (own === 'FROM') {
        if (stage >= 0) {
          stateOf[stage] = state;
          configOf[stage] = config;
        }
        stage++;
        state = new Map();
        config = new Map();
      }
      if (!names) continue;
      chunk.length = 0;
      // FROM lines and the instructions before the first FROM see the global ARGs only
      const scope = stage < 0 || own === 'FROM' ? this.globals : state;
      where = own === 'FROM' ? -1 : stage;

      // uses see the values from before the instruction (ARG defaults: below, one at a time)
      const local = info.local;
      for (const u of names.uses) {
        if (u.how === 'build') {
          if (own !== 'ARG') useVar(u, scope);
        } else if (u.how === 'run') {
          if (!local?.has(u.name)) useVar(u, state);
        } else if (u.how === 'container') useVar(u, config);
      }
      if (own === 'FROM') {
        const ref = names.stageRefs.find((r) => r.kind === 'from');
        const base = this.stages[stage].base;
        if (ref && base !== undefined) {
          state = new Map(stateOf[base]);
          config = new Map(configOf[base]);
          const decl = this.declarationOfStage(base);
          const id = add({
            range: ref.range,
            name: ref.name,
            kind: 'stage',
            declaration: false,
            symbol: -1,
            target: decl,
            renamable: true,
            form: 'from',
            stage: base,
          });
          if (decl >= 0) joinSymbol(id, occ[decl].symbol, stage);
        }
        const sn = names.stageName;
        if (sn) {
          this.syms.push({ kind: 'stage', stage, occurrences: [] });
          const id = add({
            range: sn.range,
            name: sn.name,
            kind: 'stage',
            declaration: true,
            symbol: -1,
            target: -1,
            renamable: true,
            stage,
          });
          occ[id].target = id;
          joinSymbol(id, this.syms.length - 1, stage);
          this.stageDecl[stage] = id;
        }
      } else {
        for (const r of names.stageRefs) {
          const index = r.kind === 'copy' && /^\d+$/.test(r.name);
          late.push(
            add({
              range: r.range,
              name: r.name,
              kind: 'stage',
              declaration: false,
              symbol: -1,
              target: -1,
              renamable: !index,
              form: index ? 'index' : r.kind,
            }),
          );
        }
      }
      // declarations, in order
      if (own === 'ARG' || own === 'ENV') {
        names.declarations.forEach((d, i) => {
          if (own === 'ARG')
            for (const u of names.uses) if (u.how === 'build' && u.after === i) useVar(u, scope);
          // a stage ARG without a default that re-declares a global ARG: the same variable
          const linked =
            own === 'ARG' && stage >= 0 && !d.hasValue ? this.globals.get(d.name) : undefined;
          const id = add({
            range: d.range,
            name: d.name,
            kind: 'variable',
            declaration: true,
            symbol: -1,
            target: linked ?? -1,
            renamable: true,
            scope: where,
            value: d.hasValue ? d.value : undefined,
          });
          if (linked !== undefined) {
            joinSymbol(id, occ[linked].symbol, where);
            (this.syms[occ[linked].symbol] as VariableSymbol).declarations.push(id);
          } else {
            occ[id].target = id;
            this.syms.push({
              kind: 'variable',
              name: d.name,
              declarations: [id],
              occurrences: [],
              stages: new Set(),
            });
            joinSymbol(id, this.syms.length - 1, where);
          }
          scope.set(d.name, id);
          if (own === 'ENV' && stage >= 0) config.set(d.name, id);
        });
      }
      // the lookup order: by position
      chunk.sort((a, b) => (before(occ[a].range.start, occ[b].range.start) ? -1 : 1));
      for (const id of chunk) this.byPosition.push(id);
    }
    // --from=name and from=name: any stage, the last declared with the name; --from=N: the N-th
    for (const id of late) {
      const x = occ[id];
      const st =
        x.form === 'index'
          ? Number(x.name) < this.stages.length
            ? Number(x.name)
            : undefined
          : this.lastByName.get(x.name.toLowerCase());
      if (st === undefined) continue;
      x.stage = st;
      const decl = this.declarationOfStage(st);
      if (decl >= 0) {
        x.target = decl;
        joinSymbol(id, occ[decl].symbol, -1);
      }
    }
    // each symbol's occurrences in document order
    const order = (a: number, b: number): number =>
      before(occ[a].range.start, occ[b].range.start) ? -1 : 1;
    for (const s of this.syms) {
      const list = s.occurrences;
      let sorted = true;
      for (let i = 1; i < list.length && sorted; i++) sorted = order(list[i - 1], list[i]) < 0;
      if (!sorted) list.sort(order);
    }
  }

  private readonly memos = new Map<string, unknown>();

  /** A whole-document answer (outline, folding, links), worked out once per version. */
  memo<T>(key: string, make: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, make());
    return this.memos.get(key) as T;
  }

  private index?: { stages: Map<string, number[]>; variables: Map<string, number[]> };

  /** Occurrences by name (stages: lower case), built on first use (a rename). */
  private byName(): { stages: Map<string, number[]>; variables: Map<string, number[]> } {
    if (this.index) return this.index;
    const stages = new Map<string, number[]>();
    const variables = new Map<string, number[]>();
    this.occurrences.forEach((o, id) => {
      const map = o.kind === 'stage' ? stages : variables;
      const key = o.kind === 'stage' ? o.name.toLowerCase() : o.name;
      let list = map.get(key);
      if (!list) map.set(key, (list = []));
      list.push(id);
    });
    // an image in FROM is a name a stage could be confused with
    for (const s of this.stages) {
      if (!s.image || s.base !== undefined) continue;
      const key = s.image.name.toLowerCase();
      if (!stages.has(key)) stages.set(key, []);
      stages.get(key)?.push(-1);
    }
    return (this.index = { stages, variables });
  }

  /** Stage names and uses written `name` in any case (-1 for an image of that name in FROM). */
  stageNamed(name: string): readonly number[] {
    return this.byName().stages.get(name.toLowerCase()) ?? [];
  }

  /** Variable declarations and uses named `name`. */
  variableNamed(name: string): readonly number[] {
    return this.byName().variables.get(name) ?? [];
  }

  /** The occurrence that declares a stage's name (-1 for an unnamed stage). */
  declarationOfStage(stage: number): number {
    this.resolve();
    return this.stageDecl[stage] ?? -1;
  }

  /** Index of the occurrence at a position (end inclusive), -1 when none. */
  at(pos: { line: number; character: number }): number {
    this.resolve();
    const ids = this.byPosition;
    let lo = 0;
    let hi = ids.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (!before(pos, this.occurrences[ids[mid]].range.start)) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return -1;
    // a caret right after a name still counts, unless the next name starts there
    const id = ids[found];
    return before(this.occurrences[id].range.end, pos) ? -1 : id;
  }
}
