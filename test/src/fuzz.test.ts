/**
 * Seeded fuzzing of the language service: mutated Dockerfiles, compose files, shell scripts,
 * Makefiles and Markdown (random inserts and deletes, junk bytes, unicode, tabs, CRLF, BOM, unclosed
 * heredocs, quotes and brackets, YAML alias bombs, deep nesting, very long lines, 5 MB and
 * 100,000-line files) against every request the service answers (parse, doHover, doComplete,
 * explain, explainAt, validateSteps) at random and out-of-range positions, for every language id.
 *
 * Zero exceptions, and every answer within a bound of work: the characters each request hands to
 * the parsers (dockerfile-ast, yaml, the shell lexer) are counted and must stay within the limits
 * of work.ts, whatever the document (a 1 MB line, a 5 MB file). The only clock is a hang detector:
 * an answer that takes more than HANG_MS (tens of seconds, whatever the machine's load) fails;
 * timings belong in bench/. Deterministic: the PRNG seed is printed; FUZZ_SEED and FUZZ_ITERATIONS
 * override it and the number of mutated documents, and FUZZ_DUMP=dir writes the documents that
 * failed there.
 *
 * Two more tests check the server's shortcuts against the plain way: the lazy parsing of large
 * documents (windows, skeleton + entry) must answer like a parse of the whole document, and a
 * document that applies a burst of typing in one go must read like one updated edit by edit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService, type Parsed } from '../../server/out/service/languageService';
import { parseCompose } from '../../server/out/service/compose/composeParse';
import { ComposeIndex } from '../../server/out/service/compose/composeIndex';
import { DockerfileModel } from '../../server/out/service/dockerfile/dockerfileModel';
import {
  composeOutline,
  composeOutlineAfterEdit,
} from '../../server/out/service/compose/composeWindow';
import {
  dockerfileOutline,
  dockerfileOutlineAfterEdit,
} from '../../server/out/service/dockerfile/dockerfileWindow';
import { BufferedDocument, bufferedDocuments } from '../../server/out/bufferedDocument';
import { parserWork, resetParserWork } from '../../server/out/service/work';
import { Rng } from './rng';
import type { DocsIndexData } from '../../server/out/service/types';

const ROOT = join(__dirname, '..', '..');
const SEED = Number.parseInt(process.env.FUZZ_SEED ?? '20251127', 10) >>> 0;
const ITERATIONS = Math.max(1, Number.parseInt(process.env.FUZZ_ITERATIONS ?? '250', 10) || 250);
/** Only a hang fails on time: no answer may take this long even on a machine busy with other work. */
const HANG_MS = 30_000;
/**
 * The most characters one request may hand to each parser (literal copies of the limits in
 * server/src/service/work.ts, so that a change there is a change here too):
 * - dockerfile-ast: a window of one instruction (16 KiB at most) with 64 KiB of context (its
 *   stage's FROM, ARG and ENV …) and the directives; or a whole document of at most 64 KiB;
 * - yaml: a whole document or a skeleton of at most 64 KiB with one entry of at most 16 KiB, or a
 *   slice of 16 KiB;
 * - the shell lexer: one command line of at most 16 KiB (`explain` of a given text: 64 KiB).
 * A request may call a parser more than once (a skeleton, then the entry; a window, then the
 * stages): the total stays within twice the bound.
 */
const REQUEST_BOUND = { dockerfile: 96 * 1024, yaml: 80 * 1024, shell: 16 * 1024 };
/**
 * A diagnostics step reads 16 lines of instructions (16 KiB each at most), or one skeleton or
 * chunk, or docker command lines of 16 KiB in all (one line of 16 KiB at most).
 */
const STEP_BOUND = { dockerfile: 17 * 16 * 1024, yaml: 80 * 1024, shell: 16 * 1024 };
/** Diagnostics steps run per document over 1 MB: each step is alike after the first hundreds. */
const MAX_STEPS_HUGE = 400;

console.log(`fuzz: seed ${SEED} (FUZZ_SEED=${SEED}), ${ITERATIONS} iterations (FUZZ_ITERATIONS)`);

const notes = JSON.parse(
  readFileSync(join(ROOT, 'dist', 'docs-index.json'), 'utf8'),
) as DocsIndexData;
const service = new LanguageService({ notes: [notes] });

/* ------------------------------------------------------------------ inputs */

const DOCKERFILE = `# syntax=docker/dockerfile:1.7
# escape=\\
ARG BASE=node:20-bookworm-slim
FROM --platform=$BUILDPLATFORM \${BASE} AS build
ARG NODE_ENV=production
ENV APP_HOME=/srv/app \\
    PATH=/srv/app/node_modules/.bin:$PATH
WORKDIR $APP_HOME
RUN --mount=type=cache,target=/root/.npm,sharing=locked \\
    # a comment inside a continuation
    npm ci --omit=dev && \\
    docker run --rm -p 8080:80 -e A=b alpine:3.20 true
RUN <<EOF
set -eux
apt-get update && apt-get install -y curl
EOF
COPY --chown=node:node --chmod=644 <<-"CONF" /etc/app.conf
	key=value
	CONF
COPY --from=build --link /srv/app /app
ADD --checksum=sha256:00 https://example.invalid/x.tgz /tmp/
HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost/ || exit 1
ONBUILD RUN echo hi
ONBUILD COPY --from=build /a /b
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
EXPOSE 8080/tcp
USER node
ENTRYPOINT ["node", "server.js"]
CMD ["--port", "8080"]
FROM gcr.io/distroless/nodejs20 AS runtime
COPY --from=build /srv/app /app
`;

