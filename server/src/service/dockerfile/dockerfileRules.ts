/**
 * The Dockerfile rules, over the BuildKit-faithful parse (bkParse.ts), in the frontend's order:
 * each instruction as its parser reads it (what the frontend rejects, the checks it runs while
 * parsing), then the stage-name and casing checks over all stages, the checks of the global ARGs
 * and FROM lines, and last the checks made while each stage's instructions are dispatched, with
 * the variables in scope at each instruction. See docs/rules.md for findings, and each rule's note
 * in docs-data/rules/dockerfile/ for what it catches.
 *
 * What the editor cannot know is never guessed: the environment of a base image from a registry
 * (UndefinedVar stands down unless the variable's absence is certain, see `undefinedVars`), the
 * platform of a pulled image (InvalidBaseImagePlatform), build arguments given on the command line
 * (the defaults of the file are used, as `docker build --check` without arguments does).
 */
import type { TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocsIndex } from '../docs/docsIndex';
import type { NoteEntry } from '../types';
import type { CheckConfig, Finding, FixProposal } from '../rules/rules';
import type { BkFlag, BkNode, BkNodeError, BkParse, BkWord } from './bkParse';
import {
  cleanPath,
  isChmod,
  isValidImageRef,
  parsePlatform,
  parseUint32,
  suggest,
  type IgnoreMatcher,
} from './bkValues';
import { isRamSize, parseDuration, parseGoBool } from '../goValues';
import { commentCheckConfig, mergeCheckConfig } from './checkDirective';
import { EMPTY_ENV, mapEnv, processWord } from './shellWord';

/** The predefined platform arguments every build has, with the values of a typical build. */
const PREDEFINED: [string, string][] = [
  ['BUILDPLATFORM', 'linux/amd64'],
  ['BUILDOS', 'linux'],
  ['BUILDOSVERSION', ''],
  ['BUILDARCH', 'amd64'],
  ['BUILDVARIANT', ''],
  ['TARGETPLATFORM', 'linux/amd64'],
  ['TARGETOS', 'linux'],
  ['TARGETOSVERSION', ''],
  ['TARGETARCH', 'amd64'],
  ['TARGETVARIANT', ''],
];
/** Build arguments that never become environment variables of the build step. */
const NON_ENV_ARGS = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);
const SCRATCH = 'scratch';

interface Stage {
  from: BkNode;
  /** Lower-case name (`AS name`), '' when none. */
  name: string;
  nameWord?: BkWord;
  config: CheckConfig;
  commands: BkNode[];
  /** The state at the end of the stage (the next stage based on it starts from there). */
  end?: StageState;
}

interface StageState {
  env: Map<string, string>;
  /** Variables whose value is not known here (set from a variable of the base image). */
  unknown: Set<string>;
  buildArgs: Set<string>;
  open: boolean;
  shell: boolean;
  workdir: boolean;
}

export interface DockerfileRuleInput {
  docs: DocsIndex;
  document: TextDocument;
  parse: BkParse;
  fileConfig: CheckConfig;
  directives: ReadonlySet<string>;
  ignore?: IgnoreMatcher;
}

/** Instruction parsers that read their flags (ARG and STOPSIGNAL ignore any). */
const NO_FLAG_PARSE = new Set(['ARG', 'STOPSIGNAL']);

class Checker {
  readonly out: Finding[] = [];
  /** UndefinedVar findings made, by `name@offset` (one per reference). */
  readonly undefinedVars = new Set<string>();
  private readonly flagNotes = new Map<string, Map<string, NoteEntry>>();
  private readonly mountTypes: Set<string>;
  private readonly mountOptions = new Map<string, Set<string>>();
  private readonly allMountOptions = new Set<string>();
  private readonly instructions: string[];
  /** Instruction names in upper case. */
  readonly known: Set<string>;
  private readonly rules = new Map<string, NoteEntry | undefined>();
  /** Variables declared anywhere in the file (ARG, ENV), for UndefinedVar on unknown bases. */
  readonly declared = new Set<string>();

  constructor(readonly input: DockerfileRuleInput) {
    const { docs } = input;
    for (const f of docs.ofKind('dockerfile-flag')) {
      const kw = (f.context ?? '').toUpperCase();
      let m = this.flagNotes.get(kw);
      if (!m) this.flagNotes.set(kw, (m = new Map<string, NoteEntry>()));
      m.set(f.name, f);
    }
    this.mountTypes = new Set(docs.ofKind('dockerfile-mount-type').map((e) => e.name));
    for (const o of docs.ofKind('dockerfile-mount-option')) {
      const ctx = o.context ?? '';
      let s = this.mountOptions.get(ctx);
      if (!s) this.mountOptions.set(ctx, (s = new Set()));
      for (const n of [o.name, ...(o.aliases ?? [])]) {
        s.add(n.toLowerCase());
        this.allMountOptions.add(n.toLowerCase());
      }
    }
    this.instructions = docs.ofKind('dockerfile-instruction').map((e) => e.name.toUpperCase());
    this.known = new Set(this.instructions);
  }

  private get doc(): TextDocument {
    return this.input.document;
  }

  rule(name: string): NoteEntry | undefined {
    if (!this.rules.has(name))
      this.rules.set(name, this.input.docs.get('rule', name, 'dockerfile'));
    return this.rules.get(name);
  }

  range(start: number, end: number): Finding['range'] {
    return { start: this.doc.positionAt(start), end: this.doc.positionAt(Math.max(start, end)) };
  }

  edit(start: number, end: number, newText: string): TextEdit {
    return { range: this.range(start, end), newText };
  }

  add(
    rule: string,
    start: number,
    end: number,
    args?: Record<string, string>,
    more: { variant?: string; fixes?: FixProposal[]; config?: CheckConfig } = {},
  ): void {
    const f: Finding = { rule, range: this.range(start, end) };
    if (args) f.args = args;
    if (more.variant) f.variant = more.variant;
    if (more.fixes?.length) f.fixes = more.fixes;
    if (more.config) f.config = more.config;
    this.out.push(f);
  }

