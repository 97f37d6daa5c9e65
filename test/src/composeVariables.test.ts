/**
 * Values as compose will see them: the .env reader (compose's rules), the substitution forms, the
 * hover on `${VAR}` with the value and where it comes from, the inlay hints (values, port sides,
 * Dockerfile variables), the two variable rules, and the setting that turns hints off.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, InlayHint, MarkupContent } from 'vscode-languageserver-types';
import type { EnvInput } from '../../server/out/service/compose/composeVariables';
import { parseEnvFile } from '../../server/out/service/compose/dotenv';
import { substitute } from '../../server/out/service/compose/interpolation';
import { LanguageService } from '../../server/out/service/languageService';
import { builtinNotes, docWithCaret, service } from './helpers';

const labelText = (h: InlayHint): string =>
  typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');
const messageText = (d: Diagnostic): string =>
  typeof d.message === 'string' ? d.message : d.message.value;

const envVars = (text: string): Record<string, string | null> =>
  Object.fromEntries([...parseEnvFile(text).vars].map(([k, v]) => [k, v.value ?? null]));

test('.env: comments, export, NAME: value, quotes, escapes, multi-line values, inline comments', () => {
  assert.deepEqual(
    envVars(
      [
        '# settings for the demo',
        'PLAIN=hello world   ',
        'export EXPORTED=yes',
        'COLON: like yaml',
        "SINGLE='no $EXPANSION here \\n'",
        'DOUBLE="tab\\there\\nnext"',
        'SPACED = "kept # not a comment" # a comment',
        'CUT=value # a comment',
        'HASH=value#kept',
        'EMPTY=',
        "MULTI='line one",
        "line two'",
        'ESCAPED_QUOTE="say \\"hi\\""',
        "IT='it\\'s'",
        '',
        '  INDENTED=ok',
      ].join('\n'),
    ),
    {
      PLAIN: 'hello world',
      EXPORTED: 'yes',
      COLON: 'like yaml',
      SINGLE: 'no $EXPANSION here \\n',
      DOUBLE: 'tab\there\nnext',
      SPACED: 'kept # not a comment',
      CUT: 'value',
      HASH: 'value#kept',
      EMPTY: '',
      MULTI: 'line one\nline two',
      ESCAPED_QUOTE: 'say "hi"',
      IT: "it's",
      INDENTED: 'ok',
    },
  );
});

test('.env: substitution of earlier variables, \\$ and $$, a bare NAME from the shell, BOM, CRLF', () => {
  assert.deepEqual(
    envVars(
      '\uFEFFHOST=db\r\nURL=postgres://${HOST}:${PORT:-5432}/app\r\nPRICE="\\$5"\r\nDOLLARS=$$HOME\r\nLITERAL=\'${HOST}\'\r\nFROM_SHELL\r\nLAST=${FROM_SHELL:-none}\r\n',
    ),
    {
      HOST: 'db',
      URL: 'postgres://db:5432/app',
      PRICE: '$5',
      DOLLARS: '$HOME',
      LITERAL: '${HOST}',
      FROM_SHELL: null,
      LAST: 'none',
    },
  );
  // the line a variable is set on (0-based), the last assignment winning
  const f = parseEnvFile('A=1\n\n# c\nA=2\nB=3\n');
  assert.deepEqual(
    [...f.vars].map(([k, v]) => [k, v.value, v.line]),
    [
      ['A', '2', 3],
      ['B', '3', 4],
    ],
  );
});

test('.env: what compose refuses to read, as the hover says it', () => {
  const said = (text: string): string | undefined =>
    valueLines(hoverAt('services:\n  web:\n    image: app:${T¦AG}\n', { uri: ENV.uri, text })).find(
      (l) => l.startsWith('Line '),
    );
  assert.equal(
    said('A=1\nB="open\n'),
    'Line 3 of .env cannot be read (unterminated quoted value of B): compose stops there.',
  );
  assert.equal(
    said('GOOD=1\nBAD KEY=2\n'),
    'Line 2 of .env cannot be read (a variable name cannot contain a space): compose stops there.',
  );
  assert.equal(
    said('A=1\nB$=2\n'),
    'Line 2 of .env cannot be read (unexpected character "$" in a variable name): compose stops there.',
  );
  // compose reads none of the file then
  assert.equal(parseEnvFile('A=1\nB$=2\n').vars.size, 0);
});

test('substitution forms as compose applies them', () => {
  const vars: Record<string, string> = { SET: 'value', EMPTY: '' };
  const look = (n: string): string | undefined => vars[n];
  const s = (t: string): unknown => substitute(t, look);
  assert.deepEqual(s('${SET} $SET $$SET'), { value: 'value value $SET' });
  assert.deepEqual(s('${UNSET}x$UNSET'), { value: 'x', unset: ['UNSET', 'UNSET'] });
  assert.deepEqual(s('${EMPTY:-d} ${EMPTY-d} ${UNSET-d}'), { value: 'd  d' });
  assert.deepEqual(s('${UNSET:-${SET}-${OTHER:-x}}'), { value: 'value-x' });
  assert.deepEqual(s('${SET:+alt}|${EMPTY:+alt}|${EMPTY+alt}|${UNSET+alt}'), {
    value: 'alt||alt|',
  });
  assert.deepEqual(s('${EMPTY:?must be set}'), { value: '', error: 'must be set' });
  assert.deepEqual(s('${EMPTY?must be set}'), { value: '' });
  assert.deepEqual(s('${UNSET?gone}'), { value: '', error: 'gone' });
});

const COMPOSE = [
  'services:',
  '  web:',
  '    image: "registry.example.com/web:${TAG:-latest}"',
  '    ports:',
  '      - "${WEB_PORT:-8080}:80"',
  '      - "127.0.0.1:5353:53/udp"',
  '      - 9000',
  '      - target: 81',
  '    environment:',
  '      DB_PASSWORD: ${DB_PASSWORD:?set DB_PASSWORD in .env}',
  '      HOME_DIR: $$HOME',
  '      TOKEN: ${CI_TOKEN}',
  '      MISSING: $NOPE',
  '      VERBOSE: ${DEBUG:+--verbose}',
  '    # ${IN_A_COMMENT} is not substituted',
  '    labels:',
  '      ${KEY_NOT_SUBSTITUTED}: x',
  '',
].join('\n');
const ENV = {
  uri: 'file:///w/.env',
  text: 'TAG=1.4.2\nexport DEBUG="yes"\n# from CI\nCI_TOKEN\nWEB_PORT=\n',
};

function hoverAt(text: string, env: EnvInput | undefined = ENV): string {
  const { doc, offset } = docWithCaret('dockercompose', text);
  const h = service().doHover(doc, doc.positionAt(offset), undefined, env ? { env } : {});
  return (h?.contents as MarkupContent | undefined)?.value ?? '';
}

/** The lines a hover adds under the headline (before the note's syntax block). */
const valueLines = (md: string): string[] => md.split('\n\n')[1]?.split('  \n') ?? [];

