/**
 * Dockerfile navigation through the service: definition, references, highlights and rename of
 * build stages and variables, with literal expectations (the lines a result points at, with the
 * range in brackets; the whole text after a rename).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import { docWithCaret, hover, service } from './helpers';

/** The document lines a list of ranges covers, each range in brackets: `4: FROM x AS [build]`. */
function marked(doc: TextDocument, ranges: Range[]): string[] {
  const byLine = new Map<number, Range[]>();
  for (const r of ranges) {
    assert.equal(r.start.line, r.end.line, 'a name is on one line');
    byLine.set(r.start.line, [...(byLine.get(r.start.line) ?? []), r]);
  }
  return [...byLine.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([line, rs]) => {
      let text = doc.getText({
        start: { line, character: 0 },
        end: { line, character: Number.MAX_SAFE_INTEGER },
      });
      text = text.replace(/\r?\n$/, '');
      for (const r of [...rs].sort((a, b) => b.start.character - a.start.character))
        text = `${text.slice(0, r.start.character)}[${text.slice(r.start.character, r.end.character)}]${text.slice(r.end.character)}`;
      return `${line + 1}: ${text}`;
    });
}

function definition(text: string): string[] {
  const { doc, offset } = docWithCaret('dockerfile', text);
  return marked(
    doc,
    service()
      .doDefinition(doc, doc.positionAt(offset))
      .map((l) => l.range),
  );
}

function references(text: string, includeDeclaration = true): string[] {
  const { doc, offset } = docWithCaret('dockerfile', text);
  return marked(
    doc,
    service()
      .doReferences(doc, doc.positionAt(offset), includeDeclaration)
      .map((l) => l.range),
  );
}

function highlights(text: string): string[] {
  const { doc, offset } = docWithCaret('dockerfile', text);
  return service()
    .doHighlights(doc, doc.positionAt(offset))
    .map(
      (h) =>
        `${marked(doc, [h.range])[0]} ${h.kind === 3 ? 'write' : h.kind === 2 ? 'read' : 'text'}`,
    );
}

/** The whole text after the rename, or the refusal's message. */
function rename(text: string, newName: string): string {
  const { doc, offset } = docWithCaret('dockerfile', text);
  const r = service().doRename(doc, doc.positionAt(offset), newName);
  if (r === null) return 'null';
  if ('error' in r) return `refused: ${r.error}`;
  const edits: TextEdit[] = r.changes?.[doc.uri] ?? [];
  return TextDocument.applyEdits(doc, edits);
}

function prepare(text: string): string {
  const { doc, offset } = docWithCaret('dockerfile', text);
  const r = service().prepareRename(doc, doc.positionAt(offset));
  if (r === null) return 'null';
  if ('error' in r) return `refused: ${r.error}`;
  return `${marked(doc, [r.range])[0]} placeholder ${r.placeholder}`;
}

/* ------------------------------------------------------------------ build stages */

const STAGES = `FROM golang:1.23 AS build
RUN go build -o /out/app .
FROM build AS test
RUN go test ./...
FROM alpine:3.20
COPY --from=build /out/app /app
ADD --from=build /out/app /app2
RUN --mount=type=cache,from=build,target=/cache true
RUN --mount=from=build,target=/src,source=/out ls /src
ONBUILD COPY --from=build /out/app /app
ONBUILD RUN --mount=type=bind,from=build,target=/b true
COPY --from=BUILD /out/app /app3
`;

/** STAGES with the caret put before the n-th (0-based) occurrence of `needle`, one char in. */
function at(text: string, needle: string, nth = 0): string {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} #${nth} in text`);
  return `${text.slice(0, i + 1)}¦${text.slice(i + 1)}`;
}

