/**
 * Seeded fuzzing of the navigation requests (definition, references, highlights, prepareRename,
 * rename, documentSymbol, folding, links, formatting and range formatting) on mutated Dockerfiles
 * (and, through the same facade, every other language id), at random and out-of-range positions:
 * zero exceptions. Kept apart from fuzz.test.ts (which times the help requests).
 *
 * Besides not throwing, the answers must hold together, whatever the text:
 * - a definition, a reference and a rename edit cover a name as written in the document;
 * - the formatter changes blanks only (the text without blanks is the same), keeps the lines,
 *   and formatting its own output changes nothing;
 * - the symbol table of the formatted text names the same stages and variables, in the same order.
 * NAV_FUZZ_SEED and NAV_FUZZ_ITERATIONS override the seed and the number of documents.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import type { Parsed } from '../../server/out/service/languageService';
import { DockerfileModel } from '../../server/out/service/dockerfile/dockerfileModel';
import { service } from './helpers';
import { Rng } from './rng';

const SEED = Number.parseInt(process.env.NAV_FUZZ_SEED ?? '20261201', 10) >>> 0;
const ITERATIONS = Math.max(
  1,
  Number.parseInt(process.env.NAV_FUZZ_ITERATIONS ?? '150', 10) || 150,
);
console.log(`navigation fuzz: seed ${SEED} (NAV_FUZZ_SEED), ${ITERATIONS} documents`);

const SOURCE = `# syntax=docker/dockerfile:1.7
# escape=\\
ARG BASE=node:20 VERSION=1.0
ARG TARGETPLATFORM
FROM --platform=$TARGETPLATFORM \${BASE} AS build
ARG VERSION
ENV APP_HOME=/srv/app \\
    PATH=/srv/app/bin:$PATH OLD=$APP_HOME
WORKDIR \${APP_HOME:-/srv}
RUN --mount=type=cache,target=/root/.npm,from=build \\
    # a comment inside a continuation
    echo "$VERSION" '$VERSION' && for V in 1; do echo $V; done
RUN <<EOF
echo $APP_HOME
EOF
COPY <<-"CONF" /etc/app.conf
	v=$VERSION
	CONF
COPY <<EOF /etc/b.conf
v=\${VERSION/1/2}
EOF
FROM build AS test
  RUN   echo $APP_HOME \\
 more
COPY --from=build --link /srv/app /app
ADD --from=BUILD /a /b
ONBUILD COPY --from=build /a /b
ONBUILD RUN --mount=from=test,target=/t true
CMD echo $APP_HOME $VERSION
ENTRYPOINT ["node", "$APP_HOME"]
HEALTHCHECK CMD test -d "$APP_HOME"
FROM gcr.io/distroless/nodejs20:\${VERSION}
COPY --from=0 /srv/app /app
COPY --from=nginx:alpine /etc/nginx /etc/nginx
LABEL a=1 \\
      b="two \\
  words"
`;

const SNIPPETS = [
  '\n',
  ' ',
  '\t',
  '\\\n',
  '`\n',
  '$',
  '${',
  '}',
  ':-',
  '"',
  "'",
  '<<EOF\n',
  '\nEOF\n',
  '<<-X\n\tX\n',
  '--from=',
  ',from=',
  ' AS ',
  'FROM ',
  'ARG ',
  'ENV ',
  'ONBUILD ',
  '# ',
  '[',
  ']',
  '\r',
  '\r\n',
  '\uFEFF',
  '\u0301',
  'é',
  '=',
  'x'.repeat(200),
];

function mutate(r: Rng, text: string): string {
  const at = r.int(text.length + 1);
  switch (r.int(8)) {
    case 0:
    case 1:
    case 2:
      return text.slice(0, at) + r.pick(SNIPPETS) + text.slice(at);
    case 3:
      return text.slice(0, at) + text.slice(at + r.int(30));
    case 4: {
      let junk = '';
      for (let i = r.int(12); i >= 0; i--)
        junk += String.fromCharCode(r.int(4) ? r.int(128) : r.int(0x10000));
      return text.slice(0, at) + junk + text.slice(at);
    }
    case 5:
      return text.slice(0, at);
    case 6: {
      const lines = text.split('\n');
      const a = r.int(lines.length);
      const b = r.int(lines.length);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    default:
      return text.replace(/^ +/gm, (m) => (r.int(4) ? m : m.replace('  ', '\t')));
  }
}

function positionIn(r: Rng, doc: TextDocument): Position {
  switch (r.int(10)) {
    case 0:
      return { line: doc.lineCount + r.int(3), character: 0 };
    case 1:
      return { line: r.int(doc.lineCount), character: 10_000 };
    case 2:
      return { line: -1, character: -1 };
    default:
      return doc.positionAt(r.int(doc.getText().length + 1));
  }
}

/** A name's range holds `name` (stage names: in any case). */
function holds(doc: TextDocument, range: Range, name: string, what: string): void {
  assert.equal(range.start.line, range.end.line, `${what}: one line`);
  const text = doc.getText(range);
  assert.ok(
    text === name || text.toLowerCase() === name.toLowerCase(),
    `${what}: ${JSON.stringify(text)} is ${JSON.stringify(name)}`,
  );
}