test('hover on ${VAR:-default} with .env: the value, its source, the order, and what the editor cannot see', () => {
  assert.deepEqual(valueLines(hoverAt(COMPOSE.replace('${TAG', '${T¦AG'))), [
    'Value: `1.4.2` (`TAG` on line 1 of .env)',
    'The value of `TAG`, or `latest` when it is unset or empty.',
    "Read from .env in the compose file's folder; docker compose --env-file can point to another file, which the editor cannot see.",
    'Which wins: the shell environment, then .env, then the default. The editor does not know your shell; a variable exported there wins over what is shown here.',
  ]);
  // set but empty in .env: `:-` takes the default
  assert.equal(
    valueLines(hoverAt(COMPOSE.replace('${WEB_PORT', '${WEB_¦PORT')))[0],
    'Value: `8080` (the default: `WEB_PORT` is empty in .env)',
  );
  assert.equal(
    valueLines(hoverAt(COMPOSE.replace('${DB_PASSWORD', '${DB_¦PASSWORD')))[0],
    '`DB_PASSWORD` is not set in .env: docker compose stops with "set DB_PASSWORD in .env"',
  );
  assert.equal(
    valueLines(hoverAt(COMPOSE.replace('$NOPE', '$NO¦PE')))[0],
    'Value: `""` (`NOPE` is not set in .env and has no default; compose warns and uses an empty string)',
  );
  assert.equal(
    valueLines(hoverAt(COMPOSE.replace('${CI_TOKEN', '${CI_¦TOKEN')))[0],
    '`CI_TOKEN` is listed in .env without a value: compose takes it from the shell, which the editor cannot see',
  );
  assert.equal(
    valueLines(hoverAt(COMPOSE.replace('${DEBUG', '${DEB¦UG')))[0],
    'Value: `--verbose` (the alternative: `DEBUG` is set in .env)',
  );
  // no .env at all
  assert.deepEqual(
    valueLines(
      hoverAt(COMPOSE.replace('${TAG', '${T¦AG'), { uri: 'file:///w/.env', text: null }),
    ).slice(0, 3),
    [
      'Value: `latest` (the default: `TAG` is not set in .env)',
      'The value of `TAG`, or `latest` when it is unset or empty.',
      "There is no .env in the compose file's folder.",
    ],
  );
  // the caller did not read .env (a client without files): only what the form does
  const { doc, offset } = docWithCaret('dockercompose', COMPOSE.replace('${TAG', '${T¦AG'));
  const bare = service().doHover(doc, doc.positionAt(offset));
  assert.deepEqual(valueLines((bare?.contents as MarkupContent).value), [
    'The value of `TAG`, or `latest` when it is unset or empty.',
  ]);
  // a variable inside a default: its own hover
  assert.equal(
    valueLines(hoverAt('services:\n  a:\n    image: ${X:-${T¦AG}}\n'))[0],
    'Value: `1.4.2` (`TAG` on line 1 of .env)',
  );
  // comments and keys are not substituted: no variable hover there
  assert.doesNotMatch(hoverAt(COMPOSE.replace('${IN_A', '${IN¦_A')), /Value:/);
  assert.doesNotMatch(hoverAt(COMPOSE.replace('${KEY_NOT', '${KEY¦_NOT')), /Value:/);
});

