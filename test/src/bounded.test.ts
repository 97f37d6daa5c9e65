/**
 * The work of a request is bounded by design, whatever the document: a giant Dockerfile
 * instruction, shell line or compose entry is never handed whole to a parser. These tests count the
 * characters the parsers receive (no clock) and check what the user reads there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { MarkupContent } from 'vscode-languageserver-types';
import { parserWork, resetParserWork } from '../../server/out/service/work';
import { headline, service } from './helpers';

const TOO_LONG_HEAD =
  '**very long lines** — A very long Dockerfile instruction, shell command line or compose entry gets help for its first part only';

/** Hover at a position of a fresh document; the parser work it took. */
function hoverWork(
  languageId: string,
  uri: string,
  text: string,
  offset: number,
): { value: string | null; work: ReturnType<typeof parserWork> } {
  const doc = TextDocument.create(uri, languageId, 1, text);
  resetParserWork();
  const h = service().doHover(doc, doc.positionAt(offset));
  return {
    value: h ? (h.contents as MarkupContent).value : null,
    work: JSON.parse(JSON.stringify(parserWork())) as ReturnType<typeof parserWork>,
  };
}

const MB = 1024 * 1024;

test('a 1 MB RUN line: the hover on RUN parses 16 KiB of it, past that a "too long" answer', () => {
  const text = 'FROM alpine\nRUN echo ' + 'x'.repeat(MB) + ' && docker run --rm -p 80:80 nginx\n';
  const onRun = hoverWork('dockerfile', 'file:///w/Dockerfile', text, text.indexOf('RUN') + 1);
  assert.equal(
    headline(onRun.value),
    '**RUN** — Execute a command at build time and commit the result as a new image layer',
  );
  // the first 16,384 characters of the instruction (it uses no variable: no stage context)
  assert.equal(onRun.work.dockerfile.largest, 16 * 1024);
  const far = hoverWork('dockerfile', 'file:///w/Dockerfile', text, text.indexOf('-p 80') + 1);
  assert.equal(
    far.value,
    `${TOO_LONG_HEAD}\n\nThis instruction is too long for detailed help: only its first 16,384 characters are read.`,
  );
  assert.equal(far.work.dockerfile.chars, 0);
});

test('an instruction past the limit in a small Dockerfile: its flags still get help, its checks stay quiet', () => {
  const text =
    'FROM alpine\nRUN --mount=type=cache,target=/root/.cache pip install ' +
    'pkg '.repeat(10_000) +
    '\nUSER app\n';
  const r = hoverWork('dockerfile', 'file:///w/Dockerfile', text, text.indexOf('cache,') + 1);
  assert.match(r.value ?? '', /^\*\*--mount type=cache\*\* — /);
  assert.ok(r.work.dockerfile.largest <= 16 * 1024 + 12, `${r.work.dockerfile.largest}`);
  const user = hoverWork('dockerfile', 'file:///w/Dockerfile', text, text.indexOf('USER') + 1);
  assert.match(headline(user.value), /^\*\*USER\*\* — /);
  const doc = TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, text);
  resetParserWork();
  assert.deepEqual(service().doValidate(doc), []);
  assert.ok(
    parserWork().dockerfile.largest <= 16 * 1024 + 100,
    `${parserWork().dockerfile.largest}`,
  );
});

test('a 1 MB shell command line: the start is explained, past 16 KiB a "too long" answer', () => {
  const text = 'docker run ' + '-e A=1 '.repeat(150_000) + 'nginx\n';
  const near = hoverWork('shellscript', 'file:///w/deploy.sh', text, 12);
  assert.match(headline(near.value), /^\*\*docker run -e, --env\*\* — /);
  assert.equal(near.work.shell.largest, 16 * 1024);
  const far = hoverWork('shellscript', 'file:///w/deploy.sh', text, text.indexOf('nginx') + 1);
  assert.equal(
    far.value,
    `${TOO_LONG_HEAD}\n\nThis command line is too long for detailed help: only its first 16,384 characters are read.`,
  );
  assert.equal(far.work.shell.chars, 0);
});