function names(m: DockerfileModel): string[] {
  return m.occurrences.map((o) => `${o.kind}:${o.name}:${o.declaration}`);
}

const OPTIONS = [
  { tabSize: 4, insertSpaces: true },
  { tabSize: 2, insertSpaces: true },
  { tabSize: 8, insertSpaces: false },
];

function exercise(r: Rng, text: string, languageId: string, uri: string): void {
  const svc = service();
  const doc = TextDocument.create(uri, languageId, 1, text);
  const parsed: Parsed = svc.parse(doc);
  for (let k = 0; k < 8; k++) {
    const pos = positionIn(r, doc);
    const defs = svc.doDefinition(doc, pos, parsed);
    const refs = svc.doReferences(doc, pos, k % 2 === 0, parsed);
    const highlights = svc.doHighlights(doc, pos, parsed);
    const prep = svc.prepareRename(doc, pos, parsed);
    const edit = svc.doRename(
      doc,
      pos,
      r.pick(['x', 'new_name', 'scratch', 'Bad Name', '']),
      parsed,
    );
    if (parsed.kind !== 'dockerfile') continue;
    const m = parsed.model();
    const id = m.at(pos);
    if (id < 0) {
      assert.deepEqual([defs, refs, highlights, prep, edit], [[], [], [], null, null]);
      continue;
    }
    const name = m.occurrences[id].name;
    for (const d of defs) assert.equal(d.uri, uri);
    // a reference is a name of the file (a stage's references include `--from=N`)
    const own = (range: Range, what: string): void => {
      const at = m.at(range.start);
      assert.ok(at >= 0, `${what}: a name is there`);
      holds(doc, range, m.occurrences[at].name, what);
    };
    for (const l of refs) own(l.range, 'reference');
    for (const h of highlights) own(h.range, 'highlight');
    if (prep && 'range' in prep) holds(doc, prep.range, name, 'prepareRename');
    if (edit && 'changes' in edit)
      for (const e of edit.changes?.[uri] ?? []) holds(doc, e.range, name, 'rename');
  }
  svc.doDocumentSymbols(doc, parsed);
  svc.doFoldingRanges(doc, parsed);
  svc.doDocumentLinks(doc, parsed);
  const options = r.pick(OPTIONS);
  const edits = svc.doFormat(doc, options, undefined, parsed);
  const a = positionIn(r, doc);
  const b = positionIn(r, doc);
  svc.doFormat(doc, options, { start: a, end: b }, parsed);
  if (languageId !== 'dockerfile') return;
  const once = TextDocument.applyEdits(doc, edits);
  const squeeze = (s: string): string => s.replace(/[ \t]/g, '');
  assert.equal(squeeze(once), squeeze(text), 'the formatter changes blanks only');
  assert.equal(once.split('\n').length, text.split('\n').length, 'the formatter keeps the lines');
  const again = TextDocument.create(uri, languageId, 2, once);
  assert.deepEqual(svc.doFormat(again, options), [], 'formatting twice changes nothing');
  assert.deepEqual(
    names(new DockerfileModel(once)),
    names(new DockerfileModel(text)),
    'the formatted text names the same stages and variables',
  );
}

