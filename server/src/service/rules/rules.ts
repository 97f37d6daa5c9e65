/**
 * The rule engine shared by every document kind (see docs/rules.md). A check reports findings: a
 * rule code, a range, the values its message inserts, and fixes (edits with a title id). This
 * module turns findings into LSP diagnostics: it looks up the rule's note (message and fix-title
 * templates, default severity, tags, reference), applies the user's per-rule levels and the
 * file's own check configuration (BuildKit's `# check=` directive for Dockerfiles), and puts the
 * fixes into the diagnostic's `data` for the code actions (codeActions.ts).
 */
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocsIndex } from '../docs/docsIndex';
import { RULE_CONTEXTS, type NoteEntry, type RuleContext, type RuleSeverity } from '../types';

/** Every diagnostic of this product carries this source. */
export const DIAGNOSTIC_SOURCE = 'docker-inline-help';

/** A level set by the user for a rule (`dockerInlineHelp.diagnostics.rules`). */
export type RuleLevel = 'off' | RuleSeverity;
export type RuleLevels = Readonly<Record<string, RuleLevel>>;
export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'error', 'warning', 'info', 'hint'];

/** A fix a check proposes for a finding. */
export interface FixProposal {
  /** The key of the fix's title in the rule note's `fixes`. */
  id: string;
  /** Values the title template inserts. */
  args?: Readonly<Record<string, string>>;
  edits: TextEdit[];
  /** The fix that is almost surely right (did you mean …): listed first, applied by auto-fix. */
  preferred?: boolean;
  /** Safe to apply together with the other fixes of the file ("fix all"). */
  fixAll?: boolean;
}

/** What a check found. */
export interface Finding {
  /** The rule's code (its note's name). */
  rule: string;
  range: Range;
  /** Values the message template inserts (`{name}` in the note). */
  args?: Readonly<Record<string, string>>;
  /** Which of the note's `messages` to use instead of `message`. */
  variant?: string;
  fixes?: FixProposal[];
  /** The check configuration in force for this finding, when it differs from the file's. */
  config?: CheckConfig;
}

/** The file's own check configuration (for Dockerfiles: BuildKit's `# check=` directive). */
export interface CheckConfig {
  /** `skip=all`: every build check is off (rules that are not build checks stay on). */
  skipAll: boolean;
  /** Rules turned off by name. */
  skip: ReadonlySet<string>;
  /** `experimental=all` / names: experimental rules turned on. */
  experimentalAll: boolean;
  experimental: ReadonlySet<string>;
  /** `error=true`: a build check's finding fails the build, so it is shown as an error. */
  error: boolean;
}

export const NO_CHECK_CONFIG: CheckConfig = {
  skipAll: false,
  skip: new Set(),
  experimentalAll: false,
  experimental: new Set(),
  error: false,
};

/** One fix as it travels in a diagnostic's `data` (the client hands it back with the diagnostic). */
export interface FixData {
  title: string;
  edits: TextEdit[];
  /** The text each edit replaces when the diagnostic was made: a stale fix is not offered. */
  old: string[];
  preferred?: boolean;
  fixAll?: boolean;
}

export interface DiagnosticData {
  rule: string;
  fixes?: FixData[];
}

/** Fill `{name}` placeholders; a placeholder without a value is left as written. */
export function fillTemplate(
  template: string,
  args: Readonly<Record<string, string>> = {},
): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, k: string) =>
    Object.prototype.hasOwnProperty.call(args, k) ? args[k] : m,
  );
}

const SEVERITY: Record<RuleSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Is the rule on for this configuration and these user levels? */
export function ruleEnabled(
  note: NoteEntry | undefined,
  rule: string,
  config: CheckConfig,
  levels: RuleLevels,
): boolean {
  const level = levels[rule];
  if (level === 'off') return false;
  if (note?.experimental) {
    // as in BuildKit, an experimental rule runs when enabled, whatever `skip` says; a level set
    // by the user enables it too
    return level !== undefined || config.experimentalAll || config.experimental.has(rule);
  }
  if (config.skip.has(rule)) return false;
  return !(config.skipAll && note?.build_check);
}

/** The severity of a rule's diagnostics: the user's level, else `error=true`, else the note's. */
export function ruleSeverity(
  note: NoteEntry | undefined,
  rule: string,
  config: CheckConfig,
  levels: RuleLevels,
): RuleSeverity {
  const level = levels[rule];
  if (level && level !== 'off') return level;
  if (config.error && note?.build_check) return 'error';
  return note?.severity ?? 'warning';
}

/**
 * Findings to diagnostics, for one document: drops the findings whose rule is off, renders the
 * messages and fix titles from the notes. `disableTitle` renders the title of the "disable this
 * rule" action (added by the code actions, not here).
 */
export function toDiagnostics(
  docs: DocsIndex,
  context: RuleContext,
  document: TextDocument,
  findings: readonly Finding[],
  fileConfig: CheckConfig,
  levels: RuleLevels,
  /** At most this many diagnostics, the first ones in the document. */
  limit = Infinity,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const shown = findings.filter((f) =>
    ruleEnabled(ruleNote(docs, f.rule, context), f.rule, f.config ?? fileConfig, levels),
  );
  if (shown.length > limit) {
    shown.sort(
      (a, b) =>
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character,
    );
    shown.length = limit;
  }
  for (const f of shown) {
    const note = ruleNote(docs, f.rule, context);
    const config = f.config ?? fileConfig;
    const severity = ruleSeverity(note, f.rule, config, levels);
    const template = (f.variant && note?.messages?.[f.variant]) || note?.message || f.rule;
    const d: Diagnostic = {
      range: f.range,
      severity: SEVERITY[severity],
      source: DIAGNOSTIC_SOURCE,
      code: f.rule,
      message: fillTemplate(template, f.args),
    };
    if (note?.reference) d.codeDescription = { href: note.reference };
    const tags = (note?.tags ?? []).map((t) =>
      t === 'deprecated' ? DiagnosticTag.Deprecated : DiagnosticTag.Unnecessary,
    );
    if (tags.length) d.tags = tags;
    const data: DiagnosticData = { rule: f.rule };
    const fixes: FixData[] = [];
    for (const fix of f.fixes ?? []) {
      const title = note?.fixes?.[fix.id];
      if (!title || !fix.edits.length) continue;
      const fd: FixData = {
        title: fillTemplate(title, fix.args),
        edits: fix.edits,
        old: fix.edits.map((e) => document.getText(e.range)),
      };
      if (fix.preferred) fd.preferred = true;
      if (fix.fixAll) fd.fixAll = true;
      fixes.push(fd);
    }
    if (fixes.length) data.fixes = fixes;
    d.data = data;
    out.push(d);
  }
  return out;
}

/**
 * The note of a rule: of the document's context, else of another (codes are unique across
 * contexts; a Dockerfile's RUN lines report the docker-command rules).
 */
export function ruleNote(
  docs: DocsIndex,
  rule: string,
  context: RuleContext,
): NoteEntry | undefined {
  const own = docs.get('rule', rule, context);
  if (own) return own;
  for (const c of RULE_CONTEXTS) {
    const n = c === context ? undefined : docs.get('rule', rule, c);
    if (n) return n;
  }
  return undefined;
}

/** The data this product put on a diagnostic, if it is one of ours. */
export function diagnosticData(d: Diagnostic): DiagnosticData | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE) return undefined;
  const data = d.data as Partial<DiagnosticData> | undefined;
  if (data && typeof data.rule === 'string') return data as DiagnosticData;
  return typeof d.code === 'string' ? { rule: d.code } : undefined;
}