  /** A did-you-mean finding: the variant and the preferred fix when there is a suggestion. */
  addSuggesting(
    rule: string,
    start: number,
    end: number,
    args: Record<string, string>,
    suggestion: string | undefined,
    config?: CheckConfig,
  ): void {
    if (!suggestion) {
      this.add(rule, start, end, args, { config });
      return;
    }
    this.add(
      rule,
      start,
      end,
      { ...args, suggest: suggestion },
      {
        variant: 'suggest',
        config,
        fixes: [
          {
            id: 'replace',
            args: { suggest: suggestion },
            edits: [this.edit(start, end, suggestion)],
            preferred: true,
          },
        ],
      },
    );
  }

  /** The configuration for an instruction: the file's, plus a `check=` comment right above it. */
  configFor(node: BkNode): CheckConfig {
    const c = commentCheckConfig(node.comments, this.input.directives);
    return c ? mergeCheckConfig(this.input.fileConfig, c) : this.input.fileConfig;
  }

  /* ---------------- the instruction parsers ---------------- */

  /** One instruction as the frontend's parser reads it (a trigger: the instruction after ONBUILD). */
  parseInstruction(node: BkNode, config: CheckConfig, trigger = false): void {
    const kw = node.keyword.toUpperCase();
    if (!this.known.has(kw)) {
      this.addSuggesting(
        'UnknownInstruction',
        node.keywordStart,
        node.keywordEnd,
        { name: node.keyword },
        suggest(node.keyword, this.instructions, false),
      );
      return;
    }
    if (node.error) {
      this.syntaxError(node, node.error);
      return;
    }
    const args = node.args;
    const whole = (): [number, number] => [node.keywordStart, node.end];
    const missing = (variant: string): void => {
      this.add('MissingArguments', ...whole(), { instruction: kw }, { variant });
    };
    if (kw === 'MAINTAINER' && !trigger) this.maintainer(node, config);
    switch (kw) {
      case 'ENV':
      case 'LABEL':
        if (!node.pairs?.length) return missing('atLeastOne');
        for (const p of node.pairs)
          if (!p.key)
            return this.add(
              'InvalidArguments',
              p.start,
              p.end,
              { instruction: kw },
              { variant: 'blankName' },
            );
        break;
      case 'MAINTAINER':
      case 'WORKDIR':
      case 'USER':
      case 'STOPSIGNAL':
        if (args.length !== 1) return missing('exactlyOne');
        break;
      case 'ADD':
      case 'COPY':
        if (args.length < 2) return missing('source');
        if (isHeredocWord(args[args.length - 1].text))
          return this.add(
            'InvalidArguments',
            args[args.length - 1].start,
            args[args.length - 1].end,
            { instruction: kw },
            { variant: 'heredocDest' },
          );
        break;
      case 'EXPOSE':
      case 'VOLUME':
      case 'ARG':
        if (!args.length) return missing('atLeastOne');
        if (kw === 'VOLUME') {
          const empty = args.find((a) => a.text.trim() === '');
          if (empty)
            return this.add(
              'InvalidArguments',
              empty.start,
              empty.end,
              {},
              { variant: 'emptyVolume' },
            );
        }
        if (kw === 'ARG') {
          const blank = args.find((a) => a.text.startsWith('='));
          if (blank)
            return this.add(
              'InvalidArguments',
              blank.start,
              blank.end,
              { instruction: kw },
              { variant: 'blankName' },
            );
        }
        break;
      case 'SHELL':
        if (!node.json && node.rest)
          return this.add(
            'InvalidArguments',
            ...whole(),
            { instruction: kw },
            { variant: 'jsonOnly' },
          );
        if (!args.length) return missing('atLeastOne');
        break;
      case 'ONBUILD':
        if (!node.sub) return missing('atLeastOne');
        break;
      case 'HEALTHCHECK':
        if (!args.length) return missing('atLeastOne');
        break;
      case 'FROM':
        this.fromCasing(node, config);
        break;
      default:
        break;
    }
    if (!NO_FLAG_PARSE.has(kw) && !(kw === 'HEALTHCHECK' && args[0]?.text.toUpperCase() === 'NONE'))
      this.flags(node, kw);
    switch (kw) {
      case 'FROM':
        this.fromArgs(node, config);
        break;
      case 'HEALTHCHECK':
        this.healthcheck(node);
        break;
      case 'ONBUILD':
        this.onbuild(node, config);
        break;
      case 'ARG':
        this.definitionDescription(
          node,
          args.map((a) => a.text.split('=')[0]),
          config,
        );
        break;
      default:
        break;
    }
  }

  private syntaxError(node: BkNode, error: BkNodeError): void {
    const kw = node.keyword.toUpperCase();
    const at = (rule: string, args: Record<string, string>, variant?: string): void =>
      this.add(rule, node.keywordStart, node.end, args, { variant });
    switch (error.kind) {
      case 'unterminatedHeredoc':
        return at('UnterminatedHeredoc', {});
      case 'pairArgs':
        return at('MissingArguments', { instruction: kw }, 'pair');
      case 'noEquals':
        return at('InvalidArguments', { instruction: kw, word: error.word }, 'noEquals');
      case 'jsonStrings':
        return at('InvalidArguments', { instruction: kw }, 'jsonStrings');
      case 'heredocName':
        return at('InvalidArguments', { instruction: kw }, 'heredocName');
    }
  }