const COMPOSE = `name: fuzz
x-common: &common
  restart: unless-stopped
  logging:
    driver: json-file
services:
  web:
    <<: *common
    image: nginx:1.27
    ports:
      - "8080:80"
      - target: 443
        published: 8443
        protocol: tcp
    environment:
      LOG_LEVEL: info
      EMPTY:
    depends_on:
      db:
        condition: service_healthy
    networks: [front, back]
    volumes:
      - data:/var/lib/data:ro
      - type: bind
        source: ./conf
        target: /etc/conf
    command: >
      sh -c 'echo "hello: world" && sleep 1'
    healthcheck:
      test: ["CMD-SHELL", "curl -f http://localhost || exit 1"]
      interval: 30s
  db:
    image: postgres:16
    deploy:
      resources:
        limits: { cpus: "0.5", memory: 512M }
    secrets: [db_pass]
networks:
  front:
  back:
    driver: bridge
volumes:
  data: {}
secrets:
  db_pass:
    file: ./db_pass.txt
`;

const SHELL = `#!/usr/bin/env bash
set -euo pipefail
TAG="\${TAG:-latest}"
docker build --pull -t "registry.example.com/app:\${TAG}" -f Dockerfile \\
  --build-arg VERSION="$VERSION" .
docker run -d --rm --name app -p 8080:80 -e MODE=prod -v "$PWD/data":/data nginx:alpine
if ! docker exec -it app sh -c 'test -f /ready'; then echo "not ready" >&2; fi
docker compose -f compose.yaml up -d --build && docker ps -a --filter status=exited | tail -n 5
out=$(docker inspect --format '{{json .State}}' app) ; echo "$out"
kubectl get pods -n default -o wide
cat <<EOF | docker login --username me --password-stdin
secret
EOF
`;

const MAKEFILE = `IMAGE ?= app
.PHONY: build run
build:
\tdocker build -t $(IMAGE) .
run: build
\t@docker run --rm -p 8080:80 $(IMAGE) \\
\t  --flag value
\t-docker rm -f app$$(date +%s)
`;

const MARKDOWN = `# Title

Some text with \`docker run\` inline.

\`\`\`bash
$ docker run --rm -it -p 8080:80 nginx
docker compose up -d
\`\`\`

~~~console
# docker ps -a
~~~

\`\`\`sh
docker build -t x .
`;

interface Kind {
  name: string;
  base: string;
  /** Language ids and URIs this text is tried with. */
  ids: { languageId: string; uri: string }[];
}

const KINDS: Kind[] = [
  {
    name: 'dockerfile',
    base: DOCKERFILE,
    ids: [{ languageId: 'dockerfile', uri: 'file:///w/Dockerfile' }],
  },
  {
    name: 'compose',
    base: COMPOSE,
    ids: [
      { languageId: 'dockercompose', uri: 'file:///w/compose.yaml' },
      { languageId: 'yaml', uri: 'file:///w/docker-compose.yml' },
    ],
  },
  { name: 'shell', base: SHELL, ids: [{ languageId: 'shellscript', uri: 'file:///w/deploy.sh' }] },
  {
    name: 'makefile',
    base: MAKEFILE,
    ids: [{ languageId: 'makefile', uri: 'file:///w/Makefile' }],
  },
  {
    name: 'markdown',
    base: MARKDOWN,
    ids: [{ languageId: 'markdown', uri: 'file:///w/README.md' }],
  },
];
const ALL_IDS = KINDS.flatMap((k) => k.ids);

const SNIPPETS = [
  'FROM ',
  'RUN ',
  'COPY --from=',
  'ADD --chmod=',
  '--mount=type=',
  'cache,target=/x,',
  'ONBUILD ',
  'HEALTHCHECK CMD ',
  ' AS ',
  '$',
  '${',
  '${A:-b}',
  '$(',
  '`',
  '<<EOF',
  '<<-EOF\n',
  '<<"X"',
  '\nEOF\n',
  '\\\n',
  '\\',
  '\\ \n',
  '# escape=`\n',
  '# syntax=x\n',
  '#',
  '\n#',
  '\n\n',
  'services:\n',
  '  web:\n',
  '    image: ',
  '    ports:\n      - ',
  'restart: ',
  'depends_on:\n',
  '      - ',
  '<<: *common\n',
  '&anchor ',
  '*anchor',
  '*',
  '&',
  '!!binary ',
  '!reset ',
  '!override ',
  '? ',
  ': ',
  '- ',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '|\n',
  '>-\n',
  '{',
  '}',
  '[',
  ']',
  ',',
  '"',
  "'",
  '"unterminated',
  "'also",
  '{{json .}}',
  'docker ',
  'docker run -',
  '--publish=',
  '-p ',
  '-it ',
  '--',
  ' | ',
  ' && ',
  ' ; ',
  '&',
  '(',
  ')',
  'sudo ',
  'env A=1 ',
  'kubectl ',
  'docker-compose ',
  '```bash\n',
  '```\n',
  '~~~\n',
  '\t',
  '\t\t',
  '\r',
  '\r\n',
  '\uFEFF',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u00e9',
  '\u200b',
  '\u202e',
  '\uD800',
  '\uDC00',
  '😀',
  '𝔘𝔫𝔦',
  'ﷺ',
  '\u0301',
  ' '.repeat(40),
  'x'.repeat(300),
];

function randomJunk(r: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(r.chance(0.7) ? r.int(128) : r.int(0x10000));
  return s;
}