test('stage definition from every reference form lands on AS build', () => {
  const decl = ['1: FROM golang:1.23 AS [build]'];
  assert.deepEqual(definition(at(STAGES, 'build AS test')), decl, 'FROM build');
  assert.deepEqual(definition(at(STAGES, 'build /out/app /app\n')), decl, 'COPY --from=');
  assert.deepEqual(definition(at(STAGES, 'build /out/app /app2')), decl, 'ADD --from=');
  assert.deepEqual(definition(at(STAGES, 'build,target=/cache')), decl, 'RUN --mount=…,from=');
  assert.deepEqual(definition(at(STAGES, 'build,target=/src')), decl, 'RUN --mount=from=…');
  assert.deepEqual(definition(at(STAGES, 'build /out/app /app\n', 1)), decl, 'ONBUILD COPY');
  assert.deepEqual(definition(at(STAGES, 'build,target=/b')), decl, 'ONBUILD RUN --mount');
  assert.deepEqual(definition(at(STAGES, 'BUILD /out')), decl, '--from is case-insensitive');
  assert.deepEqual(definition(at(STAGES, 'build\nRUN go build')), decl, 'the declaration itself');
  // a caret right after the name still counts
  assert.deepEqual(
    definition(STAGES.replace('--from=build /out/app /app\n', '--from=build¦ /out/app /app\n')),
    decl,
  );
});

test('stage definition: images, indexes, wrong case and later stages', () => {
  const text = `FROM node:20 AS deps
FROM alpine AS final
COPY --from=nginx:alpine /etc/nginx /etc/nginx
COPY --from=0 /app /app
COPY --from=final /x /y
FROM Deps
FROM later
FROM scratch AS later
`;
  assert.deepEqual(definition(at(text, 'nginx:alpine')), [], 'an image is no stage');
  assert.deepEqual(definition(at(text, '0 /app')), ['1: FROM node:20 AS [deps]'], '--from=0');
  assert.deepEqual(definition(at(text, 'final /x')), ['2: FROM alpine AS [final]']);
  // FROM compares the name as written with the lower-case stage names: Deps is an image
  assert.deepEqual(definition(at(text, 'Deps')), []);
  // FROM only sees earlier stages
  assert.deepEqual(definition(at(text, 'later\n')), []);
  // --from=N of a stage without a name goes to its FROM
  assert.deepEqual(definition('FROM alpine\nRUN true\nFROM busybox\nCOPY --from=¦0 /a /b\n'), [
    '1: FROM [alpine]',
  ]);
});

test('stage references: every form, with and without the declaration', () => {
  const all = [
    '1: FROM golang:1.23 AS [build]',
    '3: FROM [build] AS test',
    '6: COPY --from=[build] /out/app /app',
    '7: ADD --from=[build] /out/app /app2',
    '8: RUN --mount=type=cache,from=[build],target=/cache true',
    '9: RUN --mount=from=[build],target=/src,source=/out ls /src',
    '10: ONBUILD COPY --from=[build] /out/app /app',
    '11: ONBUILD RUN --mount=type=bind,from=[build],target=/b true',
    '12: COPY --from=[BUILD] /out/app /app3',
  ];
  assert.deepEqual(references(at(STAGES, 'build AS test')), all);
  assert.deepEqual(references(at(STAGES, 'build\nRUN go build'), false), all.slice(1));
  assert.deepEqual(highlights(at(STAGES, 'build,target=/b')), [
    '1: FROM golang:1.23 AS [build] write',
    ...all.slice(1).map((l) => `${l} read`),
  ]);
  // an index refers to the stage too
  assert.deepEqual(references('FROM a AS x\nFROM b\nCOPY --from=¦0 /a /b\nCOPY --from=x /c /d\n'), [
    '1: FROM a AS [x]',
    '3: COPY --from=[0] /a /b',
    '4: COPY --from=[x] /c /d',
  ]);
});

test('renaming a stage changes every reference and nothing else', () => {
  assert.equal(
    rename(at(STAGES, 'build /out/app /app2'), 'builder'),
    `FROM golang:1.23 AS builder
RUN go build -o /out/app .
FROM builder AS test
RUN go test ./...
FROM alpine:3.20
COPY --from=builder /out/app /app
ADD --from=builder /out/app /app2
RUN --mount=type=cache,from=builder,target=/cache true
RUN --mount=from=builder,target=/src,source=/out ls /src
ONBUILD COPY --from=builder /out/app /app
ONBUILD RUN --mount=type=bind,from=builder,target=/b true
COPY --from=builder /out/app /app3
`,
  );
  // an index stays an index
  assert.equal(
    rename('FROM a AS ¦x\nCOPY --from=0 /a /b\nCOPY --from="x" /c /d\n', 'y'),
    'FROM a AS y\nCOPY --from=0 /a /b\nCOPY --from="y" /c /d\n',
  );
});