test('hover: the value and what each substitution form does, with X not set', () => {
  const env = { uri: 'file:///w/.env', text: 'Y=1\n' };
  const at = (form: string): string[] =>
    valueLines(hoverAt(`services:\n  a:\n    image: ${form.replace('X', '¦X')}\n`, env)).slice(
      0,
      2,
    );
  assert.deepEqual(['${X:?need x}', '${X?need x}', '${X:+y}', '${X+y}', '${X-d}', '$X'].map(at), [
    [
      '`X` is not set in .env: docker compose stops with "need x"',
      'The value of `X`; Compose stops with "need x" when it is unset or empty.',
    ],
    [
      '`X` is not set in .env: docker compose stops with "need x"',
      'The value of `X`; Compose stops with "need x" when it is unset.',
    ],
    [
      'Value: `""` (nothing: `X` is not set in .env)',
      '`y` when `X` is set and not empty, otherwise nothing.',
    ],
    ['Value: `""` (nothing: `X` is not set in .env)', '`y` when `X` is set, otherwise nothing.'],
    [
      'Value: `d` (the default: `X` is not set in .env)',
      'The value of `X`, or `d` when it is unset.',
    ],
    [
      'Value: `""` (`X` is not set in .env and has no default; compose warns and uses an empty string)',
      'The value of `X` from the shell or the .env file (empty, with a warning, when unset).',
    ],
  ]);
});