/** One random change to a text. */
function mutate(r: Rng, text: string): string {
  const at = r.int(text.length + 1);
  switch (r.int(12)) {
    case 0:
    case 1:
    case 2:
      return text.slice(0, at) + r.pick(SNIPPETS) + text.slice(at);
    case 3: {
      const len = r.int(40);
      return text.slice(0, at) + text.slice(at + len);
    }
    case 4:
      return text.slice(0, at) + randomJunk(r, 1 + r.int(20)) + text.slice(at);
    case 5: {
      // duplicate a slice somewhere else
      const len = r.int(200);
      const to = r.int(text.length + 1);
      return text.slice(0, to) + text.slice(at, at + len) + text.slice(to);
    }
    case 6:
      return text.replace(/\r?\n/g, '\r\n');
    case 7:
      return '\uFEFF' + text;
    case 8:
      return text.slice(0, at); // truncate: unclosed heredocs, quotes, brackets
    case 9: {
      // swap two lines
      const lines = text.split('\n');
      const a = r.int(lines.length);
      const b = r.int(lines.length);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 10:
      return text.replace(/^ +/gm, (m) => (r.chance(0.2) ? m.replace(/ {2}/, '\t') : m)); // tabs in indentation
    default:
      return text.slice(0, at) + r.pick(SNIPPETS).repeat(1 + r.int(50)) + text.slice(at);
  }
}

/* ------------------------------------------------------------------ running requests */

interface Problem {
  what: string;
  detail: string;
}

class Runner {
  readonly problems: Problem[] = [];
  readonly slow: Problem[] = [];
  readonly overworked: Problem[] = [];
  calls = 0;
  /** The most characters a single call handed to each parser (reported, for the record). */
  readonly largest = { dockerfile: 0, yaml: 0, shell: 0 };

  /**
   * Run one call; `bound` is the most characters it may hand to each parser (one call, and twice
   * that in all); null for calls that are not bounded (the comparisons with a whole parse).
   */
  run<T>(
    what: string,
    fn: () => T,
    bound: Record<'dockerfile' | 'yaml' | 'shell', number> | null = null,
  ): T | undefined {
    this.calls++;
    resetParserWork();
    const t = performance.now();
    try {
      return fn();
    } catch (e) {
      this.problems.push({ what, detail: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      return undefined;
    } finally {
      const ms = performance.now() - t;
      if (ms > HANG_MS) this.slow.push({ what, detail: `${ms.toFixed(0)} ms` });
      const work = parserWork();
      for (const p of ['dockerfile', 'yaml', 'shell'] as const) {
        this.largest[p] = Math.max(this.largest[p], work[p].largest);
        if (bound && (work[p].largest > bound[p] || work[p].chars > 2 * bound[p]))
          this.overworked.push({
            what,
            detail: `${p}: ${work[p].calls} call(s), ${work[p].chars} characters, ${work[p].largest} in one (bound ${bound[p]})`,
          });
      }
    }
  }

  /** Every request the service answers, at random and out-of-range positions. */
  exercise(
    r: Rng,
    label: string,
    text: string,
    languageId: string,
    uri: string,
    positions = 12,
  ): void {
    const failures = (): number => this.problems.length + this.slow.length + this.overworked.length;
    const before = failures();
    try {
      this.exerciseOnce(r, label, text, languageId, uri, positions);
    } finally {
      // FUZZ_DUMP=dir keeps the documents that failed, to reproduce them
      if (process.env.FUZZ_DUMP && failures() > before) {
        mkdirSync(process.env.FUZZ_DUMP, { recursive: true });
        writeFileSync(
          join(process.env.FUZZ_DUMP, `${label.replace(/[^\w.-]+/g, '_')}.${languageId}.txt`),
          text,
        );
      }
    }
  }

  private exerciseOnce(
    r: Rng,
    label: string,
    text: string,
    languageId: string,
    uri: string,
    positions: number,
  ): void {
    const doc = TextDocument.create(uri, languageId, 1, text);
    const parsed = this.run(`${label} parse`, () => service.parse(doc), REQUEST_BOUND);
    if (!parsed) return;
    const spots: { line: number; character: number }[] = [];
    for (let i = 0; i < positions; i++) spots.push(doc.positionAt(r.int(text.length + 1)));
    spots.push(
      { line: 0, character: 0 },
      { line: doc.lineCount - 1, character: 1e6 },
      { line: doc.lineCount + 5, character: 0 },
      { line: -1, character: 3 },
      { line: 2, character: -7 },
      { line: Number.NaN, character: 0 },
      { line: 1.5, character: 2.5 },
      { line: Number.MAX_SAFE_INTEGER, character: Number.MAX_SAFE_INTEGER },
    );
    for (const p of spots) {
      const where = `${label} ${languageId} ${JSON.stringify(p)}`;
      const h = this.run(`hover ${where}`, () => service.doHover(doc, p, parsed), REQUEST_BOUND);
      if (h) this.checkHover(where, h.contents);
      this.run(`completion ${where}`, () => service.doComplete(doc, p, parsed), REQUEST_BOUND);
      this.run(`explainAt ${where}`, () => service.explainAt(doc, p, parsed), REQUEST_BOUND);
    }
    const from = r.int(text.length + 1);
    this.run(
      `explain ${label}`,
      () => service.explain(text.slice(from, from + r.int(300))),
      REQUEST_BOUND,
    );
    // diagnostics run in steps between requests: each step is bounded, not the whole run (over
    // 1 MB, the first MAX_STEPS_HUGE steps: a run is linear in the document and its steps alike)
    const steps = this.run(`validate ${label} ${languageId}`, () =>
      service.validateSteps(doc, parsed),
    );
    if (steps) {
      const max = text.length > 1024 * 1024 ? MAX_STEPS_HUGE : 1_000_000;
      for (let i = 0; i < max; i++) {
        const step = this.run(
          `validate step ${i} ${label} ${languageId}`,
          () => steps.next(),
          STEP_BOUND,
        );
        if (!step || step.done) break;
      }
    }
  }

  private checkHover(where: string, contents: unknown): void {
    const value =
      typeof contents === 'object' && contents && 'value' in contents
        ? String(contents.value)
        : String(contents);
    if (/\]\(\s*command:/i.test(value))
      this.problems.push({ what: `hover ${where}`, detail: 'command: link in hover' });
  }
}

function report(runner: Runner): void {
  const show = (list: Problem[]): string =>
    list
      .slice(0, 5)
      .map((p) => `${p.what}\n    ${p.detail.split('\n').slice(0, 6).join('\n    ')}`)
      .join('\n');
  assert.equal(
    runner.problems.length,
    0,
    `seed ${SEED}: ${runner.problems.length} exception(s):\n${show(runner.problems)}`,
  );
  assert.equal(
    runner.overworked.length,
    0,
    `seed ${SEED}: ${runner.overworked.length} call(s) handed a parser more than the limits allow:\n${show(runner.overworked)}`,
  );
  assert.equal(
    runner.slow.length,
    0,
    `seed ${SEED}: ${runner.slow.length} answer(s) slower than ${HANG_MS} ms (a hang):\n${show(runner.slow)}`,
  );
}

/* ------------------------------------------------------------------ tests */

test(`mutated documents, every request, every language id (seed ${SEED})`, () => {
  const r = new Rng(SEED);
  const runner = new Runner();
  for (let i = 0; i < ITERATIONS; i++) {
    const kind = KINDS[i % KINDS.length];
    let text = kind.base;
    const rounds = 1 + r.int(8);
    for (let k = 0; k < rounds; k++) text = mutate(r, text);
    const own = r.pick(kind.ids);
    runner.exercise(r, `#${i} ${kind.name}`, text, own.languageId, own.uri);
    // the same text under a language id it was not written for
    const other = r.pick(ALL_IDS);
    runner.exercise(
      r,
      `#${i} ${kind.name} as ${other.languageId}`,
      text,
      other.languageId,
      other.uri,
      4,
    );
  }
  console.log(`fuzz: ${runner.calls} calls on ${ITERATIONS * 2} documents`);
  report(runner);
});

test('YAML alias bombs, deep nesting and odd YAML', () => {
  const r = new Rng(SEED ^ 0xa11a5);
  const runner = new Runner();
  const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 12; i++)
    bomb.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(',')}]`,
    );
  const texts = [
    bomb.join('\n') + '\nservices:\n  web:\n    image: *l\n    <<: *k\n',
    'services:\n  web:\n    environment: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n',
    'services:\n  web:\n    labels: ' + '{a: '.repeat(3000) + '1' + '}'.repeat(3000) + '\n',
    'services:\n' +
      Array.from({ length: 300 }, (_, d) => ' '.repeat(2 * (d + 1)) + `k${d}:`).join('\n') +
      '\n',
    'services:\n  web:\n    deploy:\n' +
      Array.from({ length: 400 }, (_, d) => ' '.repeat(6 + d) + '- ').join('\n') +
      'x\n',
    '%YAML 1.2\n---\nservices:\n  a:\n    image: x\n...\n---\nservices: !!map\n  b: !!str\n    image: y\n',
    '? [complex, key]\n: value\nservices:\n  ? web\n  : image: x\n',
    'services:\n  web:\n    image: "unterminated\n    ports: [80\n  db: {image: postgres\n',
    '\t\tservices:\n\tweb:\n  \timage: x\n',
    'services:\n  web:\n    build: !reset\n    ports: !override\n      - 80:80\n    command: !!binary |\n      R0lGODlhDAAMAIQAAP\n',
  ];
  for (const [i, t] of texts.entries()) {
    for (const id of KINDS[1].ids) runner.exercise(r, `yaml#${i}`, t, id.languageId, id.uri, 20);
  }
  report(runner);
});