test('a stage rename refuses reserved, upper-case, invalid and taken names, saying why', () => {
  const text =
    'FROM node:20 AS ¦deps\nFROM alpine AS app\nCOPY --from=deps /a /b\nCOPY --from=busybox /bin /bin\n';
  assert.equal(
    rename(text, 'scratch'),
    "refused: scratch: 'scratch' and 'context' are reserved words and cannot name a stage (ReservedStageName)",
  );
  assert.equal(
    rename(text, 'context'),
    "refused: context: 'scratch' and 'context' are reserved words and cannot name a stage (ReservedStageName)",
  );
  assert.equal(
    rename(text, 'Deps'),
    'refused: Deps: A stage name is written in lower case (BuildKit lowers it anyway, and its StageNameCasing check warns)',
  );
  assert.equal(
    rename(text, '1deps'),
    "refused: 1deps: A stage name starts with a letter and holds only letters, digits, '-', '_' and '.'",
  );
  assert.equal(
    rename(text, 'my stage'),
    "refused: my stage: A stage name starts with a letter and holds only letters, digits, '-', '_' and '.'",
  );
  const taken =
    'The name is already used here by another stage or by an image, so the references would mix up';
  assert.equal(rename(text, 'app'), `refused: app: ${taken}`);
  assert.equal(rename(text, 'busybox'), `refused: busybox: ${taken}`);
  assert.equal(
    rename(text, 'node'),
    'FROM node:20 AS node\nFROM alpine AS app\nCOPY --from=node /a /b\nCOPY --from=busybox /bin /bin\n',
  );
  assert.equal(rename(text, 'alpine'), `refused: alpine: ${taken}`);
  assert.equal(
    rename(text, 'deps-2.x_y'),
    'FROM node:20 AS deps-2.x_y\nFROM alpine AS app\nCOPY --from=deps-2.x_y /a /b\nCOPY --from=busybox /bin /bin\n',
  );
});

test('prepareRename: what can be renamed, and where', () => {
  assert.equal(prepare('FROM a AS bu¦ild\n'), '1: FROM a AS [build] placeholder build');
  assert.equal(
    prepare('FROM a AS build\nCOPY --from=bu¦ild /a /b\n'),
    '2: COPY --from=[build] /a /b placeholder build',
  );
  assert.equal(prepare('FROM a\nCOPY --from=alp¦ine /a /b\n'), 'null', 'an image');
  assert.equal(prepare('FROM a AS b\nCOPY --from=¦0 /a /b\n'), 'null', 'an index');
  assert.equal(prepare('FROM a AS b\nRUN ec¦ho\n'), 'null', 'no name here');
  assert.equal(prepare('FROM sc¦ratch\n'), 'null');
});

/* ------------------------------------------------------------------ variables */

test('variable definition follows Docker scoping: global ARGs, re-declarations, stages', () => {
  const text = `ARG VERSION=1.4
ARG BASE=alpine
FROM \${BASE}:\${VERSION} AS build
RUN echo $VERSION
ARG VERSION
RUN echo "v$VERSION"
ENV APP_HOME=/srv/app
FROM build AS test
WORKDIR $APP_HOME
RUN echo $VERSION
FROM alpine
WORKDIR $APP_HOME
`;
  assert.deepEqual(
    definition(at(text, 'BASE}')),
    ['2: ARG [BASE]=alpine'],
    'FROM sees global ARGs',
  );
  assert.deepEqual(definition(at(text, 'VERSION}')), ['1: ARG [VERSION]=1.4']);
  assert.deepEqual(definition(at(text, 'VERSION\nARG')), [], 'not before the stage re-declares it');
  assert.deepEqual(
    definition(at(text, 'VERSION"')),
    ['5: ARG [VERSION]'],
    'the declaration in effect: the re-declaration',
  );
  assert.deepEqual(
    definition(at(text, 'VERSION\nRUN echo "')),
    ['1: ARG [VERSION]=1.4'],
    'the re-declaration without a value stands for the global ARG',
  );
  assert.deepEqual(
    definition(at(text, 'APP_HOME\nRUN')),
    ['7: ENV [APP_HOME]=/srv/app'],
    'a stage built FROM a stage sees its ENV',
  );
  assert.deepEqual(
    definition(at(text, 'VERSION\nFROM alpine')),
    ['5: ARG [VERSION]'],
    '…and its ARGs',
  );
  assert.deepEqual(definition(at(text, 'APP_HOME\n', 1)), [], 'another stage does not');
});