test('a compose entry with a 1 MB value: the keys after it get help from a slice', () => {
  const text = 'services:\n  web:\n    image: ' + 'x'.repeat(MB) + '\n    ports: ["80:80"]\n';
  const ports = hoverWork(
    'dockercompose',
    'file:///w/compose.yaml',
    text,
    text.indexOf('ports') + 1,
  );
  assert.match(headline(ports.value), /^\*\*ports\*\* \(`services\.<service>\.ports`\) — /);
  assert.ok(ports.work.yaml.largest <= 16 * 1024, `${ports.work.yaml.largest}`);
  const far = hoverWork(
    'dockercompose',
    'file:///w/compose.yaml',
    text,
    text.indexOf('x') + 500_000,
  );
  assert.equal(
    far.value,
    `${TOO_LONG_HEAD}\n\nThis part of the file is too long for detailed help: only 16,384 characters around the cursor are read.`,
  );
});

test('a 5 MB compose file: a hover anywhere parses at most 80 KiB', () => {
  const unit =
    '  web:\n    image: nginx\n    restart: unless-stopped\n    ports:\n      - "80:80"\n    environment:\n      A: b\n';
  const text = 'services:\n' + unit.repeat(Math.ceil((5 * MB) / unit.length));
  for (const at of [0.1, 0.5, 0.9]) {
    const offset = text.indexOf('restart', Math.floor(text.length * at)) + 1;
    const r = hoverWork('dockercompose', 'file:///w/compose.yaml', text, offset);
    assert.match(headline(r.value), /^\*\*restart\*\* \(`services\.<service>\.restart`\) — /);
    assert.ok(r.work.yaml.largest <= 80 * 1024, `${at}: ${r.work.yaml.largest}`);
  }
  // a service name far from `services:`: what it is, without "not declared" guesses
  const name = hoverWork(
    'dockercompose',
    'file:///w/compose.yaml',
    text,
    text.indexOf('  web:', text.length / 2) + 3,
  );
  assert.match(name.value ?? '', /`web` is a service defined in `services`\./);
  assert.ok(name.work.yaml.largest <= 80 * 1024);
});

test('a 5 MB Dockerfile: a hover anywhere parses one instruction and its context', () => {
  const unit =
    'FROM alpine AS s\nARG V=1\nENV P=/p\nRUN echo $V && \\\n  docker run --rm -p 80:80 nginx\nCOPY --from=s /a /b\n';
  const text = unit.repeat(Math.ceil((5 * MB) / unit.length));
  for (const at of [0.2, 0.8]) {
    const offset = text.indexOf('COPY', Math.floor(text.length * at)) + 1;
    const r = hoverWork('dockerfile', 'file:///w/Dockerfile', text, offset);
    assert.match(headline(r.value), /^\*\*COPY\*\* — /);
    assert.ok(r.work.dockerfile.largest <= 96 * 1024, `${r.work.dockerfile.largest}`);
  }
});

/** The hover's first line and range at `offset` of `doc`, with the parser calls it took. */
function hoverAt(
  doc: TextDocument,
  offset: number,
  parsed: ReturnType<ReturnType<typeof service>['parse']>,
): { head: string; range: string; calls: number } {
  resetParserWork();
  const h = service().doHover(doc, doc.positionAt(offset), parsed);
  const w = parserWork();
  const r = h?.range;
  return {
    head: headline(h ? (h.contents as MarkupContent).value : null),
    range: r ? `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}` : '',
    calls: w.yaml.calls + w.dockerfile.calls,
  };
}