  private maintainer(node: BkNode, config: CheckConfig): void {
    const fixes: FixProposal[] = [];
    const key = this.rule('MaintainerDeprecated')?.params?.label?.[0];
    if (key && node.args.length === 1) {
      const value = node.args[0].text;
      const esc = this.input.parse.escape;
      const quoted =
        /^"[^"]*"$/.test(value) && !value.includes(esc)
          ? value
          : `"${value.replace(/["$`\\]/g, (c) => (c === '"' || c === '$' || c === esc ? esc + c : c))}"`;
      const label = node.keyword === node.keyword.toLowerCase() ? 'label' : 'LABEL';
      fixes.push({
        id: 'label',
        args: { key },
        edits: [this.edit(node.keywordStart, node.end, `${label} ${key}=${quoted}`)],
        fixAll: true,
      });
    }
    this.add('MaintainerDeprecated', node.keywordStart, node.keywordEnd, {}, { config, fixes });
  }

  private flags(node: BkNode, kw: string): void {
    const known = this.flagNotes.get(kw) ?? new Map<string, NoteEntry>();
    for (const f of node.flags) {
      const name = `--${f.name}`;
      const note = known.get(name);
      if (!note) {
        this.addSuggesting(
          'UnknownFlag',
          f.start,
          f.nameEnd,
          { flag: name, instruction: kw },
          suggest(name, known.keys(), true),
        );
        continue;
      }
      const values = (note.values ?? []).map((v) => v.value);
      const isBool = values.length === 2 && values.includes('true') && values.includes('false');
      if (isBool) {
        if (f.hasValue && f.value === '')
          this.add('InvalidFlagValue', f.start, f.end, { flag: name }, { variant: 'missing' });
        else if (f.hasValue && !['true', 'false'].includes(f.value.toLowerCase()))
          this.add(
            'InvalidFlagValue',
            f.valueStart,
            f.end,
            { flag: name, value: f.value },
            { variant: 'bool' },
          );
        continue;
      }
      if (!f.hasValue) {
        this.add('InvalidFlagValue', f.start, f.end, { flag: name }, { variant: 'missing' });
        continue;
      }
      this.flagValue(kw, f, note);
    }
  }

  private flagValue(kw: string, f: BkFlag, note: NoteEntry): void {
    const name = `--${f.name}`;
    const v = f.value;
    const bad = (variant: string, extra: Record<string, string> = {}): void =>
      this.add(
        'InvalidFlagValue',
        f.valueStart,
        f.end,
        { flag: name, value: v, ...extra },
        { variant },
      );
    if (kw === 'RUN' && (f.name === 'network' || f.name === 'security')) {
      const allowed = (note.values ?? []).map((x) => x.value);
      if (!allowed.includes(v)) {
        const s = suggest(v, allowed, true);
        this.add(
          'InvalidFlagValue',
          f.valueStart,
          f.end,
          { flag: name, value: v, values: allowed.join(', '), ...(s ? { suggest: s } : {}) },
          {
            variant: s ? 'enumSuggest' : 'enum',
            fixes: s
              ? [
                  {
                    id: 'replace',
                    args: { suggest: s },
                    edits: [this.edit(f.valueStart, f.end, s)],
                    preferred: true,
                  },
                ]
              : undefined,
          },
        );
      }
      return;
    }
    if (kw === 'RUN' && f.name === 'mount') {
      this.mount(f);
      return;
    }
    if (kw === 'COPY' && f.name === 'from') {
      if (processWord(v, EMPTY_ENV, { escape: this.input.parse.escape }).result !== v)
        bad('variable');
      return;
    }
    if ((kw === 'COPY' || kw === 'ADD') && f.name === 'chmod') {
      if (!v.includes('$') && !isChmod(v)) bad('chmod');
      return;
    }
    if (kw === 'FROM' && f.name === 'platform') {
      if (v.includes('$')) return;
      const p = parsePlatform(v);
      if (typeof p === 'string') bad('platform');
      return;
    }
    if (kw === 'HEALTHCHECK') {
      if (f.name === 'retries') {
        if (!/^[+-]?\d+$/.test(v) || Math.abs(Number(v)) > 2147483647) bad('integer');
        else if (Number(v) < 0) bad('negative');
        return;
      }
      if (v === '') return;
      const ns = parseDuration(v);
      if (ns === undefined) bad(/^[+-]?[\d.]+$/.test(v) ? 'durationUnit' : 'duration');
      else if (ns !== 0 && ns < 1e6) bad('durationMin');
    }
  }

  /** `--mount=…` as the frontend reads it (values with variables are checked once expanded: skipped). */
  private mount(f: BkFlag): void {
    const fields = csvFields(f.value);
    if (!fields) {
      this.add('InvalidMountOption', f.valueStart, f.end, { value: f.value }, { variant: 'csv' });
      return;
    }
    const at = (x: CsvField): [number, number] => [f.valueStart + x.start, f.valueStart + x.end];
    let type = 'bind';
    const typeField = fields.find((x) => x.key.toLowerCase() === 'type' && x.hasValue);
    if (typeField) {
      if (typeField.value.includes('$')) return;
      type = typeField.value.toLowerCase();
      if (!this.mountTypes.has(type)) {
        const e = at(typeField)[1];
        this.addSuggesting(
          'UnknownMountType',
          e - typeField.value.length,
          e,
          { type: typeField.value },
          suggest(typeField.value, this.mountTypes, true),
        );
        return;
      }
    }
    const own = this.mountOptions.get(type) ?? new Set<string>();
    const restricted = new Set(this.rule('UnknownMountOption')?.params?.restricted ?? []);
    const seen = new Set<string>();
    for (const x of fields) {
      const key = x.key.toLowerCase();
      const [s, e] = at(x);
      const keyEnd = s + x.key.length;
      if (!x.hasValue) {
        const flagLike =
          ['readonly', 'ro', 'readwrite', 'rw'].includes(key) ||
          (key === 'required' && (type === 'secret' || type === 'ssh'));
        if (!flagLike)
          this.add('InvalidMountOption', s, e, { option: x.key }, { variant: 'noValue' });
        continue;
      }
      if (key === 'type') continue;
      if (!this.allMountOptions.has(key)) {
        this.addSuggesting(
          'UnknownMountOption',
          s,
          keyEnd,
          { option: x.key, type },
          suggest(key, this.allMountOptions, true),
        );
        continue;
      }
      seen.add(key);
      // a key of another mount type: the frontend rejects some, and accepts (ignores) the others
      if (!own.has(key) && restricted.has(key)) {
        this.add('UnknownMountOption', s, keyEnd, { option: x.key, type });
        continue;
      }
      const v = x.value;
      if (key === 'from') {
        const i = v.indexOf('$');
        if (i !== -1 && i !== v.length - 1)
          this.add(
            'InvalidMountOption',
            s,
            e,
            { option: x.key, value: v },
            { variant: 'fromVariable' },
          );
        continue;
      }
      if (v.includes('$')) continue;
      const badValue = (variant: string): void =>
        this.add('InvalidMountOption', keyEnd + 1, e, { option: x.key, value: v }, { variant });
      switch (key) {
        case 'readonly':
        case 'ro':
        case 'readwrite':
        case 'rw':
        case 'required':
          if (parseGoBool(v) === undefined) badValue('bool');
          break;
        case 'size':
          if (!isRamSize(v)) badValue('size');
          break;
        case 'sharing': {
          const allowed = (
            this.input.docs.get('dockerfile-mount-option', 'sharing', 'cache')?.values ?? []
          ).map((o) => o.value);
          if (allowed.length && !allowed.includes(v.toLowerCase())) {
            const sug = suggest(v, allowed, true);
            this.add(
              'InvalidMountOption',
              keyEnd + 1,
              e,
              {
                option: x.key,
                value: v,
                values: allowed.join(', '),
                ...(sug ? { suggest: sug } : {}),
              },
              {
                variant: sug ? 'enumSuggest' : 'enum',
                fixes: sug
                  ? [
                      {
                        id: 'replace',
                        args: { suggest: sug },
                        edits: [this.edit(keyEnd + 1, e, sug)],
                        preferred: true,
                      },
                    ]
                  : undefined,
              },
            );
          }
          break;
        }
        case 'mode':
          if (parseUint32(v, 8) === undefined) badValue('octal');
          break;
        case 'uid':
        case 'gid':
          if (parseUint32(v, 10) === undefined) badValue('number');
          break;
        default:
          break;
      }
    }
    if (type === 'secret') {
      const source = seen.has('source') || seen.has('src');
      const target = seen.has('target') || seen.has('dst') || seen.has('destination');
      const id = seen.has('id');
      if (seen.has('from') || seen.has('sharing') || (!source && !target && !id) || (source && id))
        this.add('InvalidMountOption', f.start, f.end, {}, { variant: 'secret' });
    }
  }

  private healthcheck(node: BkNode): void {
    const [typeWord, ...rest] = node.args;
    const type = typeWord.text.toUpperCase();
    if (type === 'NONE') {
      if (rest.length)
        this.add(
          'InvalidArguments',
          node.keywordStart,
          node.end,
          { instruction: 'HEALTHCHECK' },
          { variant: 'healthcheckNone' },
        );
      return;
    }
    if (type !== 'CMD') {
      this.add(
        'InvalidArguments',
        typeWord.start,
        typeWord.end,
        { instruction: 'HEALTHCHECK', word: typeWord.text },
        { variant: 'healthcheckType' },
      );
      return;
    }
    if (!rest.length)
      this.add(
        'MissingArguments',
        node.keywordStart,
        node.end,
        { instruction: 'HEALTHCHECK CMD' },
        { variant: 'command' },
      );
  }

  private onbuild(node: BkNode, config: CheckConfig): void {
    const sub = node.sub;
    if (!sub) return;
    const t = sub.keyword.toUpperCase();
    if (t === 'ONBUILD' || t === 'MAINTAINER' || t === 'FROM') {
      this.add(
        'InvalidArguments',
        sub.keywordStart,
        sub.keywordEnd,
        { instruction: t },
        { variant: 'trigger' },
      );
      return;
    }
    this.parseInstruction(sub, config, true);
  }

  /* ---------------- FROM ---------------- */

  private fromCasing(node: BkNode, config: CheckConfig): void {
    const args = node.args;
    if (args.length === 3 && args[2].text !== args[2].text.toLowerCase()) {
      this.add(
        'StageNameCasing',
        args[2].start,
        args[2].end,
        { name: args[2].text },
        {
          config,
          fixes: [this.stageRename(args[2])],
        },
      );
    }
    const kw = node.keyword;
    const lower = kw === kw.toLowerCase();
    const upper = kw === kw.toUpperCase();
    if (args.length >= 3 && (lower || upper)) {
      const as = args[1].text;
      const fixed = lower ? as.toLowerCase() : as.toUpperCase();
      if (as !== fixed) {
        this.add(
          'FromAsCasing',
          args[1].start,
          args[1].end,
          { as, from: kw, fixed },
          {
            config,
            fixes: [
              {
                id: 'match',
                args: { fixed },
                edits: [this.edit(args[1].start, args[1].end, fixed)],
                preferred: true,
                fixAll: true,
              },
            ],
          },
        );
      }
    }
  }

  /** Rename a stage to lower case: its declaration and every reference to it. */
  private stageRename(word: BkWord): FixProposal {
    const lower = word.text.toLowerCase();
    const edits: TextEdit[] = [this.edit(word.start, word.end, lower)];
    for (const n of this.input.parse.nodes) {
      const kw = n.keyword.toUpperCase();
      if (
        kw === 'FROM' &&
        n.args[0] &&
        n.args[0].text.toLowerCase() === lower &&
        n.args[0].text !== lower
      )
        edits.push(this.edit(n.args[0].start, n.args[0].end, lower));
      for (const f of n.flags) {
        if (
          f.name === 'from' &&
          (kw === 'COPY' || kw === 'ADD') &&
          f.value.toLowerCase() === lower &&
          f.value !== lower
        )
          edits.push(this.edit(f.valueStart, f.end, lower));
      }
    }
    return { id: 'lowercase', args: { fixed: lower }, edits, preferred: true, fixAll: true };
  }

  private fromArgs(node: BkNode, config: CheckConfig): void {
    const args = node.args;
    if (args.length === 3 && args[1].text.toLowerCase() === 'as') {
      const name = args[2].text.toLowerCase();
      if (!/^[a-z][a-z0-9-_.]*$/.test(name)) {
        this.add(
          'InvalidArguments',
          args[2].start,
          args[2].end,
          { instruction: 'FROM', word: args[2].text },
          { variant: 'stageName' },
        );
        return;
      }
      this.definitionDescription(node, [name], config, 'FROM');
    } else if (args.length !== 1) {
      this.add(
        'MissingArguments',
        node.keywordStart,
        node.end,
        { instruction: 'FROM' },
        { variant: 'from' },
      );
    }
  }

  /** InvalidDefinitionDescription (experimental): the comment right above names what it documents. */
  private definitionDescription(
    node: BkNode,
    keys: string[],
    config: CheckConfig,
    kw = 'ARG',
  ): void {
    if (!node.comments.length || !keys.length) return;
    const last = node.comments[node.comments.length - 1];
    if (keys.includes(last.split(' ')[0])) return;
    const example = keys.length > 1 ? '<arg_key>' : keys[0];
    // the comment line the description is read from: the last comment line above the instruction
    let line = node.startLine - 1;
    while (line >= 0 && !/^\s*#/.test(this.lineText(line))) line--;
    const start = line >= 0 ? this.doc.offsetAt({ line, character: 0 }) : node.keywordStart;
    const end = line >= 0 ? start + this.lineText(line).length : node.keywordEnd;
    this.add(
      'InvalidDefinitionDescription',
      start,
      end,
      { instruction: kw, name: example },
      { config },
    );
  }

  lineText(line: number): string {
    return this.doc
      .getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } })
      .replace(/\r?\n$/, '');
  }
}