test('very long lines, 100,000-line files and 5 MB files', () => {
  const r = new Rng(SEED ^ 0xb16);
  const runner = new Runner();
  const repeatTo = (unit: string, size: number): string =>
    unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const long = 'RUN echo ' + 'x'.repeat(1_000_000) + ' && docker run --rm -p 80:80 nginx\n';
  const cases: { label: string; text: string; ids: { languageId: string; uri: string }[] }[] = [
    { label: 'long line dockerfile', text: 'FROM alpine\n' + long, ids: KINDS[0].ids },
    {
      label: 'long line compose',
      text: 'services:\n  web:\n    image: ' + 'x'.repeat(1_000_000) + '\n    ports: ["80:80"]\n',
      ids: KINDS[1].ids,
    },
    {
      label: 'long line shell',
      text: 'docker run ' + '-e A=1 '.repeat(150_000) + 'nginx\n',
      ids: KINDS[2].ids,
    },
    {
      label: '100k-line dockerfile',
      text: Array.from({ length: 50_000 }, (_, i) =>
        i % 50 === 0 ? `FROM alpine AS s${i}\n# stage ${i}` : `RUN echo ${i} \\\n  && true`,
      ).join('\n'),
      ids: KINDS[0].ids,
    },
    {
      label: '100k-line compose',
      text:
        'services:\n' +
        Array.from(
          { length: 25_000 },
          (_, i) => `  s${i}:\n    image: x${i}\n    restart: always\n    ports: ["${i}:80"]`,
        ).join('\n') +
        '\n',
      ids: KINDS[1].ids,
    },
    {
      label: '100k-line shell',
      text: Array.from(
        { length: 100_000 },
        (_, i) => `docker run --rm -e N=${i} alpine echo ${i}`,
      ).join('\n'),
      ids: [...KINDS[2].ids, ...KINDS[3].ids, ...KINDS[4].ids],
    },
    { label: '5 MB dockerfile', text: repeatTo(DOCKERFILE, 5 * 1024 * 1024), ids: KINDS[0].ids },
    {
      label: '5 MB compose',
      text:
        'services:\n' +
        repeatTo(
          '  web:\n    image: nginx\n    ports:\n      - "80:80"\n    environment:\n      A: b\n',
          5 * 1024 * 1024,
        ),
      ids: KINDS[1].ids.slice(1),
    },
    {
      label: '5 MB mutated compose',
      text: repeatTo(COMPOSE.replace('name: fuzz\n', ''), 5 * 1024 * 1024),
      ids: KINDS[1].ids.slice(0, 1),
    },
    { label: '5 MB shell', text: repeatTo(SHELL, 5 * 1024 * 1024), ids: KINDS[2].ids },
    {
      label: '5 MB markdown',
      text: repeatTo(MARKDOWN + '\n```\n', 5 * 1024 * 1024),
      ids: KINDS[4].ids,
    },
    { label: '5 MB junk', text: randomJunk(r, 5 * 1024 * 1024), ids: ALL_IDS },
  ];
  for (const c of cases) {
    for (const id of c.ids) {
      const t = performance.now();
      runner.exercise(r, c.label, c.text, id.languageId, id.uri, 6);
      if (process.env.FUZZ_VERBOSE)
        console.log(`${c.label} as ${id.languageId}: ${(performance.now() - t).toFixed(0)} ms`);
    }
  }
  report(runner);
});