test('a large compose file: an entry an edit left alone is not parsed again, and its ranges follow the edit', () => {
  const services = Array.from(
    { length: 300 },
    (_, i) =>
      `  svc-${i}:\n    image: app:${i}\n    restart: always\n    ports:\n      - "${8000 + i}:80"\n    environment:\n      A: "1"\n`,
  ).join('');
  const v1 = `services:\n${services}`;
  const svc = service();
  let doc = TextDocument.create('file:///w/compose.yaml', 'dockercompose', 1, v1);
  let parsed = svc.parse(doc);
  const at = (text: string): number => text.indexOf('restart', text.indexOf('svc-150:')) + 1;
  // the skeleton (the document with every service cut to its key line) and the entry
  assert.deepEqual(hoverAt(doc, at(v1), parsed), {
    head: '**restart** (`services.<service>.restart`) — Restart policy when the container exits or the Docker daemon restarts',
    range: '1053:4-1053:11',
    calls: 2,
  });
  // a comment line at the top: the entry's text is the same, one line further down
  const v2 = `# top\n${v1}`;
  doc = TextDocument.create(doc.uri, doc.languageId, 2, v2);
  parsed = svc.parse(doc, parsed);
  hoverAt(doc, 0, parsed); // the version's skeleton
  assert.deepEqual(hoverAt(doc, at(v2), parsed), {
    head: '**restart** (`services.<service>.restart`) — Restart policy when the container exits or the Docker daemon restarts',
    range: '1054:4-1054:11',
    calls: 0,
  });
  /** The parser calls of the hover on `restart` after replacing `from` by `to` in the text. */
  const callsAfter = (from: string, to: string): number => {
    const text = doc.getText().replace(from, to);
    doc = TextDocument.create(doc.uri, doc.languageId, doc.version + 1, text);
    parsed = svc.parse(doc, parsed);
    hoverAt(doc, 0, parsed); // the version's skeleton
    return hoverAt(doc, at(text), parsed).calls;
  };
  // typing under another key of the entry: a hover reads only the key it is under, unchanged
  assert.equal(callsAfter('      - "8150:80"', '      - "8151:80"'), 0);
  // typing in the part of the entry the hover reads: it is parsed again
  assert.equal(
    callsAfter('image: app:150\n    restart: always', 'image: app:150\n    restart: no'),
    1,
  );
});

test('a large compose file: a hover inside a service parses only the key it is under', () => {
  const services = Array.from(
    { length: 300 },
    (_, i) =>
      `  svc-${i}:\n    image: app:${i}\n    restart: always\n    depends_on:\n      svc-${i + 1}:\n        condition: service_healthy\n    environment:\n      A: "1"\n`,
  ).join('');
  const text = `services:\n${services}`;
  const svc = service();
  const doc = TextDocument.create('file:///w/compose.yaml', 'dockercompose', 1, text);
  const parsed = svc.parse(doc);
  hoverAt(doc, 0, parsed); // the skeleton
  const entry = text.indexOf('\n  svc-150:') + 1;
  resetParserWork();
  const h = svc.doHover(doc, doc.positionAt(text.indexOf('service_healthy', entry) + 1), parsed);
  assert.equal(
    headline(h ? (h.contents as MarkupContent).value : null),
    '**condition** (`services.<service>.depends_on.<service>.condition`) — What to wait for - dependency started, healthy, or finished with exit code 0',
  );
  // `depends_on:` and its 2 lines (66 characters), not the 8 lines of the entry
  assert.deepEqual(
    { calls: parserWork().yaml.calls, chars: parserWork().yaml.chars },
    { calls: 1, chars: 66 },
  );
  // the service's key line reads the whole entry (its hover names the image)
  resetParserWork();
  const onKey = svc.doHover(doc, doc.positionAt(entry + 3), parsed);
  assert.match((onKey?.contents as MarkupContent).value, /app:150/);
  assert.equal(parserWork().yaml.chars, 146); // the entry's 8 lines
});

/** A 2,000-line Dockerfile: 400 stages of 5 lines, the last line of stage i is `EXPOSE 800i`. */
const STAGES = Array.from(
  { length: 400 },
  (_, i) =>
    `FROM alpine:3.${i % 20} AS s${i}\nRUN apk add --no-cache curl\nWORKDIR /app\nCOPY . .\nEXPOSE ${8000 + i}\n`,
).join('');