test('variable definition: ENV sees older values, ARG defaults see earlier ARGs', () => {
  const text = `FROM alpine
ENV A=1
ENV A=2 B=$A
ARG C=x D=$C
`;
  assert.deepEqual(definition(at(text, 'A\n')), ['2: ENV [A]=1']);
  assert.deepEqual(definition(at(text, 'C\n')), ['4: ARG [C]=x D=$C']);
});

test('every substitution form is a reference; quoted, escaped and shell-owned text is not', () => {
  const text = `FROM alpine
ARG V=1
ENV E=2
LABEL a=$V b=\${V} c=\${V:-x} d=\${V-x} e=\${V:+x} f=\${V+x} g=\${V:?no} h=\${V#p} i=\${V%%p} j=\${V/a/b} k=\${X:-$V}
ENV F='$V' G=\\$V H="$V"
RUN echo $V '$V' "$V" && for V in 1 2; do echo $V; done
RUN echo $V "$E"
RUN <<EOF
echo $V
EOF
COPY <<EOF /unquoted
$V
EOF
COPY <<'EOF' /quoted
$V
EOF
CMD echo $E $V
ENTRYPOINT ["echo", "$E"]
HEALTHCHECK CMD test -n "$E"
ONBUILD RUN echo $V
USER $V
`;
  assert.deepEqual(references(at(text, 'V=1')), [
    '2: ARG [V]=1',
    '4: LABEL a=$[V] b=${[V]} c=${[V]:-x} d=${[V]-x} e=${[V]:+x} f=${[V]+x} g=${[V]:?no} h=${[V]#p} i=${[V]%%p} j=${[V]/a/b} k=${X:-$[V]}',
    '5: ENV F=\'$V\' G=\\$V H="$[V]"',
    '7: RUN echo $[V] "$E"',
    '12: $[V]',
    '21: USER $[V]',
  ]);
  // the ENV reaches the container (CMD, ENTRYPOINT shell form, HEALTHCHECK), the ARG does not
  assert.deepEqual(references(at(text, 'E=2')), [
    '3: ENV [E]=2',
    '7: RUN echo $V "$[E]"',
    '17: CMD echo $[E] $V',
    '19: HEALTHCHECK CMD test -n "$[E]"',
  ]);
});

test('renaming a global ARG renames its re-declarations and their uses, nothing else', () => {
  const text = `ARG GO_VERSION=1.23
FROM golang:\${GO_VERSION} AS build
ARG GO_VERSION
RUN echo "go $GO_VERSION" '$GO_VERSION'
FROM alpine
ARG GO_VERSION=1.22
RUN echo $GO_VERSION
FROM golang:\${GO_VERSION:-1.21}
ARG GO_VERSION
LABEL go=$GO_VERSION
`;
  assert.equal(
    rename(at(text, 'GO_VERSION=1.23'), 'GO'),
    `ARG GO=1.23
FROM golang:\${GO} AS build
ARG GO
RUN echo "go $GO" '$GO_VERSION'
FROM alpine
ARG GO_VERSION=1.22
RUN echo $GO_VERSION
FROM golang:\${GO:-1.21}
ARG GO
LABEL go=$GO
`,
  );
  // the stage ARG with its own default is another variable
  assert.deepEqual(references(at(text, 'GO_VERSION=1.22')), [
    '6: ARG [GO_VERSION]=1.22',
    '7: RUN echo $[GO_VERSION]',
  ]);
});