/* ------------------------------------------------------------------ lazy parsing = whole parsing */

/** A Parsed that always answers from the parse of the whole document. */
function wholeParse(doc: TextDocument): Parsed {
  const text = doc.getText();
  if (doc.languageId === 'dockerfile') {
    const ast = DockerfileParser.parse(text);
    return {
      kind: 'dockerfile',
      ast,
      at: () => ast,
      stages: () => ast,
      parts: () => [{ ast, owns: () => true }],
      model: () => new DockerfileModel(text),
    };
  }
  const compose = parseCompose(text);
  return {
    kind: 'compose',
    compose,
    at: () => compose,
    parts: () => [{ parsed: compose, owns: () => true }],
    index: () => new ComposeIndex(text, undefined, () => parseCompose(text).docs),
  };
}

function bigDockerfile(r: Rng): string {
  const out: string[] = ['# syntax=docker/dockerfile:1', 'ARG GLOBAL=1'];
  for (let s = 0; out.length < 2600; s++) {
    out.push(
      `FROM alpine:3.${s % 20} AS stage${s}`,
      `ARG V${s}=${s}`,
      `ENV P${s}=/p${s} \\`,
      `    Q=$P${s}`,
    );
    const n = 3 + r.int(12);
    for (let k = 0; k < n; k++) {
      switch (r.int(9)) {
        case 0:
          out.push('RUN <<EOF', `echo ${k}`, 'FROM not-an-instruction', 'EOF');
          break;
        case 1:
          out.push(
            'RUN set -e; \\',
            '    # comment in a continuation',
            '',
            `    echo $V${s} \\`,
            '    && docker run --rm -p 80:80 nginx',
          );
          break;
        case 2:
          out.push(`COPY --from=stage${r.int(s + 1)} --chown=1:1 /a /b`);
          break;
        case 3:
          out.push('COPY <<-"X" /etc/x', '\tline', '\tX');
          break;
        case 4:
          out.push(`ONBUILD COPY --from=stage${s} /x /y`);
          break;
        case 5:
          out.push('# a comment', '');
          break;
        case 6:
          out.push(`RUN --mount=type=cache,target=/c,sharing=locked --network=none echo \${P${s}}`);
          break;
        case 7:
          out.push(`HEALTHCHECK --interval=5s \\`, '  CMD true');
          break;
        default:
          out.push(`WORKDIR /w${k}`, `LABEL a=${k}`, 'RUN apt-get install -y \\   ', '  curl');
      }
    }
  }
  return out.join('\n') + '\n';
}

function bigCompose(r: Rng): string {
  const out: string[] = ['name: big', 'x-base: &base', '  restart: always', 'services:'];
  for (let i = 0; out.length < 2800; i++) {
    out.push(`  svc-${i}:`);
    if (r.chance(0.3)) out.push('    <<: *base');
    out.push(`    image: img${i}`);
    switch (r.int(6)) {
      case 0:
        out.push('    command: >', '      sh -c "echo: hi"', '', '      more');
        break;
      case 1:
        out.push(
          `    depends_on: [svc-${Math.max(0, i - 1)}]`,
          '    networks:',
          `      - net${i % 5}`,
        );
        break;
      case 2:
        out.push('    # a comment', '    environment:', '      A: "1"', '      B:');
        break;
      case 3:
        out.push(`    ports: ["${i}:80"]`, '    deploy: { resources: { limits: { cpus: "1" } } }');
        break;
      case 4:
        out.push(
          '    healthcheck:',
          '      test: ["CMD", "true"]',
          '      interval: 10s',
          `    restart: ${r.pick(['always', 'no', 'on-failure', 'bogus'])}`,
        );
        break;
      default:
        out.push(
          '    volumes:',
          `      - data${i % 3}:/d`,
          '      - type: bind',
          '        source: .',
          '        target: /src',
          '    unknown_key: 1',
        );
    }
    if (r.chance(0.05)) out.push(`  svc-inline-${i}: {image: x}`);
  }
  out.push(
    'networks:',
    ...Array.from({ length: 5 }, (_, i) => `  net${i}:`),
    'volumes:',
    '  data0:',
    '  data1: {}',
    '  data2:',
    '    driver: local',
    'bogus_top: 1',
  );
  return out.join('\n') + '\n';
}