test('a large Dockerfile: a window an edit left alone is not parsed again', () => {
  const stages = STAGES;
  const svc = service();
  let doc = TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, stages);
  let parsed = svc.parse(doc);
  const at = (text: string): number => text.indexOf('EXPOSE', text.indexOf('AS s200\n')) + 1;
  assert.deepEqual(hoverAt(doc, at(stages), parsed), {
    head: '**EXPOSE** — Document the ports the container listens on (does not publish them)',
    range: '1004:0-1004:6',
    calls: 1,
  });
  // a line added at the end: the window (the stage's lines, others emptied) is the same
  const v2 = `${stages}LABEL x=y\n`;
  doc = TextDocument.create(doc.uri, doc.languageId, 2, v2);
  parsed = svc.parse(doc, parsed);
  assert.equal(hoverAt(doc, at(v2), parsed).calls, 0);
  // a line added at the top: every line moves, the window is parsed again
  const v3 = `# top\n${v2}`;
  doc = TextDocument.create(doc.uri, doc.languageId, 3, v3);
  parsed = svc.parse(doc, parsed);
  assert.deepEqual(hoverAt(doc, at(v3), parsed), {
    head: '**EXPOSE** — Document the ports the container listens on (does not publish them)',
    range: '1005:0-1005:6',
    calls: 1,
  });
});

test('a large Dockerfile: a window hands the parser only its lines, and 20 places hovered in turn are each parsed once', () => {
  const stages = STAGES;
  const svc = service();
  const doc = TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, stages);
  const parsed = svc.parse(doc);
  // the last line: the parser reads that line (11 characters), not the 1,999 lines above it
  assert.deepEqual(hoverAt(doc, stages.lastIndexOf('EXPOSE') + 1, parsed), {
    head: '**EXPOSE** — Document the ports the container listens on (does not publish them)',
    range: '1999:0-1999:6',
    calls: 1,
  });
  assert.equal(parserWork().dockerfile.chars, 'EXPOSE 8399'.length);
  // 20 places in turn, twice: the second time round nothing is parsed
  const places = Array.from(
    { length: 20 },
    (_, i) => stages.indexOf(`EXPOSE ${8000 + 20 * i}`) + 1,
  );
  const calls = (): number => places.reduce((n, p) => n + hoverAt(doc, p, parsed).calls, 0);
  assert.equal(calls(), 20);
  assert.equal(calls(), 0);
  assert.equal(hoverAt(doc, places[19], parsed).range, '1904:0-1904:6');
});

test('a large compose file: after an edit inside one service, the check parses only the entries around it', () => {
  const services = Array.from(
    { length: 500 },
    (_, i) =>
      `  svc-${i}:\n    image: app:${i}\n    restart: ${i === 100 || i === 200 ? 'sometimes' : 'always'}\n    ports:\n      - "${8000 + i}:80"\n`,
  ).join('');
  const v1 = `services:\n${services}`;
  const svc = service();
  const check = (doc: TextDocument, parsed: ReturnType<ReturnType<typeof service>['parse']>) => {
    resetParserWork();
    const found = svc.doValidate(doc, parsed).map((d) => `${d.range.start.line + 1} ${d.code}`);
    return { found, calls: parserWork().yaml.calls };
  };
  let doc = TextDocument.create('file:///w/compose.yaml', 'dockercompose', 1, v1);
  let parsed = svc.parse(doc);
  // the skeleton, then the entries two at a time
  assert.deepEqual(check(doc, parsed), {
    found: ['504 InvalidComposeValue', '1004 InvalidComposeValue'],
    calls: 251,
  });
  // an edit inside svc-150: its chunk (svc-150 and svc-151) is parsed and checked again
  const v2 = v1.replace('image: app:150\n', 'image: app:150b\n');
  doc = TextDocument.create(doc.uri, doc.languageId, 2, v2);
  parsed = svc.parse(doc, parsed);
  assert.deepEqual(check(doc, parsed), {
    found: ['504 InvalidComposeValue', '1004 InvalidComposeValue'],
    calls: 1,
  });
  // a line added above every entry: each chunk is at another line, all 250 are checked again
  // (the skeleton is taken over: its text is the same)
  const v3 = `# top\n${v2}`;
  doc = TextDocument.create(doc.uri, doc.languageId, 3, v3);
  parsed = svc.parse(doc, parsed);
  assert.deepEqual(check(doc, parsed), {
    found: ['505 InvalidComposeValue', '1005 InvalidComposeValue'],
    calls: 250,
  });
  // the same as a check from nothing
  const fresh = TextDocument.create(doc.uri, doc.languageId, 3, v3);
  assert.deepEqual(check(fresh, svc.parse(fresh)).found, check(doc, parsed).found);
});
