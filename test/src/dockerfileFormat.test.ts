/**
 * The Dockerfile formatter: the whole text after formatting, a tidy file untouched, formatting
 * twice the same as once, range formatting, the settings, and what it must never touch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FormattingOptions, Range } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/out/service/languageService';
import type { FormatSettings } from '../../server/out/service/navigation';
import { builtinNotes, service } from './helpers';

const SPACES: FormattingOptions = { tabSize: 4, insertSpaces: true };

function svc(format?: Partial<FormatSettings>): LanguageService {
  if (!format) return service();
  const s = new LanguageService({ notes: [builtinNotes()] });
  s.configure({ format: { continuationIndent: null, keepAlignedContinuations: false, ...format } });
  return s;
}

function format(
  text: string,
  options = SPACES,
  settings?: Partial<FormatSettings>,
  range?: Range,
): string {
  const doc = TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, text);
  return TextDocument.applyEdits(doc, svc(settings).doFormat(doc, options, range));
}

/** Format, then check that formatting the result again changes nothing. */
function formatTwice(text: string, options = SPACES, settings?: Partial<FormatSettings>): string {
  const once = format(text, options, settings);
  assert.equal(format(once, options, settings), once, 'formatting twice changes nothing');
  return once;
}

test('leading blanks go, one space after the keyword, continuation lines indented alike', () => {
  assert.equal(
    formatTwice(`FROM   alpine:3.20 AS base
   RUN\tapk add --no-cache \\
  curl \\
            git \\
\tjq
  ENV  A=1 \\
 B=2
 ONBUILD   RUN    echo hi
EXPOSE 80
`),
    `FROM alpine:3.20 AS base
RUN apk add --no-cache \\
    curl \\
    git \\
    jq
ENV A=1 \\
    B=2
ONBUILD RUN echo hi
EXPOSE 80
`,
  );
});

test('a tidy file gets no edit at all', () => {
  const tidy = `# syntax=docker/dockerfile:1
FROM alpine AS base
RUN apk add \\
    curl
CMD ["sh"]
`;
  const doc = TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, tidy);
  assert.deepEqual(service().doFormat(doc, SPACES), []);
});

test('never touched: heredocs, comments, JSON arguments, quoted continuations, glued words, values with blanks', () => {
  const untouched = `FROM alpine
  # a comment keeps its place
RUN <<EOF
    indented heredoc body
  EOF is not the end
EOF
COPY <<-EOT /a.sh
\techo tabs stay
\tEOT
CMD ["node", \\
       "server.js"]
RUN echo "a string that \\
   goes on"
RUN echo one\\
two
ENV MESSAGE hello \\
      world
WORKDIR /a\\
  /b
`;
  const doc = TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, untouched);
  assert.deepEqual(service().doFormat(doc, SPACES), []);
  // a LABEL in the key=value form is reindented: its continuation only separates pairs
  assert.equal(
    formatTwice(`${untouched}LABEL description="x" \\\n      version="1"\n`),
    `${untouched}LABEL description="x" \\\n    version="1"\n`,
  );
});

test('the escape directive: backtick continuations', () => {
  assert.equal(
    formatTwice(
      '# escape=`\nFROM mcr.microsoft.com/windows/servercore\n  RUN  dir `\n c:\\ `\n        /s\n',
    ),
    '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir `\n    c:\\ `\n    /s\n',
  );
});

test('settings: the continuation indent, tabs, hand-aligned continuations', () => {
  const text = `FROM alpine
RUN apk add \\
  curl \\
          git \\
    && rm -rf /var/cache/apk/*
LABEL a=1 \\
      b=2
`;
  // every continuation line with the same indentation
  const indented = (unit: string): string =>
    `FROM alpine\nRUN apk add \\\n${unit}curl \\\n${unit}git \\\n${unit}&& rm -rf /var/cache/apk/*\nLABEL a=1 \\\n${unit}b=2\n`;
  assert.equal(formatTwice(text, SPACES, { continuationIndent: 2 }), indented('  '));
  assert.equal(formatTwice(text, { tabSize: 4, insertSpaces: false }), indented('\t'));
  assert.equal(formatTwice(text), indented('    '));
  // deeper lines are kept: taken as aligned by hand
  assert.equal(
    formatTwice(text, SPACES, { keepAlignedContinuations: true }),
    `FROM alpine
RUN apk add \\
    curl \\
          git \\
    && rm -rf /var/cache/apk/*
LABEL a=1 \\
      b=2
`,
  );
  // the editor's tab size is the default indent
  assert.equal(
    formatTwice('FROM a\nRUN a \\\n b\n', { tabSize: 2, insertSpaces: true }),
    'FROM a\nRUN a \\\n  b\n',
  );
});

test('range formatting formats only the lines of the range', () => {
  const text = '  FROM a\n  RUN b \\\n c\n  RUN d\n';
  const range: Range = { start: { line: 1, character: 0 }, end: { line: 3, character: 0 } };
  assert.equal(format(text, SPACES, undefined, range), '  FROM a\nRUN b \\\n    c\n  RUN d\n');
  const one: Range = { start: { line: 3, character: 2 }, end: { line: 3, character: 4 } };
  assert.equal(format(text, SPACES, undefined, one), '  FROM a\n  RUN b \\\n c\nRUN d\n');
});

test('CRLF files and a byte order mark', () => {
  assert.equal(
    formatTwice('\uFEFFFROM  a\r\n  RUN b \\\r\n c\r\n'),
    '\uFEFFFROM a\r\nRUN b \\\r\n    c\r\n',
  );
});