test(`navigation requests on mutated Dockerfiles, every language id (seed ${SEED})`, () => {
  const r = new Rng(SEED);
  let text = SOURCE;
  const ids: [string, string][] = [
    ['dockerfile', 'file:///w/Dockerfile'],
    ['dockercompose', 'file:///w/compose.yaml'],
    ['yaml', 'file:///w/docker-compose.yml'],
    ['shellscript', 'file:///w/deploy.sh'],
    ['makefile', 'file:///w/Makefile'],
    ['markdown', 'file:///w/README.md'],
    ['plaintext', 'file:///w/notes.txt'],
  ];
  for (let i = 0; i < ITERATIONS; i++) {
    text = mutate(r, i % 25 === 0 ? SOURCE : text);
    if (text.length > 20_000) text = SOURCE;
    const [languageId, uri] = i % 5 === 0 ? r.pick(ids) : ids[0];
    try {
      exercise(r, text, languageId, uri);
    } catch (e) {
      throw new Error(
        `document ${i} (${languageId}) failed: ${e instanceof Error ? e.message : String(e)}\n--- text ---\n${text}`,
        { cause: e },
      );
    }
  }
});

test('navigation on a large Dockerfile, odd files and huge lines', () => {
  const r = new Rng(SEED ^ 0x5eed);
  const stage = (i: number): string =>
    `FROM alpine:3.20 AS s${i}\nARG V${i}=1\nENV E${i}=$V${i}\nRUN echo $E${i} \\\n    && true\nCOPY --from=s${Math.max(0, i - 1)} /a /b\n`;
  let big = 'ARG BASE=alpine\n';
  for (let i = 0; big.split('\n').length < 2600; i++) big += stage(i);
  const inputs = [
    big,
    '',
    '\n\n\n',
    'FROM',
    'FROM a AS',
    'ARG',
    'ENV =',
    '${',
    '$'.repeat(5000),
    `RUN ${'$A'.repeat(20_000)}`,
    `FROM a\nRUN <<EOF\n${'x\n'.repeat(3000)}`,
    'FROM a\r\rRUN b \\\r c\r',
    `FROM a AS b\n${'COPY --from=b /a /b\n'.repeat(3000)}`,
  ];
  for (const text of inputs) exercise(r, text, 'dockerfile', 'file:///w/Dockerfile');
});

test("a model that takes over an earlier version's lexed instructions equals a fresh one", () => {
  const r = new Rng(SEED ^ 0xabc);
  const stage = (i: number): string =>
    `FROM alpine:3.20 AS s${i}\nARG V${i}=1\nENV E${i}=$V${i}\nRUN <<EOF\necho $E${i}\nEOF\nCOPY --from=s${Math.max(0, i - 1)} /a /b\n`;
  let text = `ARG BASE=alpine\n${Array.from({ length: 40 }, (_, i) => stage(i)).join('')}`;
  let previous = new DockerfileModel(text);
  const dump = (m: DockerfileModel): string =>
    JSON.stringify([
      m.occurrences,
      m.symbols.map((s) => ({ ...s, stages: 'stages' in s ? [...s.stages] : [] })),
      m.instructions,
      m.stages,
    ]);
  for (let i = 0; i < 200; i++) {
    // typing-like edits: a few characters or a line somewhere, sometimes a mutation
    const lines = text.split('\n');
    const at = r.int(lines.length);
    switch (r.int(4)) {
      case 0:
        lines[at] = `${lines[at]}${r.pick(['x', ' $V1', ' \\', '"', '<<EOF'])}`;
        break;
      case 1:
        lines.splice(at, 0, r.pick(['RUN echo $E3', 'ENV E3=2', '', '# c', 'FROM s2 AS t', 'EOF']));
        break;
      case 2:
        lines.splice(at, 1 + r.int(3));
        break;
      default:
        text = mutate(r, lines.join('\n'));
        lines.splice(0, lines.length, ...text.split('\n'));
    }
    text = lines.join('\n');
    const taken = new DockerfileModel(text, { previous });
    assert.equal(dump(taken), dump(new DockerfileModel(text)), `edit ${i}`);
    previous = r.int(3) ? taken : previous; // sometimes an older model is the earlier one
  }
});