interface CsvField {
  key: string;
  value: string;
  hasValue: boolean;
  /** Offsets in the flag value. */
  start: number;
  end: number;
}

/** A `--mount` value split as CSV (quotes allowed around a field). Undefined when malformed. */
function csvFields(value: string): CsvField[] | undefined {
  const out: CsvField[] = [];
  let i = 0;
  while (i <= value.length) {
    const start = i;
    let text = '';
    if (value[i] === '"') {
      i++;
      for (;;) {
        if (i >= value.length) return undefined;
        if (value[i] === '"') {
          if (value[i + 1] === '"') {
            text += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += value[i++];
      }
      if (i < value.length && value[i] !== ',') return undefined;
    } else {
      while (i < value.length && value[i] !== ',') {
        if (value[i] === '"') return undefined;
        text += value[i++];
      }
    }
    const eq = text.indexOf('=');
    out.push({
      key: eq < 0 ? text : text.slice(0, eq),
      value: eq < 0 ? '' : text.slice(eq + 1),
      hasValue: eq >= 0,
      start,
      end: i,
    });
    i++;
  }
  return out;
}

/* ================= the walk ================= */

export function* dockerfileRuleFindings(input: DockerfileRuleInput): Generator<void, Finding[]> {
  const c = new Checker(input);
  const { parse } = input;
  const stages: Stage[] = [];
  const metaArgs: BkNode[] = [];
  let steps = 0;
  const STEP = 24;

  /** Instructions of the build stages written in lower and in upper case. */
  const casing = { lower: 0, upper: 0 };

  // 1. each instruction as its parser reads it
  for (const node of parse.nodes) {
    // NoEmptyContinuation is read by the parser (file configuration)
    if (node.emptyContinuationLine !== undefined) {
      const l = node.emptyContinuationLine;
      const start = input.document.offsetAt({ line: l, character: 0 });
      c.add('NoEmptyContinuation', start, start + c.lineText(l).length);
    }
    const kw = node.keyword.toUpperCase();
    if ((kw === 'FROM' || stages.length) && c.known.has(kw)) {
      if (node.keyword === node.keyword.toLowerCase()) casing.lower++;
      else if (node.keyword === kw) casing.upper++;
    }
    const config = c.configFor(node);
    c.parseInstruction(node, config);
    if (kw === 'ARG' || kw === 'ENV') {
      if (kw === 'ARG') for (const a of node.args) c.declared.add(a.text.split('=')[0]);
      else for (const p of node.pairs ?? []) c.declared.add(p.key);
    }
    if (kw === 'FROM') {
      const a = node.args;
      const named = a.length === 3 && a[1].text.toLowerCase() === 'as';
      stages.push({
        from: node,
        name: named ? a[2].text.toLowerCase() : '',
        nameWord: named ? a[2] : undefined,
        config,
        commands: [],
      });
    } else if (!stages.length) {
      if (kw === 'ARG') metaArgs.push(node);
    } else stages[stages.length - 1].commands.push(node);
    if (++steps % STEP === 0) yield;
  }

  // 2. stage names and instruction casing (the file's configuration)
  const names = new Set<string>();
  for (const st of stages) {
    if (!st.name || !st.nameWord) continue;
    const w = st.nameWord;
    if (st.name === 'context' || st.name === SCRATCH)
      c.add('ReservedStageName', w.start, w.end, { name: st.name });
    if (names.has(st.name)) c.add('DuplicateStageName', w.start, w.end, { name: st.name });
    names.add(st.name);
  }
  yield* instructionCasing(c, stages, casing.lower > casing.upper);
  yield;

  // 3. global ARGs and FROM lines
  const meta = metaArgValues(metaArgs, parse.escape);
  const globalEnv = meta.env;
  invalidDefaultArgs(c, stages, parse.escape, globalEnv);
  yield;
  const argKeys = new Set([...meta.all, ...globalEnv.keys()]);
  for (const [i, st] of stages.entries()) {
    fromVariables(c, st, parse.escape, globalEnv, argKeys);
    if (i % 64 === 63) yield;
  }
  yield;

  // 4. each stage's instructions as they are dispatched
  const byName = new Map<string, Stage>();
  for (const st of stages) {
    const base = st.from.args[0]?.text ?? '';
    const baseName = processWord(base, mapEnv(globalEnv), { escape: parse.escape }).result;
    const parent = byName.get(baseName);
    const state: StageState = parent?.end
      ? {
          env: new Map(parent.end.env),
          unknown: new Set(parent.end.unknown),
          buildArgs: new Set(parent.end.buildArgs),
          open: parent.end.open,
          shell: parent.end.shell,
          workdir: parent.end.workdir,
        }
      : {
          env: new Map([['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']]),
          unknown: new Set<string>(),
          buildArgs: new Set(),
          open: baseName.toLowerCase() !== SCRATCH,
          shell: false,
          workdir: false,
        };
    yield* dispatchStage(c, st, state, globalEnv, parse.escape);
    st.end = state;
    if (st.name) byName.set(st.name, st);
    yield;
  }
  return c.out;
}

/** The global ARGs with their default values (BuildKit's buildMetaArgs without build arguments). */
function metaArgValues(
  metaArgs: BkNode[],
  escape: string,
): { env: Map<string, string>; all: Set<string> } {
  const env = new Map<string, string>(PREDEFINED);
  const all = new Set<string>();
  for (const node of metaArgs) {
    for (const a of node.args) {
      const eq = a.text.indexOf('=');
      const key = eq < 0 ? a.text : a.text.slice(0, eq);
      all.add(key);
      if (eq >= 0) {
        const r = processWord(a.text.slice(eq + 1), mapEnv(env), { escape });
        env.set(key, r.result);
      }
    }
  }
  return { env, all };
}

/** ConsistentInstructionCasing: the instructions not in the case of the majority. */
function* instructionCasing(
  c: Checker,
  stages: Stage[],
  majorityLower: boolean,
): Generator<void, void> {
  const known = (n: BkNode): boolean => c.known.has(n.keyword.toUpperCase());
  const nodes = function* (): Generator<BkNode> {
    for (const st of stages) {
      yield st.from;
      yield* st.commands;
    }
  };
  let i = 0;
  for (const n of nodes()) {
    if (++i % 256 === 0) yield;
    if (!known(n)) continue;
    const k = n.keyword;
    const fixed = majorityLower ? k.toLowerCase() : k.toUpperCase();
    if (k === fixed) continue;
    c.add(
      'ConsistentInstructionCasing',
      n.keywordStart,
      n.keywordEnd,
      { name: k, fixed },
      {
        variant: majorityLower ? 'lower' : 'upper',
        fixes: [
          {
            id: 'case',
            args: { fixed },
            edits: [c.edit(n.keywordStart, n.keywordEnd, fixed)],
            preferred: true,
            fixAll: true,
          },
        ],
      },
    );
  }
}

function invalidDefaultArgs(
  c: Checker,
  stages: Stage[],
  escape: string,
  env: Map<string, string>,
): void {
  for (const st of stages) {
    const base = st.from.args[0];
    if (!base) continue;
    const r = processWord(base.text, mapEnv(env), { escape });
    if (r.error) return; // BuildKit gives up on this check at the first word it cannot expand
    if (!isValidImageRef(r.result))
      c.add('InvalidDefaultArgInFrom', base.start, base.end, { name: base.text });
  }
}

/** The offsets of the first `$NAME` / `${NAME…` in a document range. */
function varRef(c: Checker, start: number, end: number, name: string): [number, number] {
  const text = c.input.document.getText().slice(start, end);
  const re = new RegExp(`\\$(\\{)?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_])`);
  const m = re.exec(text);
  if (!m) return [start, end];
  return [
    start + m.index,
    start + m.index + m[0].length + (m[1] ? findClose(text, m.index + m[0].length) : 0),
  ];
}

function findClose(text: string, from: number): number {
  const i = text.indexOf('}', from);
  return i < 0 ? 0 : i - from + 1;
}

function fromVariables(
  c: Checker,
  st: Stage,
  escape: string,
  env: Map<string, string>,
  argKeys: Set<string>,
): void {
  const node = st.from;
  const base = node.args[0];
  const config = st.config;
  const report = (unmatched: ReadonlySet<string>, start: number, end: number): void => {
    for (const v of unmatched) {
      if (argKeys.has(v)) continue;
      const s = suggest(v, argKeys, true);
      const [a, b] = varRef(c, start, end, v);
      c.add('UndefinedArgInFrom', a, b, s ? { name: v, suggest: s } : { name: v }, {
        variant: s ? 'suggest' : undefined,
        config,
      });
    }
  };
  if (base) report(processWord(base.text, mapEnv(env), { escape }).unmatched, base.start, base.end);
  const platform = node.flags.find((f) => f.name === 'platform' && f.hasValue);
  if (!platform) return;
  const r = processWord(platform.value, mapEnv(env), { escape });
  report(r.unmatched, platform.start, platform.end);
  // RedundantTargetPlatform: the value is just $TARGETPLATFORM
  if (
    r.matched.size === 1 &&
    r.unmatched.size === 0 &&
    r.matched.has('TARGETPLATFORM') &&
    r.result === env.get('TARGETPLATFORM')
  ) {
    let end = platform.end;
    const text = c.input.document.getText();
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    c.add(
      'RedundantTargetPlatform',
      platform.start,
      platform.end,
      { value: platform.value },
      {
        config,
        fixes: [{ id: 'remove', edits: [c.edit(platform.start, end, '')], fixAll: true }],
      },
    );
  }
  // FromPlatformFlagConstDisallowed: a constant platform, not named in the stage name
  if (r.matched.size === 0 && r.unmatched.size === 0 && !r.error) {
    const p = parsePlatform(r.result);
    if (typeof p === 'string') return;
    if (st.name.includes(p.os) || st.name.includes(p.arch)) return;
    c.add(
      'FromPlatformFlagConstDisallowed',
      platform.valueStart,
      platform.end,
      { value: r.result },
      { config },
    );
  }
}

/* ---------------- dispatch ---------------- */

function* dispatchStage(
  c: Checker,
  st: Stage,
  state: StageState,
  globalEnv: Map<string, string>,
  escape: string,
): Generator<void, void> {
  const trackers = new Map<string, BkNode>();
  let steps = 0;
  // a live view of the stage's variables (the map changes as the instructions set them)
  const scope = mapEnv(state.env);
  for (const node of st.commands) {
    const kw = node.keyword.toUpperCase();
    if (++steps % 24 === 0) yield;
    if (!c.known.has(kw) || node.error) continue;
    const config = c.configFor(node);
    /** `own`: the variable this word is the new value of (`ENV X=${X}:/more`, `ARG X=${X}`). */
    const expand = (
      word: string,
      opts: { raw?: boolean; own?: string } = {},
    ): string | undefined => {
      const r = processWord(
        word,
        scope,
        opts.raw ? { escape: '\\', skipProcessQuotes: true } : { escape },
      );
      undefinedVars(c, node, r.unmatched, state, config, opts.own);
      if (r.error) return undefined;
      // a variable the base image may set, or one set from such a variable: value not known
      for (const v of r.unmatched) if (state.open && !state.buildArgs.has(v)) return undefined;
      for (const v of r.matched) if (state.unknown.has(v)) return undefined;
      return r.result;
    };
    const set = (k: string, v: string | undefined): void => {
      state.env.set(k, v ?? '');
      if (v === undefined) state.unknown.add(k);
      else state.unknown.delete(k);
    };
    switch (kw) {
      case 'ENV': {
        const values: [string, string | undefined][] = [];
        for (const p of node.pairs ?? []) {
          expand(p.key);
          values.push([p.key, expand(p.value, { own: p.key })]);
        }
        for (const p of node.pairs ?? []) {
          if (p.noDelim) legacyKeyValue(c, node, p, config);
          secretName(c, 'ENV', p.key, p.start, p.keyEnd, config);
        }
        for (const [k, v] of values) set(k, v);
        break;
      }
      case 'LABEL':
        for (const p of node.pairs ?? []) {
          expand(p.key);
          expand(p.value);
          if (p.noDelim) legacyKeyValue(c, node, p, config);
        }
        break;
      case 'ARG':
        for (const a of node.args) {
          const eq = a.text.indexOf('=');
          const key = eq < 0 ? a.text : a.text.slice(0, eq);
          secretName(c, 'ARG', key, a.start, a.start + key.length, config);
          if (eq < 0) {
            const g = globalEnv.get(key);
            if (g !== undefined && !NON_ENV_ARGS.has(key)) set(key, g);
          } else if (!NON_ENV_ARGS.has(key)) set(key, expand(a.text.slice(eq + 1), { own: key }));
          else expand(a.text.slice(eq + 1), { own: key });
          state.buildArgs.add(key);
        }
        break;
      case 'WORKDIR': {
        const path = node.args[0];
        const value = path ? expand(path.text) : undefined;
        // a Windows path (C:\app) is absolute on the Windows builders such files are built on
        const windows = /^[A-Za-z]:|^\\/.test(value ?? '');
        if (path && value !== undefined && !state.workdir && !value.startsWith('/') && !windows)
          c.add('WorkdirRelativePath', path.start, path.end, { path: value }, { config });
        state.workdir = true;
        break;
      }
      case 'USER':
      case 'STOPSIGNAL':
        for (const a of node.args) expand(a.text);
        break;
      case 'VOLUME':
        for (const a of node.args) expand(a.text);
        break;
      case 'ADD':
      case 'COPY':
        copy(c, node, kw, expand, config);
        break;
      case 'RUN':
        for (const f of node.flags) {
          if (f.name !== 'mount') continue;
          for (const x of csvFields(f.value) ?? []) if (x.hasValue) expand(x.value);
        }
        break;
      case 'SHELL':
        state.shell = true;
        break;
      case 'CMD':
      case 'ENTRYPOINT':
      case 'HEALTHCHECK': {
        const prev = trackers.get(kw);
        if (prev) {
          c.add(
            'MultipleInstructionsDisallowed',
            prev.keywordStart,
            prev.end,
            { instruction: node.keyword },
            { config },
          );
        }
        trackers.set(kw, node);
        if (kw !== 'HEALTHCHECK' && !node.json && !state.shell) {
          c.add(
            'JSONArgsRecommended',
            node.keywordStart,
            node.end,
            { instruction: node.keyword },
            {
              config,
              fixes: execForm(c, node),
            },
          );
        }
        break;
      }
      case 'EXPOSE':
        expose(c, node, config);
        break;
      default:
        break;
    }
  }
}

/** CMD/ENTRYPOINT in exec form, when the command is plain words (no shell syntax to lose). */
function execForm(c: Checker, node: BkNode): FixProposal[] {
  const cmd = node.args[0]?.text ?? '';
  if (!cmd || /[|&;<>()$`\\"'*?[\]{}~#=!]/.test(cmd)) return [];
  const words = cmd.split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const json = `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
  return [
    { id: 'exec', args: { json }, edits: [c.edit(node.args[0].start, node.args[0].end, json)] },
  ];
}

function legacyKeyValue(
  c: Checker,
  node: BkNode,
  p: { key: string; value: string; start: number; end: number },
  config: CheckConfig,
): void {
  const esc = c.input.parse.escape;
  const value = p.value;
  let fixed: string | undefined;
  if (!/[\s"'\\`]/.test(value) && !value.includes(esc)) fixed = `${p.key}=${value}`;
  else if (!/["'\\`]/.test(value) && !value.includes(esc) && !/[\r\n]/.test(value))
    fixed = `${p.key}="${value}"`;
  c.add(
    'LegacyKeyValueFormat',
    p.start,
    p.end,
    { instruction: node.keyword },
    {
      config,
      fixes: fixed
        ? [
            {
              id: 'equals',
              args: { fixed },
              edits: [c.edit(p.start, p.end, fixed)],
              fixAll: true,
              preferred: true,
            },
          ]
        : undefined,
    },
  );
}

function secretName(
  c: Checker,
  kw: string,
  key: string,
  start: number,
  end: number,
  config: CheckConfig,
): void {
  const params = c.rule('SecretsUsedInArgOrEnv')?.params;
  const deny = params?.secret ?? [];
  const allow = params?.exempt ?? [];
  const has = (words: string[]): boolean => {
    if (!words.length) return false;
    const re = new RegExp(`(?:_|^)(?:${words.join('|')})(?:_|$)`, 'i');
    return re.test(key);
  };
  if (has(deny) && !has(allow))
    c.add('SecretsUsedInArgOrEnv', start, end, { instruction: kw, name: key }, { config });
}

function undefinedVars(
  c: Checker,
  node: BkNode,
  unmatched: ReadonlySet<string>,
  state: StageState,
  config: CheckConfig,
  own?: string,
): void {
  for (const v of unmatched) {
    if (state.buildArgs.has(v) || NON_ENV_ARGS.has(v)) continue;
    if (state.open) {
      // the base image's environment is unknown: report only a name this file declares elsewhere
      // (a global ARG not declared in the stage, an ARG or ENV of another stage or further down),
      // never `X=${X}…`, which extends what the image may set. (A near miss of a name in scope is
      // no proof: $GOPATH is one edit from $PATH, and the golang image sets it.)
      if (v === own || !c.declared.has(v)) continue;
    }
    const [a, b] = varRef(
      c,
      node.keywordStart,
      Math.max(
        node.end,
        node.heredocs.length
          ? c.input.document.offsetAt({ line: node.endLine + 1, character: 0 })
          : node.end,
      ),
      v,
    );
    if (c.undefinedVars.has(`${v}@${a}`)) continue;
    c.undefinedVars.add(`${v}@${a}`);
    const s = suggest(v, state.env.keys(), true);
    const fixes: FixProposal[] = [];
    if (s) {
      const ref = c.input.document.getText().slice(a, b);
      const prefix = ref.startsWith('${') ? 2 : 1;
      if (ref.slice(prefix, prefix + v.length) === v)
        fixes.push({
          id: 'replace',
          args: { suggest: `$${s}` },
          edits: [c.edit(a, b, ref.slice(0, prefix) + s + ref.slice(prefix + v.length))],
          preferred: true,
        });
    }
    c.add('UndefinedVar', a, b, s ? { name: v, suggest: s } : { name: v }, {
      variant: s ? 'suggest' : undefined,
      config,
      fixes,
    });
  }
}

function copy(
  c: Checker,
  node: BkNode,
  kw: string,
  expand: (w: string, o?: { raw?: boolean }) => string | undefined,
  config: CheckConfig,
): void {
  for (const f of node.flags)
    if (['chown', 'chmod', 'checksum'].includes(f.name) && (kw === 'ADD' || f.name !== 'checksum'))
      expand(f.value);
  const args = node.args;
  const sources = args.slice(0, -1);
  // a source written as a heredoc (<<EOF) is the heredoc's content, not a path
  const paths = sources.filter((s) => !isHeredocWord(s.text));
  const values = paths.map((p) => expand(p.text));
  if (args.length) expand(args[args.length - 1].text);
  for (const h of node.heredocs) if (h.expand) expand(h.content, { raw: true });
  // CopyIgnoredFile: sources from the build context (not COPY --from, not URLs or Git)
  const ignore = c.input.ignore;
  if (!ignore || ignore.exclusions) return;
  if (kw === 'COPY' && node.flags.some((f) => f.name === 'from')) return;
  paths.forEach((p, i) => {
    const v = values[i];
    if (v === undefined || /^(https?|git):\/\//.test(v) || /^git@/.test(v) || /\.git(#|$)/.test(v))
      return;
    const src = cleanPath(v);
    if ((src === '.' || src === '/') && !ignore.rootIgnored) return;
    if (ignore.matchesOrParentMatches(src))
      c.add(
        'CopyIgnoredFile',
        p.start,
        p.end,
        { path: src },
        { config, variant: kw === 'ADD' ? 'add' : undefined },
      );
  });
}

function isHeredocWord(word: string): boolean {
  const m = /^\d*<<(-?)[\t\n\f\r ]*([^<]*)$/.exec(word);
  if (!m || !m[2]) return false;
  return processWord(m[2], EMPTY_ENV, { escape: '\\', skipUnsetEnv: true }).words.length === 1;
}

function expose(c: Checker, node: BkNode, config: CheckConfig): void {
  for (const w of node.args) {
    if (w.text.includes('$')) continue;
    const parts = w.text.split(':');
    const container = parts[parts.length - 1];
    const hostPart = parts.length > 1;
    const slash = container.indexOf('/');
    const proto = slash < 0 ? '' : container.slice(slash + 1);
    const port = slash < 0 ? container : container.slice(0, slash);
    const protocols = c.rule('InvalidArguments')?.params?.protocols ?? [];
    const badProto =
      proto !== '' && protocols.length > 0 && !protocols.includes(proto.toLowerCase());
    const badPort = !/^\d+(-\d+)?$/.test(port) || port.split('-').some((n) => Number(n) > 65535);
    if (badProto || badPort) {
      c.add(
        'InvalidArguments',
        w.start,
        w.end,
        { instruction: 'EXPOSE', word: w.text },
        { variant: 'port' },
      );
      continue;
    }
    if (proto && proto !== proto.toLowerCase()) {
      const fixed = `${w.text.slice(0, w.text.length - proto.length)}${proto.toLowerCase()}`;
      c.add(
        'ExposeProtoCasing',
        w.start,
        w.end,
        { port: w.text, fixed },
        {
          config,
          fixes: [
            {
              id: 'lowercase',
              args: { fixed },
              edits: [c.edit(w.start, w.end, fixed)],
              preferred: true,
              fixAll: true,
            },
          ],
        },
      );
    }
    if (hostPart) c.add('ExposeInvalidFormat', w.start, w.end, { port: w.text }, { config });
  }
}