test('large documents: answers from windows equal answers from the whole parse', () => {
  const r = new Rng(SEED ^ 0x1a2e);
  const runner = new Runner();
  let compared = 0;
  const differences: string[] = [];
  const variants = (t: string): string[] => [t, t.replace(/\n/g, '\r\n'), '\uFEFF' + t];
  const docs: { languageId: string; uri: string; text: string }[] = [
    ...variants(bigDockerfile(r)).map((text) => ({
      languageId: 'dockerfile',
      uri: 'file:///w/Dockerfile',
      text,
    })),
    ...variants(bigCompose(r)).map((text) => ({
      languageId: 'dockercompose',
      uri: 'file:///w/compose.yaml',
      text,
    })),
  ];
  for (const d of docs) {
    const doc = TextDocument.create(d.uri, d.languageId, 1, d.text);
    const lazy = service.parse(doc);
    const whole = wholeParse(doc);
    for (let i = 0; i < 400; i++) {
      const pos = doc.positionAt(r.int(d.text.length + 1));
      const a = runner.run('lazy', () =>
        JSON.stringify([service.doHover(doc, pos, lazy), service.doComplete(doc, pos, lazy)]),
      );
      const b = runner.run('whole', () =>
        JSON.stringify([service.doHover(doc, pos, whole), service.doComplete(doc, pos, whole)]),
      );
      compared++;
      if (a !== b && differences.length < 5)
        differences.push(
          `${d.languageId} ${JSON.stringify(pos)} ${JSON.stringify(doc.getText({ start: { line: pos.line, character: 0 }, end: { line: pos.line + 1, character: 0 } }))}\n  lazy:  ${a?.slice(0, 300)}\n  whole: ${b?.slice(0, 300)}`,
        );
    }
    const va = runner.run('lazy validate', () => JSON.stringify(service.doValidate(doc, lazy)));
    const vb = runner.run('whole validate', () => JSON.stringify(service.doValidate(doc, whole)));
    if (va !== vb && differences.length < 5)
      differences.push(
        `${d.languageId} diagnostics differ:\n  lazy:  ${va?.slice(0, 400)}\n  whole: ${vb?.slice(0, 400)}`,
      );
  }
  report(runner);
  assert.deepEqual(
    differences,
    [],
    `seed ${SEED}: ${differences.length} difference(s) in ${compared} comparisons`,
  );
});

/* ------------------------------------------------------------------ parse of the next version = fresh parse */

/**
 * `text` (the text of `doc`) after a random edit: one of `inserts` (now and then junk) typed at a
 * random place of a random line, or at the very end with the chance `atEnd`, sometimes with up to
 * 200 characters after it deleted.
 */
function randomEdit(r: Rng, doc: TextDocument, text: string, inserts: string[], atEnd = 0): string {
  const lines = text.split('\n');
  const line = r.int(lines.length);
  const at =
    atEnd > 0 && r.chance(atEnd)
      ? text.length
      : doc.offsetAt({ line, character: r.int(lines[line].length + 1) });
  const insert = r.chance(0.15) ? randomJunk(r, 1 + r.int(6)) : r.pick(inserts);
  const del = r.chance(0.2) ? r.int(200) : 0;
  return text.slice(0, at) + insert + text.slice(at + del);
}

/**
 * Hover and completion at each offset from `next` (a parse that took over an earlier version's
 * work) and from `fresh`: what differs goes to `differences`. Returns how many of the first
 * `counted` requests on `next` handed `parser` nothing (answered from what was taken over).
 */
function compareWithFresh(
  doc: TextDocument,
  next: Parsed,
  fresh: Parsed,
  offsets: readonly number[],
  round: number,
  differences: string[],
  parser: 'yaml' | 'dockerfile',
  counted: number,
): number {
  let unparsed = 0;
  for (const [k, offset] of offsets.entries()) {
    const pos = doc.positionAt(offset);
    resetParserWork();
    const hover = service.doHover(doc, pos, next);
    if (k < counted && parserWork()[parser].calls === 0) unparsed++;
    const a = JSON.stringify([hover, service.doComplete(doc, pos, next)]);
    const b = JSON.stringify([
      service.doHover(doc, pos, fresh),
      service.doComplete(doc, pos, fresh),
    ]);
    if (a !== b && differences.length < 5)
      differences.push(
        `round ${round} ${JSON.stringify(pos)}\n  next:  ${a.slice(0, 300)}\n  fresh: ${b.slice(0, 300)}`,
      );
  }
  return unparsed;
}