function hints(text: string, env: EnvInput | null = ENV, svc = service()): string[] {
  const doc = TextDocument.create('file:///w/compose.yaml', 'dockercompose', 1, text);
  const range = { start: { line: 0, character: 0 }, end: { line: doc.lineCount, character: 0 } };
  return svc
    .doInlayHints(doc, range, undefined, env ? { env } : {})
    .map((h: InlayHint) => `${h.position.line + 1}:${h.position.character + 1} ${labelText(h)}`);
}

test('inlay hints: the value after each substitution, the host and container sides of ports', () => {
  assert.deepEqual(hints(COMPOSE), [
    '3:52 = 1.4.2',
    '5:27 = 8080',
    '5:31 host 8080 → container 80',
    '6:32 host 127.0.0.1:5353 → container 53/udp',
    '7:13 random host port → container 9000',
    '10:59 = (required, not set)',
    '12:25 = (from the shell)',
    '13:21 = (not set)',
    '14:35 = --verbose',
  ]);
  // without .env known: only the ports
  assert.deepEqual(hints(COMPOSE, null), [
    '6:32 host 127.0.0.1:5353 → container 53/udp',
    '7:13 random host port → container 9000',
  ]);
});

test('inlay hints: each kind off with one setting', () => {
  const svc = new LanguageService({ notes: [builtinNotes()] });
  svc.configure({ inlayHints: { variables: false, ports: true } });
  assert.deepEqual(hints(COMPOSE, ENV, svc), [
    '5:31 host 8080 → container 80',
    '6:32 host 127.0.0.1:5353 → container 53/udp',
    '7:13 random host port → container 9000',
  ]);
  svc.configure({ inlayHints: { variables: true, ports: false } });
  assert.deepEqual(hints(COMPOSE, ENV, svc).length, 6);
  svc.configure({ inlayHints: { variables: false, ports: false } });
  assert.deepEqual(hints(COMPOSE, ENV, svc), []);
});

test('Dockerfile: the value of each ARG or ENV variable in effect at the line', () => {
  const text = [
    'ARG TAG=3.12',
    'ARG BASE=python',
    'FROM ${BASE}:${TAG}-slim AS build',
    'RUN echo $TAG',
    'ARG TAG',
    'ENV PORT=8080',
    'RUN echo $TAG $PORT ${MODE:-dev} ${PORT:+set}',
    'ARG NOVALUE',
    'RUN echo $NOVALUE $HOME',
    'FROM alpine',
    'RUN echo $TAG',
    '',
  ].join('\n');
  const doc = TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, text);
  const range = { start: { line: 0, character: 0 }, end: { line: 12, character: 0 } };
  assert.deepEqual(
    service()
      .doInlayHints(doc, range)
      .map((h) => `${h.position.line + 1}:${h.position.character + 1} ${labelText(h)}`),
    [
      '3:13 = python',
      '3:20 = 3.12',
      '7:14 = 3.12',
      '7:20 = 8080',
      '7:33 = dev',
      '7:46 = set',
      '9:18 = (no default)',
    ],
  );
  // the hover on a variable says who expands it, where it is defined and its value at that line
  const hoverHead = (marked: string): string[] => {
    const { doc: d, offset } = docWithCaret('dockerfile', marked);
    const h = service().doHover(d, d.positionAt(offset));
    return (h?.contents as MarkupContent).value.split('\n').slice(0, 7);
  };
  assert.deepEqual(hoverHead(text.replace('${TAG}', '${T¦AG}')), [
    '**`$TAG`** — build variable',
    '',
    'Docker replaces it while it builds this instruction, with the ARG or ENV value in effect on this line.',
    '',
    'Defined by `ARG TAG=3.12` on line 1.',
    '',
    'Value here: `3.12`',
  ]);
  assert.deepEqual(hoverHead(text.replace('echo $TAG $PORT', 'echo $T¦AG $PORT')), [
    '**`$TAG`** — build variable',
    '',
    'Docker leaves it alone; the shell replaces it when the RUN command runs, from its environment, which holds the ARG and ENV values.',
    '',
    'Defined by `ARG TAG=3.12` on line 1, then `ARG TAG` on line 5.',
    '',
    'Value here: `3.12`',
  ]);
  // a global ARG inside a stage that has not declared it again, or in a later stage: not in scope
  const notInScope = [
    '**`$TAG`** — build variable',
    '',
    'Docker leaves it alone; the shell replaces it when the RUN command runs, from its environment, which holds the ARG and ENV values.',
    '',
    'Not defined by an ARG or ENV above this line in this stage; it expands to an empty string unless set at build time.',
  ];
  // a value that uses another variable is shown expanded; one using what the file does not set
  // (the base image's PATH) stays as written
  const uses = 'ARG A=1\nFROM alpine\nARG A\nENV B=$A/x\nENV PATH=$PATH:/opt\nRUN echo $B $PATH\n';
  assert.deepEqual(
    service()
      .doInlayHints(TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, uses), {
        start: { line: 0, character: 0 },
        end: { line: 7, character: 0 },
      })
      .map((h) => `${h.position.line + 1}:${h.position.character + 1} ${labelText(h)}`),
    ['4:9 = 1', '6:12 = 1/x', '6:18 = $PATH:/opt'],
  );
  assert.deepEqual(hoverHead(text.replace('RUN echo $TAG\n', 'RUN echo $T¦AG\n')), notInScope);
  assert.deepEqual(hoverHead(text.replace(/RUN echo \$TAG\n$/, 'RUN echo $T¦AG\n')), notInScope);
});

