/**
 * The rule infrastructure: rule notes, findings to diagnostics (levels, the file's check
 * configuration, experimental rules), quick fixes from diagnostic data, "fix all", and the
 * "disable this rule" edit of Dockerfiles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { compileNotes } from '../../server/out/compiler/compileNotes';
import { DocsIndex } from '../../server/out/service/docs/docsIndex';
import {
  NO_CHECK_CONFIG,
  toDiagnostics,
  type CheckConfig,
  type Finding,
} from '../../server/out/service/rules/rules';
import { fixAllAction, quickFixActions } from '../../server/out/service/rules/codeActions';
import {
  parseCheckOptions,
  skipRuleEdit,
} from '../../server/out/service/dockerfile/checkDirective';
import { builtinNotes } from './helpers';

const note = (body: string): { path: string; text: string } => ({
  path: 'r.md',
  text: `---\n${body}\n---\nBody.\n`,
});

test('a rule note needs a context, a severity and a message, and its templates are checked', () => {
  const { problems } = compileNotes([
    note(
      'kind: rule\nname: Good\ncontext: dockerfile\nsummary: s\nseverity: warning\nmessage: "x {a}"',
    ),
    note('kind: rule\nname: NoSeverity\ncontext: dockerfile\nsummary: s\nmessage: m'),
    note(
      'kind: rule\nname: BadBrace\ncontext: compose\nsummary: s\nseverity: hint\nmessage: "a {b"',
    ),
    note('kind: rule\nname: BadContext\ncontext: yaml\nsummary: s\nseverity: hint\nmessage: m'),
    note(
      'kind: rule\nname: BadTag\ncontext: cli\nsummary: s\nseverity: info\nmessage: m\ntags: [shiny]',
    ),
    note(
      'kind: rule\nname: BadFix\ncontext: cli\nsummary: s\nseverity: info\nmessage: m\nfixes: {x: "{"}',
    ),
    note('kind: rule\nname: two words\ncontext: cli\nsummary: s\nseverity: info\nmessage: m'),
  ]);
  assert.deepEqual(
    problems.map((p) => `${p.line}: ${p.message}`),
    [
      '2: `severity` must be one of error, warning, info, hint',
      '7: `message`: placeholders are written {name} (letters, digits and _), and braces only around them',
      '4: `context` of a rule must be one of dockerfile, compose, cli',
      '8: `tags` may only hold unnecessary, deprecated',
      '8: `fixes.x`: placeholders are written {name} (letters, digits and _), and braces only around them',
      '3: a rule name (its code) is one word of letters and digits, like StageNameCasing',
    ],
  );
});

const rules = compileNotes([
  note(
    'kind: rule\nname: Casing\ncontext: dockerfile\nsummary: s\nseverity: warning\nbuild_check: true\nmessage: "Name \'{name}\' should be lowercase"\nfixes:\n  lower: "Change to {fixed}"\nreference: https://example.invalid/casing\ntags: [unnecessary]',
  ),
  note(
    'kind: rule\nname: Experimental\ncontext: dockerfile\nsummary: s\nseverity: info\nbuild_check: true\nexperimental: true\nmessage: "Experimental {x}"',
  ),
  note(
    'kind: rule\nname: Rejected\ncontext: dockerfile\nsummary: s\nseverity: error\nmessage: "Rejected {x}"\nmessages:\n  suggest: "Rejected {x} (did you mean {suggest}?)"',
  ),
]).index;
const docs = new DocsIndex(rules);
const doc = TextDocument.create(
  'file:///w/Dockerfile',
  'dockerfile',
  1,
  'FROM a AS Build\nRUN x\n',
);
const range = (line: number, from: number, to: number): Diagnostic['range'] => ({
  start: { line, character: from },
  end: { line, character: to },
});
const findings: Finding[] = [
  {
    rule: 'Casing',
    range: range(0, 10, 15),
    args: { name: 'Build' },
    fixes: [
      {
        id: 'lower',
        args: { fixed: 'build' },
        edits: [{ range: range(0, 10, 15), newText: 'build' }],
        preferred: true,
        fixAll: true,
      },
    ],
  },
  { rule: 'Experimental', range: range(1, 0, 3), args: { x: '1' } },
  { rule: 'Rejected', range: range(1, 4, 5), args: { x: 'x', suggest: 'y' }, variant: 'suggest' },
];
const config = (c: Partial<CheckConfig>): CheckConfig => ({ ...NO_CHECK_CONFIG, ...c });
const summary = (ds: Diagnostic[]): string[] =>
  ds.map(
    (d) =>
      `${String(d.code)} ${d.severity ?? '-'} ${typeof d.message === 'string' ? d.message : d.message.value}`,
  );

test('findings become diagnostics with code, link, source, tags, message and fixes', () => {
  const ds = toDiagnostics(docs, 'dockerfile', doc, findings, NO_CHECK_CONFIG, {});
  assert.deepEqual(ds[0], {
    range: range(0, 10, 15),
    severity: 2,
    source: 'docker-inline-help',
    code: 'Casing',
    message: "Name 'Build' should be lowercase",
    codeDescription: { href: 'https://example.invalid/casing' },
    tags: [1],
    data: {
      rule: 'Casing',
      fixes: [
        {
          title: 'Change to build',
          edits: [{ range: range(0, 10, 15), newText: 'build' }],
          old: ['Build'],
          preferred: true,
          fixAll: true,
        },
      ],
    },
  });
  // the experimental rule is off by default; the variant message is used
  assert.deepEqual(summary(ds), [
    "Casing 2 Name 'Build' should be lowercase",
    'Rejected 1 Rejected x (did you mean y?)',
  ]);
});

test('levels, skip, skip=all, error=true and experimental rules as BuildKit applies them', () => {
  const run = (c: Partial<CheckConfig>, levels = {}): string[] =>
    summary(toDiagnostics(docs, 'dockerfile', doc, findings, config(c), levels));
  // skip=all turns off build checks only; the rejected line stays
  assert.deepEqual(run({ skipAll: true }), ['Rejected 1 Rejected x (did you mean y?)']);
  assert.deepEqual(run({ skip: new Set(['Casing', 'Rejected']) }), []);
  // error=true makes build checks errors
  assert.deepEqual(run({ error: true }), [
    "Casing 1 Name 'Build' should be lowercase",
    'Rejected 1 Rejected x (did you mean y?)',
  ]);
  // an enabled experimental rule runs even when skipped (BuildKit's order)
  assert.deepEqual(run({ experimental: new Set(['Experimental']), skipAll: true }), [
    'Experimental 3 Experimental 1',
    'Rejected 1 Rejected x (did you mean y?)',
  ]);
  // the user's levels come first: off, a level, and a level enables an experimental rule
  assert.deepEqual(
    run({ error: true }, { Casing: 'hint', Rejected: 'off', Experimental: 'info' }),
    ["Casing 4 Name 'Build' should be lowercase", 'Experimental 3 Experimental 1'],
  );
  // a finding's own configuration (a check= comment above its instruction) wins over the file's
  const scoped = findings.map((f) => ({ ...f, config: config({ skip: new Set(['Casing']) }) }));
  assert.deepEqual(summary(toDiagnostics(docs, 'dockerfile', doc, scoped, NO_CHECK_CONFIG, {})), [
    'Rejected 1 Rejected x (did you mean y?)',
  ]);
});

const apply = (text: string, edits: TextEdit[]): string => {
  const d = TextDocument.create('file:///x', 'dockerfile', 1, text);
  return TextDocument.applyEdits(d, edits);
};

test('a quick fix comes from the diagnostic data, and is dropped once its text changed', () => {
  const ds = toDiagnostics(docs, 'dockerfile', doc, findings, NO_CHECK_CONFIG, {});
  const actions = quickFixActions(doc, ds);
  assert.deepEqual(
    actions.map((a) => [a.title, a.kind, a.isPreferred]),
    [['Change to build', 'quickfix', true]],
  );
  const edits = actions[0].edit?.changes?.[doc.uri] ?? [];
  assert.equal(apply(doc.getText(), edits), 'FROM a AS build\nRUN x\n');
  const changed = TextDocument.create(doc.uri, 'dockerfile', 2, 'FROM a AS Built\nRUN x\n');
  assert.deepEqual(quickFixActions(changed, ds), []);
  // data that is not ours or not well formed gives nothing (and does not throw)
  const junk: Diagnostic[] = [
    { ...ds[0], source: 'other' },
    { ...ds[0], data: { rule: 'Casing', fixes: [{ title: 't', edits: [{}], old: [] }] } },
    { ...ds[0], data: 'x' },
  ];
  assert.deepEqual(quickFixActions(doc, junk), []);
});

test('fix all applies the safe fixes, each once, and leaves out overlapping ones', () => {
  const text = 'FROM a AS Build\nFROM b AS Test\n';
  const d = TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, text);
  const f = (line: number, from: number, word: string): Finding => ({
    rule: 'Casing',
    range: range(line, from, from + word.length),
    args: { name: word },
    fixes: [
      {
        id: 'lower',
        args: { fixed: word.toLowerCase() },
        edits: [{ range: range(line, from, from + word.length), newText: word.toLowerCase() }],
        fixAll: true,
      },
    ],
  });
  const ds = toDiagnostics(
    docs,
    'dockerfile',
    d,
    [f(0, 10, 'Build'), f(1, 10, 'Test'), f(1, 10, 'Test')],
    NO_CHECK_CONFIG,
    {},
  );
  const all = fixAllAction(d, ds, 'Fix all');
  assert.equal(all?.kind, 'source.fixAll.dockerInlineHelp');
  assert.equal(apply(text, all?.edit?.changes?.[d.uri] ?? []), 'FROM a AS build\nFROM b AS test\n');
  assert.equal(fixAllAction(d, [], 'Fix all'), null);
});

test('the check directive is read as BuildKit reads it', () => {
  const show = (v: string): string => {
    const r = parseCheckOptions(v);
    if (!r.ok) return `error: ${r.error}`;
    const c = r.config;
    return `skipAll=${c.skipAll} skip=${[...c.skip].join(',')} error=${c.error} expAll=${c.experimentalAll} exp=${[...c.experimental].join(',')}`;
  };
  assert.equal(show('skip=A, B;error=true'), 'skipAll=false skip=A,B error=true expAll=false exp=');
  assert.equal(
    show('skip=all;experimental=all'),
    'skipAll=true skip= error=false expAll=true exp=',
  );
  assert.equal(
    show('error=yes'),
    'error: failed to parse check option "error=yes": invalid syntax',
  );
  assert.equal(show('skip'), 'error: invalid check option "skip"');
  assert.equal(show('skipp=A'), 'error: invalid check option "skipp"');
});

const names = new Set(['syntax', 'escape', 'check']);
const skip = (text: string, rule: string): string | undefined => {
  const d = TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, text);
  const e = skipRuleEdit(d, rule, names);
  return e ? TextDocument.applyEdits(d, [e]) : undefined;
};

test('"disable RULE for this file" adds the rule to # check=skip=, creating the directive', () => {
  assert.equal(skip('FROM a\n', 'X'), '# check=skip=X\nFROM a\n');
  assert.equal(
    skip('#!/usr/bin/env docker\nFROM a\n', 'X'),
    '#!/usr/bin/env docker\n# check=skip=X\nFROM a\n',
  );
  assert.equal(
    skip('# syntax=docker/dockerfile:1\n# check=skip=A // why\nFROM a\n', 'X'),
    '# syntax=docker/dockerfile:1\n# check=skip=A,X // why\nFROM a\n',
  );
  assert.equal(skip('# check=error=true\nFROM a\n', 'X'), '# check=error=true;skip=X\nFROM a\n');
  assert.equal(skip('# check=skip=all\nFROM a\n', 'X'), undefined);
  assert.equal(skip('# check=skip=X\nFROM a\n', 'X'), undefined);
  // a comment before it: the check line is not a directive, so a directive is added at the top
  assert.equal(
    skip('# hello\n# check=skip=A\nFROM a\n', 'X'),
    '# check=skip=X\n# hello\n# check=skip=A\nFROM a\n',
  );
  assert.equal(skip('\uFEFFFROM a\n', 'X'), '\uFEFF# check=skip=X\nFROM a\n');
});

test('every rule note has a unique code across contexts, a reference for build checks, and a body', () => {
  const all = builtinNotes().entries.filter((e) => e.kind === 'rule');
  const seen = new Map<string, string>();
  for (const r of all) {
    assert.ok(!seen.has(r.name), `${r.name} in ${r.context} and ${seen.get(r.name)}`);
    seen.set(r.name, r.context ?? '');
    if (r.build_check) assert.ok(r.reference, `${r.name} has no reference`);
    assert.ok(r.body.length > 80, `${r.name} has no body`);
  }
});