test("large compose files: a parse that takes over the previous version's skeleton answers like a fresh parse", () => {
  const r = new Rng(SEED ^ 0x5ce1);
  let compared = 0;
  let versions = 0;
  const differences: string[] = [];
  const base = bigCompose(r);
  let text = base;
  let doc = TextDocument.create('file:///w/compose.yaml', 'dockercompose', 1, text);
  let previous = service.parse(doc);
  let asked: number[] = [];
  let reused = 0;
  for (let round = 0; round < 60; round++) {
    // a text that cannot be cut in windows any more (junk may have broken it for good) is
    // replaced by the original, now and then anyway
    if (!composeOutline(text) || r.chance(0.05)) text = base;
    // answer something, so that the version has built its skeleton (not always: then the skeleton
    // of an older version is carried along)
    if (r.chance(0.7)) service.doHover(doc, doc.positionAt(r.int(text.length)), previous);
    // edit: typing inside an entry (the skeleton stays), sometimes on a key line, a new entry,
    // a deletion across lines, or a whole new top-level key (the skeleton changes)
    text = randomEdit(r, doc, text, [
      'x',
      ' ',
      '\n      ',
      '"',
      '- ',
      ':',
      '\n  svc-new:\n    image: y\n',
      '#',
      '\nzz_top: 1\n',
      '',
      '\t',
      '\r',
      '\r\n',
      'é😀',
      '{',
      '&a ',
      '*a',
      '\n---\n',
    ]);
    doc = TextDocument.create(doc.uri, doc.languageId, doc.version + 1, text);
    versions++;
    const next = service.parse(doc, previous);
    const fresh = service.parse(doc);
    // half of the positions are offsets asked about in the round before: entries parsed for
    // them are taken over from version to version (and moved when the edit was above them)
    const offsets = [...asked.map((o) => Math.min(o, text.length))];
    while (offsets.length < 12) offsets.push(r.int(text.length + 1));
    asked = offsets.slice(6);
    reused += compareWithFresh(doc, next, fresh, offsets, round, differences, 'yaml', 6);
    compared += offsets.length;
    // diagnostics check the whole document (linear in it): every fifth version is compared
    if (round % 5 === 4) {
      const va = JSON.stringify(service.doValidate(doc, next));
      const vb = JSON.stringify(service.doValidate(doc, fresh));
      if (va !== vb && differences.length < 5)
        differences.push(
          `round ${round} diagnostics differ:\n  next:  ${va.slice(0, 400)}\n  fresh: ${vb.slice(0, 400)}`,
        );
    }
    previous = next;
  }
  assert.ok(compared >= 700 && versions === 60);
  // entries were taken over: without that, about 150 of these 360 requests need no parse
  assert.ok(reused > 200, `${reused} requests answered without parsing`);
  assert.deepEqual(
    differences,
    [],
    `seed ${SEED}: ${differences.length} difference(s) in ${compared} comparisons`,
  );
});

test("large Dockerfiles: a parse that takes over the previous version's windows answers like a fresh parse", () => {
  const r = new Rng(SEED ^ 0xd0c4);
  let compared = 0;
  let reused = 0;
  const differences: string[] = [];
  let text = bigDockerfile(r);
  let doc = TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, text);
  let previous = service.parse(doc);
  let asked: number[] = [];
  for (let round = 0; round < 60; round++) {
    // edit: typing in an instruction, a new line or instruction (the lines below move: their
    // windows change), junk, a deletion across lines, a new stage, or a line at the very end
    text = randomEdit(
      r,
      doc,
      text,
      ['x', ' ', '\n', '\nRUN echo hi\n', '$', '\\\n', '\nFROM alpine AS extra\n', '#', ''],
      0.2,
    );
    doc = TextDocument.create(doc.uri, doc.languageId, doc.version + 1, text);
    const next = service.parse(doc, previous);
    const fresh = service.parse(doc);
    // the first position is the last one of the round before (its window may be taken over)
    const offsets = [...asked.map((o) => Math.min(o, text.length))];
    while (offsets.length < 12) offsets.push(r.int(text.length + 1));
    asked = offsets.slice(11);
    reused += compareWithFresh(
      doc,
      next,
      fresh,
      offsets,
      round,
      differences,
      'dockerfile',
      round > 0 ? 1 : 0,
    );
    compared += offsets.length;
    previous = next;
  }
  assert.ok(compared >= 700, `${compared} comparisons`);
  // windows were taken over (an edit below a window leaves it as it was): 41 of the 59 with
  // this seed, none without the takeover
  assert.ok(reused > 20, `${reused} hovers answered from a window of an earlier version`);
  assert.deepEqual(
    differences,
    [],
    `seed ${SEED}: ${differences.length} difference(s) in ${compared} comparisons`,
  );
});

/**
 * 600 random edits of `base`: after each, the outline `after` makes from the previous one (when it
 * makes one) must equal a fresh outline. `restart`: start over from `base` (the text cannot be
 * outlined any more, or now and then). Returns how many outlines were made from the previous one.
 */