test('rules: a variable set nowhere (hint), a required one (error); .env, defaults and the shell silence them', () => {
  const doc = TextDocument.create('file:///w/compose.yaml', 'dockercompose', 1, COMPOSE);
  const diags = service().doValidate(doc, undefined, { env: ENV });
  assert.deepEqual(
    diags.map(
      (d) =>
        `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.character + 1} ${d.severity} ${String(d.code)} ${messageText(d)}`,
    ),
    [
      '10:20-59 1 RequiredVariableNotSet Required variable "DB_PASSWORD" is not set in .env: docker compose stops with "set DB_PASSWORD in .env" (unless your shell sets it)',
      '13:16-21 4 VariableNotSet Variable "NOPE" is not set in .env and has no default: compose uses an empty string (unless your shell sets it)',
    ],
  );
  // set in .env (empty counts as set, except for :?), or no .env read at all: nothing
  const set = { uri: 'file:///w/.env', text: 'DB_PASSWORD=x\nNOPE=\nCI_TOKEN\n' };
  assert.deepEqual(service().doValidate(doc, undefined, { env: set }), []);
  assert.deepEqual(service().doValidate(doc), []);
  const empty = { uri: 'file:///w/.env', text: 'DB_PASSWORD=\nNOPE=1\nCI_TOKEN=t\n' };
  assert.deepEqual(service().doValidate(doc, undefined, { env: empty }).map(messageText), [
    'Required variable "DB_PASSWORD" is empty in .env: docker compose stops with "set DB_PASSWORD in .env" (unless your shell sets it)',
  ]);
  // a default inside a default: the inner variable is the one not set
  const nested = TextDocument.create(
    'file:///w/compose.yaml',
    'dockercompose',
    1,
    'services:\n  a:\n    image: ${A:-${B}}\n',
  );
  assert.deepEqual(
    service()
      .doValidate(nested, undefined, { env: { uri: 'file:///w/.env', text: null } })
      .map(messageText),
    [
      'Variable "B" is not set in .env and has no default: compose uses an empty string (unless your shell sets it)',
    ],
  );
});

test('inlay hints: a port protocol is read in any case, as the engine reads it', () => {
  const text = [
    'services:',
    '  dns:',
    '    image: dns',
    '    ports:',
    '      - "5353:53/UDP"',
    '      - "8443:443/Tcp"',
    '',
  ].join('\n');
  assert.deepEqual(hints(text, null), [
    '5:22 host 5353 → container 53/udp',
    '6:23 host 8443 → container 443',
  ]);
});