test('a variable rename refuses bad, taken and predefined names', () => {
  const text = 'FROM alpine\nARG ¦NAME=x\nENV OTHER=y\nRUN echo $NAME $OTHER\n';
  assert.equal(
    rename(text, '1X'),
    "refused: 1X: A variable name holds letters, digits and '_' and does not start with a digit",
  );
  assert.equal(
    rename(text, 'OTHER'),
    'refused: OTHER: Another ARG or ENV of that name is declared or used where this variable is, so the two would merge',
  );
  assert.equal(
    rename(text, 'TARGETARCH'),
    'refused: TARGETARCH: BuildKit fills in the predefined build arguments itself, so a variable cannot be renamed to or from one',
  );
  assert.equal(
    rename(text, 'TITLE'),
    'FROM alpine\nARG TITLE=x\nENV OTHER=y\nRUN echo $TITLE $OTHER\n',
  );
  assert.equal(
    prepare('ARG TARGET¦PLATFORM\nFROM --platform=$TARGETPLATFORM alpine\n'),
    'refused: TARGETPLATFORM: BuildKit fills in the predefined build arguments itself, so a variable cannot be renamed to or from one',
  );
  assert.equal(prepare('FROM alpine\nRUN echo $UN¦SET\n'), 'null', 'declared nowhere');
});

test('the hover says who expands a variable', () => {
  const line = (text: string): string => (hover('dockerfile', text) ?? '').split('\n\n')[1];
  assert.equal(
    line('FROM alpine\nENV A=1\nWORKDIR $¦A\n'),
    'Docker replaces it while it builds this instruction, with the ARG or ENV value in effect on this line.',
  );
  assert.equal(
    line('FROM alpine\nARG A=1\nRUN echo $¦A\n'),
    'Docker leaves it alone; the shell replaces it when the RUN command runs, from its environment, which holds the ARG and ENV values.',
  );
  assert.equal(
    line('FROM alpine\nENV A=1\nCMD echo $¦A\n'),
    'Docker leaves it alone; the shell replaces it when the container runs the command, and only ENV values (no ARG) are in that environment.',
  );
  assert.equal(
    line('FROM alpine\nENV A=1\nRUN <<EOF\necho $¦A\nEOF\n'),
    'Docker leaves it alone; the shell running this heredoc script replaces it, and the script may set the variable itself.',
  );
  assert.equal(
    line("FROM alpine\nENV A=1\nENV B='$¦A'\n"),
    'Nobody replaces it here; it stays as written (inside single quotes, after a quoted heredoc delimiter, or in a flag Docker does not expand).',
  );
  assert.equal(
    line('FROM alpine\nENV A=1\nENTRYPOINT ["echo", "$¦A"]\n'),
    'No shell runs the JSON (exec) form, so the program gets the text as written, unless that program is a shell itself.',
  );
  assert.equal(
    line('FROM alpine\nENV A=1\nONBUILD WORKDIR $¦A\n'),
    "Replaced when a later build that starts FROM this image runs the ONBUILD instruction, with that build's values.",
  );
});

test('the variable hover follows the scoping of global ARGs', () => {
  const lines = (text: string): string[] =>
    (hover('dockerfile', text) ?? '').split('\n\n').slice(2);
  assert.deepEqual(lines('ARG V=1\nFROM a\nRUN echo $¦V\n'), [
    'Not defined by an ARG or ENV above this line in this stage; it expands to an empty string unless set at build time.',
  ]);
  assert.deepEqual(lines('ARG V=1\nFROM a\nARG V\nRUN echo $¦V\n'), [
    'Defined by `ARG V=1` on line 1, then `ARG V` on line 3.',
    'Value here: `1`',
  ]);
  assert.deepEqual(lines('ARG V=1\nFROM a:$¦V\n'), [
    'Defined by `ARG V=1` on line 1.',
    'Value here: `1`',
  ]);
});