function outlineRounds<O>(
  r: Rng,
  base: string,
  o: {
    fresh: (text: string) => O | undefined;
    after: (prevText: string, prev: O, text: string) => O | undefined;
    inserts: readonly string[];
    /** How often the edit is made at the very end of the text. */
    atEnd: number;
    restart: (text: string, outline: O | undefined) => boolean;
  },
): number {
  let text = base;
  let outline: O | undefined = o.fresh(text);
  assert.ok(outline);
  let reused = 0;
  for (let round = 0; round < 600; round++) {
    const lines = text.split('\n');
    const line = r.int(lines.length);
    const at =
      lines.slice(0, line).join('\n').length + (line ? 1 : 0) + r.int(lines[line].length + 1);
    const insert = r.chance(0.1) ? randomJunk(r, 1 + r.int(6)) : r.pick(o.inserts);
    const del = r.chance(0.25) ? r.int(r.chance(0.5) ? 3 : 120) : 0;
    const where = r.chance(o.atEnd) ? text.length : at;
    const next = text.slice(0, where) + insert + text.slice(where + del);
    const fresh = o.fresh(next);
    const made: O | undefined = outline ? o.after(text, outline, next) : undefined;
    if (made) {
      reused++;
      assert.deepEqual(
        made,
        fresh,
        `round ${round}: edit at ${where} (${JSON.stringify(insert)}, deleting ${del})`,
      );
    }
    text = next;
    outline = fresh;
    if (o.restart(text, outline) || r.chance(0.02)) {
      text = base;
      outline = o.fresh(text);
    }
  }
  return reused;
}

test('large compose files: the outline made from the previous one after an edit equals a fresh outline', () => {
  const r = new Rng(SEED ^ 0x0a11);
  const reused = outlineRounds(r, bigCompose(r), {
    fresh: composeOutline,
    after: composeOutlineAfterEdit,
    inserts: [
      'x',
      ' ',
      '\n',
      '\n      k: v',
      '\n  svc-new:',
      '\t',
      '#',
      '- ',
      '\r',
      '"',
      '',
      '\n\n',
      'zz: 1\n',
    ],
    atEnd: 0,
    // a file that cannot be outlined any more (tab indentation, a lone CR…)
    restart: (_text, outline) => !outline,
  });
  // most edits are typing inside an entry: the outline is made from the previous one
  assert.ok(reused > 600 / 3, `${reused} of 600 outlines made from the previous one`);
});

test('large Dockerfiles: the outline made from the previous one after an edit equals a fresh outline', () => {
  const r = new Rng(SEED ^ 0x0d11);
  const reused = outlineRounds(r, bigDockerfile(r), {
    fresh: dockerfileOutline,
    after: dockerfileOutlineAfterEdit,
    // typing, new lines and instructions, continuations, heredocs opened and closed, comments,
    // CRs, a directive, a stage and its user
    inserts: [
      'x',
      ' ',
      '\n',
      '\nRUN echo hi',
      ' \\',
      '\\\n',
      '\nRUN <<EOF\necho x\n',
      '\nEOF\n',
      'EOF',
      '<<-EOT ',
      '#',
      '\r',
      '\r\n',
      '',
      '\n\n',
      '# escape=`\n',
      '\nFROM alpine AS z\n',
      '\nCOPY --from=z /a /b\n',
    ],
    atEnd: 0.1,
    // a lone CR: the whole text is scanned while there is one
    restart: (text) => /\r(?!\n)/.test(text),
  });
  // only edits above the first instruction and texts with a lone CR are scanned whole
  assert.ok(reused > 600 * 0.8, `${reused} of 600 outlines made from the previous one`);
});

test('documents that apply typing in one go read exactly like documents updated edit by edit', () => {
  const r = new Rng(SEED ^ 0xed17);
  let reads = 0;
  for (let round = 0; round < 60; round++) {
    const base = r.pick([SHELL, COMPOSE, DOCKERFILE.replace(/\n/g, '\r\n'), 'a\rb\rc', '', 'x']);
    const buffered = new BufferedDocument('file:///w/x', 'shellscript', 1, base);
    let plain = TextDocument.create('file:///w/x', 'shellscript', 1, base);
    let version = 1;
    let cursor = plain.positionAt(r.int(base.length + 1));
    for (let step = 0; step < 150; step++) {
      version++;
      let change:
        | {
            range: {
              start: { line: number; character: number };
              end: { line: number; character: number };
            };
            text: string;
          }
        | { text: string };
      const kind = r.int(20);
      if (kind < 14) {
        // typing at the cursor (the common case), sometimes a newline or a CR
        const text = r.pick(['a', 'b', ' ', '\n', '-', '\t', 'é', '😀', '\r\n', '\r', 'xy']);
        change = { range: { start: cursor, end: cursor }, text };
      } else if (kind < 17) {
        const a = plain.positionAt(r.int(plain.getText().length + 1));
        const b = plain.positionAt(plain.offsetAt(a) + r.int(5));
        change = { range: { start: a, end: b }, text: r.pick(['', 'z', '\n']) };
      } else if (kind < 18) {
        change = {
          range: {
            start: { line: r.int(5), character: r.int(500) },
            end: { line: r.int(9), character: r.int(500) },
          },
          text: 'q',
        };
      } else if (kind < 19) {
        cursor = { line: r.int(plain.lineCount + 2), character: r.int(80) };
        change = { range: { start: cursor, end: cursor }, text: 'k' };
      } else {
        change = { text: r.pick(['full\nreplace', base]) };
      }
      plain = TextDocument.update(plain, [change], version);
      bufferedDocuments.update(buffered, [change], version);
      if ('range' in change)
        cursor = plain.positionAt(plain.offsetAt(change.range.start) + change.text.length);
      if (r.chance(0.1) || step === 149) {
        reads++;
        assert.equal(buffered.version, version);
        assert.equal(buffered.getText(), plain.getText(), `round ${round} step ${step}`);
        assert.equal(buffered.lineCount, plain.lineCount);
        const p = plain.positionAt(r.int(plain.getText().length + 1));
        assert.equal(buffered.offsetAt(p), plain.offsetAt(p));
        assert.deepEqual(buffered.positionAt(plain.offsetAt(p)), p);
      }
    }
  }
  assert.ok(reads > 60);
});
