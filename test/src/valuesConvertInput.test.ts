/**
 * Bad input for the values and conversion features: seeded junk compose files, `.env` texts, shell
 * lines and Dockerfiles through the inlay hints, the diagnostics with a `.env`, the hover, the
 * conversion code actions and both conversions. No exception, and no process warning printed by
 * a library on the way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { service } from './helpers';

const PIECES = [
  '${',
  '}',
  ':-',
  ':?',
  '$$',
  '$',
  '"',
  "'",
  '\\',
  '\n',
  '\r\n',
  ' ',
  '-p',
  '80:80',
  '--mount',
  'type=bind,',
  'src=',
  '-v',
  ':',
  '=',
  'docker run ',
  'nginx',
  '\t',
  '\u0000',
  '\u{1f4a5}',
  '{',
  '[',
  '#',
  'export ',
  'A=',
  '`',
  '$(',
  ')',
  '&&',
  '|',
  '-e',
  '--health-cmd',
  'services:\n  a:\n    ',
  'ports:\n      - ',
  '<<: *x',
  '&x ',
  '*x',
  '---\n',
  '? [a]\n',
];
const STARTS = ['services:\n  web:\n    image: x${A:-', 'docker run ', 'ARG A=${B}\nFROM '];
const KINDS = [
  ['dockercompose', 'file:///w/compose.yaml'],
  ['shellscript', 'file:///w/run.sh'],
  ['dockerfile', 'file:///w/Dockerfile'],
  ['markdown', 'file:///w/README.md'],
  ['makefile', 'file:///w/Makefile'],
] as const;

test('junk through inlay hints, diagnostics, hover, conversion actions and conversions', async () => {
  let seed = 20261201;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const junk = (n: number): string =>
    Array.from({ length: n }, () => PIECES[Math.floor(rnd() * PIECES.length)]).join('');
  const warnings: string[] = [];
  const onWarning = (w: Error): void => {
    warnings.push(w.message);
  };
  process.on('warning', onWarning);
  const svc = service();
  let answered = 0;
  try {
    for (let i = 0; i < 400; i++) {
      const text = STARTS[i % STARTS.length] + junk(1 + Math.floor(rnd() * 40));
      const env = { uri: 'file:///w/.env', text: junk(Math.floor(rnd() * 30)) };
      for (const [lang, uri] of KINDS) {
        const doc = TextDocument.create(uri, lang, 1, text);
        const all = { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } };
        svc.doInlayHints(doc, all, undefined, { env });
        svc.doValidate(doc, undefined, { env });
        const at = doc.positionAt(Math.floor(rnd() * (text.length + 2)));
        svc.doHover(doc, at, undefined, { env });
        svc.doCodeActions(doc, { start: at, end: at }, { diagnostics: [] }, undefined, {
          composeFile: {
            uri: 'file:///w/compose.yaml',
            text: rnd() < 0.5 ? undefined : junk(20),
          },
          createFiles: true,
        });
        if (lang === 'shellscript') svc.composeOfRun(text);
        if (lang === 'dockercompose') {
          svc.dockerRunOf(doc, 'web');
          svc.dockerRunOf(doc, 'a');
        }
        answered++;
      }
    }
    // warnings are emitted on the next tick
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', onWarning);
  }
  assert.equal(answered, 400 * KINDS.length);
  assert.deepEqual(warnings, []);
});
