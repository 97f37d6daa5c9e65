#!/usr/bin/env node
// Deterministic bench inputs: realistic small files and generated large ones (a 5,000-line
// Dockerfile, a ~10,000-line compose file with ~500 services, a 5,000-line shell script).
// Every input comes with the positions the bench asks about:
//   hovers       ~200 positions on keywords, keys, flags and values (spread over the whole file)
//   completions  ~100 positions inside keywords/keys/flags or right after `key: `, `--flag=`
//   fresh        a line to insert (didChange) and where to ask for completion on it
//   storm        200 one-character edits (typing a few lines) and where to hover afterwards
//   nav          (where a file kind has navigation) ~100 positions on names that refer to something
//                (stage names, variables; compose services, networks, volumes): definition,
//                references and rename are asked there
// Nothing here is random (the random completion positions come from a seeded generator): the same
// code gives the same bytes and positions on every machine.
//
//   node bench/gen.mjs [--out DIR]   writes the inputs to DIR (default: bench/results/inputs.tmp)

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Collects lines and the positions marked on them. */
class Builder {
  constructor() {
    this.lines = [];
    this.hovers = [];
    this.completions = [];
    this.nav = [];
  }
  get line() {
    return this.lines.length;
  }
  /**
   * Add a line. `hover` / `complete` are lists of substrings (or [substring, delta]) of the line:
   * a hover lands one character into the substring, a completion at the substring's end + delta.
   */
  add(text, { hover = [], complete = [], nav = [] } = {}) {
    const line = this.lines.length;
    for (const needle of nav) {
      const col = text.indexOf(needle);
      if (col < 0)
        throw new Error(`gen: nav target ${JSON.stringify(needle)} not in ${JSON.stringify(text)}`);
      this.nav.push({ line, character: col + 1 });
    }
    for (const h of hover) {
      const [needle, nth] = Array.isArray(h) ? h : [h, 0];
      const col = indexOfNth(text, needle, nth);
      if (col < 0)
        throw new Error(
          `gen: hover target ${JSON.stringify(needle)} not in ${JSON.stringify(text)}`,
        );
      this.hovers.push({ line, character: col + Math.min(1, needle.length - 1) });
    }
    for (const c of complete) {
      const [needle, delta] = Array.isArray(c) ? c : [c, 0];
      const col = text.indexOf(needle);
      if (col < 0)
        throw new Error(
          `gen: completion target ${JSON.stringify(needle)} not in ${JSON.stringify(text)}`,
        );
      this.completions.push({ line, character: col + needle.length + delta });
    }
    this.lines.push(text);
  }
  text() {
    return this.lines.join('\n') + '\n';
  }
}

function indexOfNth(text, needle, nth) {
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) return -1;
  }
  return at;
}

/** mulberry32: a small deterministic PRNG (the same positions on every run and machine). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` positions anywhere in a text (a random line, a random column up to its end), seeded. */
export function randomPositions(text, n, seed = 20251127) {
  const lines = text.split('\n');
  const next = prng(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    const line = Math.floor(next() * lines.length);
    out.push({ line, character: Math.floor(next() * (lines[line].length + 1)) });
  }
  return out;
}

/** `count` items spread evenly over the list (keeps order, deterministic). */
export function spread(list, count) {
  if (list.length <= count) return list.slice();
  const out = [];
  for (let i = 0; i < count; i++) out.push(list[Math.floor((i * list.length) / count)]);
  return out;
}

/**
 * The text typed by the storm: whole lines, then a comment line padding it to exactly `n`
 * characters (one didChange per character), ending with a newline.
 */
function stormText(lines, commentPrefix, n = 200) {
  let text = '';
  for (const l of lines) {
    if (text.length + l.length + 1 + commentPrefix.length + 2 > n) break;
    text += l + '\n';
  }
  const rest = n - text.length - commentPrefix.length - 1;
  text += commentPrefix + 'x'.repeat(Math.max(0, rest)) + '\n';
  if (text.length !== n) throw new Error(`gen: storm text is ${text.length} characters, not ${n}`);
  return text;
}

/* ------------------------------------------------------------------ Dockerfile */

function dockerfileStage(b, i) {
  const app = `app${i}`;
  b.add(`# ---- stage ${i}: ${app} ----`);
  b.add(`FROM --platform=$BUILDPLATFORM node:20-bookworm-slim AS build${i}`, {
    hover: ['FROM', '--platform', 'AS', `build${i}`],
    complete: [
      ['FR', 0],
      ['--plat', 0],
    ],
  });
  b.add(`ARG NODE_ENV=production`, { hover: ['ARG'] });
  b.add(`ARG APP_VERSION_${i}=1.${i}.0`, { hover: ['ARG'], nav: [`APP_VERSION_${i}`] });
  b.add(`ENV APP_HOME=/srv/${app} \\`, { hover: ['ENV'], complete: [['EN', 0]] });
  b.add(`    PATH=/srv/${app}/node_modules/.bin:$PATH \\`, { hover: ['$PATH'] });
  b.add(`    NODE_ENV=\${NODE_ENV}`, { hover: ['NODE_ENV}'] });
  b.add(`WORKDIR $APP_HOME`, {
    hover: ['WORKDIR', '$APP_HOME'],
    nav: ['APP_HOME'],
    complete: [
      ['WORK', 0],
      ['$APP', 0],
    ],
  });
  b.add(`LABEL org.opencontainers.image.title="${app}" \\`, { hover: ['LABEL'] });
  b.add(`      org.opencontainers.image.version="\${APP_VERSION_${i}}"`, {
    nav: [`APP_VERSION_${i}}`],
  });
  b.add(`RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\`, {
    hover: ['RUN', '--mount', 'cache', 'target', 'sharing'],
    complete: [
      ['RU', 0],
      ['--mou', 0],
      ['cache,', 0],
      ['sharing=', 0],
    ],
  });
  b.add(`    --mount=type=cache,target=/var/lib/apt,sharing=locked \\`, { hover: ['--mount'] });
  b.add(`    apt-get update && apt-get install -y --no-install-recommends \\`);
  b.add(`      ca-certificates curl git python3 make g++ \\`);
  b.add(`    && rm -rf /var/lib/apt/lists/*`);
  b.add(`COPY --chown=node:node package.json package-lock.json ./`, {
    hover: ['COPY', '--chown'],
    complete: [['--ch', 0]],
  });
  b.add(`RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev`, {
    hover: ['RUN', '--mount'],
  });
  b.add(`COPY --chown=node:node --chmod=644 . .`, { hover: ['--chmod'] });
  b.add(`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm run build`, {
    hover: ['secret', 'id'],
  });
  b.add(`RUN --network=none npm test`, { hover: ['--network'], complete: [['--network=', 0]] });
  b.add(`RUN docker buildx version && docker run --rm -p 8080:80 -e MODE=test alpine:3.20 true`, {
    hover: ['docker', 'run', '-p', '-e', '--rm'],
    complete: [['--r', 0]],
  });
  b.add(`EXPOSE 8080/tcp`, { hover: ['EXPOSE'], complete: [['EXP', 0]] });
  b.add(`HEALTHCHECK --interval=30s --timeout=3s --retries=3 \\`, {
    hover: ['HEALTHCHECK', '--interval', '--timeout', '--retries'],
    complete: [['--int', 0]],
  });
  b.add(`  CMD curl -fsS http://localhost:8080/health || exit 1`, { hover: ['CMD'] });
  b.add(`USER node`, { hover: ['USER'] });
  b.add(`STOPSIGNAL SIGTERM`, { hover: ['STOPSIGNAL'] });
  b.add(`VOLUME ["/srv/${app}/data"]`, { hover: ['VOLUME'] });
  b.add(`SHELL ["/bin/bash", "-o", "pipefail", "-c"]`, { hover: ['SHELL'] });
  b.add(`RUN set -eux; \\`);
  b.add(`    for f in /srv/${app}/bin/*; do chmod +x "$f"; done; \\`);
  b.add(`    echo "built ${app}" > /srv/${app}/BUILD_INFO`);
  b.add(``);
  b.add(`FROM gcr.io/distroless/nodejs20-debian12 AS runtime${i}`, {
    hover: ['FROM', 'AS'],
    nav: [`runtime${i}`],
  });
  b.add(`ARG APP_VERSION_${i}`);
  b.add(`COPY --from=build${i} --chown=1000:1000 /srv/${app}/dist /app`, {
    hover: ['COPY', '--from', `build${i} `],
    nav: [`build${i} `],
    complete: [['--from=', 0]],
  });
  b.add(`COPY --from=build${i} /srv/${app}/node_modules /app/node_modules`, { hover: ['--from'] });
  b.add(
    `ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.invalid/${app}.tgz /tmp/`,
    { hover: ['ADD', '--checksum'] },
  );
  b.add(`ENV NODE_ENV=production`, { hover: ['ENV'] });
  b.add(`WORKDIR /app`, { hover: ['WORKDIR'] });
  b.add(`ONBUILD RUN echo "extending ${app}"`, { hover: ['ONBUILD', 'RUN'] });
  b.add(`USER 1000:1000`, { hover: ['USER'] });
  b.add(`EXPOSE 8080`);
  b.add(`ENTRYPOINT ["/nodejs/bin/node", "/app/server.js"]`, {
    hover: ['ENTRYPOINT'],
    complete: [['ENTRY', 0]],
  });
  b.add(`CMD ["--port", "8080"]`, { hover: ['CMD'] });
  b.add(``);
}

function dockerfileHeader(b) {
  b.add(`# syntax=docker/dockerfile:1.7`, { hover: ['syntax'] });
  b.add(`# check=skip=JSONArgsRecommended`, { hover: ['check'] });
  b.add(`ARG BUILDPLATFORM`, { hover: ['ARG', 'BUILDPLATFORM'] });
  b.add(`ARG BASE_REGISTRY=docker.io`);
  b.add(``);
}

export function dockerfileLarge(lines = 5000) {
  const b = new Builder();
  dockerfileHeader(b);
  let i = 0;
  while (b.line < lines) dockerfileStage(b, i++);
  b.lines.length = lines;
  return finishDockerfile(b, lines);
}

export function dockerfileSmall() {
  const b = new Builder();
  dockerfileHeader(b);
  dockerfileStage(b, 0);
  return finishDockerfile(b, b.line);
}

function finishDockerfile(b, lines) {
  const inRange = (p) => p.line < lines;
  const mid = Math.floor(lines / 2);
  // insert before an instruction line near the middle (a FROM line: between two stages)
  let at = b.lines.findIndex((l, k) => k >= mid && l.startsWith('WORKDIR'));
  if (at < 0) at = b.lines.findIndex((l) => l.startsWith('WORKDIR'));
  const storm = stormText(
    [
      'RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates',
      'RUN --mount=type=cache,target=/root/.cache pip install -r requirements.txt',
      'ENV PYTHONDONTWRITEBYTECODE=1',
    ],
    '# ',
  );
  return {
    languageId: 'dockerfile',
    fileName: 'Dockerfile',
    text: b.text(),
    lines,
    hovers: spread(b.hovers.filter(inRange), 200),
    completions: spread(b.completions.filter(inRange), 100),
    nav: spread(b.nav.filter(inRange), 100),
    firstHover: b.hovers[Math.floor(b.hovers.filter(inRange).length / 2)],
    fresh: { line: at, insert: 'RUN --\n', complete: { line: at, character: 6 } },
    storm: { line: at, text: storm, hover: { line: at, character: 1 } },
  };
}

/* ------------------------------------------------------------------ compose */

const RESTARTS = ['unless-stopped', 'always', 'on-failure', 'no'];

function composeService(b, j, services, nets, vols) {
  const name = `svc-${j}`;
  b.add(`  ${name}:`, { hover: [name], nav: j % 4 === 0 ? [name] : [] });
  b.add(`    image: registry.example.com/team/${name}:1.${j % 10}.3`, {
    hover: ['image'],
    complete: [['    im', 0]],
  });
  b.add(`    container_name: ${name}`, { hover: ['container_name'] });
  b.add(`    restart: ${RESTARTS[j % RESTARTS.length]}`, {
    hover: ['restart', RESTARTS[j % RESTARTS.length]],
    complete: [
      ['restart: ', 0],
      ['    res', 0],
    ],
  });
  b.add(`    ports:`, { hover: ['ports'] });
  b.add(`      - "${8000 + j}:8080"`, { hover: [`${8000 + j}`] });
  b.add(`    environment:`, { hover: ['environment'] });
  b.add(`      LOG_LEVEL: info`, { hover: ['LOG_LEVEL'] });
  b.add(`      SERVICE_NAME: ${name}`);
  b.add(`    depends_on:`, { hover: ['depends_on'] });
  const dep = j > 0 ? `svc-${j - 1}` : `svc-${services - 1}`;
  b.add(`      ${dep}:`, { hover: [dep], nav: j % 4 === 1 ? [dep] : [] });
  b.add(`        condition: service_healthy`, {
    hover: ['condition', 'service_healthy'],
    complete: [
      ['condition: ', 0],
      ['        cond', 0],
    ],
  });
  b.add(`    networks:`, { hover: ['networks'] });
  b.add(`      - net-${j % nets}`, {
    hover: [`net-${j % nets}`],
    nav: j % 4 === 2 ? [`net-${j % nets}`] : [],
  });
  b.add(`    volumes:`, { hover: ['volumes'] });
  b.add(`      - data-${j % vols}:/var/lib/data`, { nav: j % 4 === 3 ? [`data-${j % vols}`] : [] });
  b.add(`    healthcheck:`, { hover: ['healthcheck'] });
  b.add(`      test: ["CMD", "curl", "-f", "http://localhost:8080/health"]`, { hover: ['test'] });
  b.add(`      interval: 30s`, { hover: ['interval'], complete: [['      inter', 0]] });
  b.add(`      retries: 3`, { hover: ['retries'] });
}

function composeFile(services, nets, vols) {
  const b = new Builder();
  b.add(`name: bench-app`, { hover: ['name'] });
  b.add(`services:`, { hover: ['services'] });
  for (let j = 0; j < services; j++) composeService(b, j, services, nets, vols);
  b.add(`networks:`, { hover: ['networks'] });
  for (let n = 0; n < nets; n++) {
    b.add(`  net-${n}:`, { hover: [`net-${n}`] });
    b.add(`    driver: bridge`, { hover: ['driver'], complete: [['driver: ', 0]] });
  }
  b.add(`volumes:`, { hover: ['volumes'] });
  for (let v = 0; v < vols; v++) {
    b.add(`  data-${v}:`);
    b.add(`    driver: local`, { hover: ['driver'] });
  }
  const mid = Math.floor(services / 2);
  const at = b.lines.indexOf(`  svc-${mid}:`) + 2; // after the image line of a service in the middle
  const storm = stormText(
    [
      '    hostname: storm-host',
      '    user: "1000:1000"',
      '    working_dir: /srv/app',
      '    stop_grace_period: 30s',
      '    read_only: true',
      '    init: true',
      '    stop_signal: SIGTERM',
      '    platform: linux/amd64',
      '    pull_policy: always',
    ],
    '    # ',
  );
  return {
    languageId: 'dockercompose',
    fileName: 'docker-compose.yml',
    text: b.text(),
    lines: b.line,
    hovers: spread(b.hovers, 200),
    completions: spread(b.completions, 100),
    nav: spread(b.nav, 100),
    firstHover: b.hovers[Math.floor(b.hovers.length / 2)],
    fresh: { line: at, insert: '    re\n', complete: { line: at, character: 6 } },
    storm: { line: at, text: storm, hover: { line: at, character: 5 } },
  };
}

export function composeLarge() {
  return composeFile(495, 20, 50);
}

export function composeSmall() {
  return composeFile(3, 2, 2);
}

/* ------------------------------------------------------------------ shell */

function shellBlock(b, k) {
  b.add(`# --- step ${k} ---`);
  b.add(`build_${k}() {`);
  b.add(
    `  docker build --pull -t "registry.example.com/app-${k}:\${TAG}" -f docker/Dockerfile.${k} \\`,
    {
      hover: ['docker', 'build', '--pull', '-t', '-f'],
      complete: [
        ['docker bu', 0],
        ['--pu', 0],
      ],
    },
  );
  b.add(`    --build-arg VERSION="\${VERSION}" --label org.example.step=${k} .`, {
    hover: ['--build-arg', '--label'],
  });
  b.add(`  docker push "registry.example.com/app-${k}:\${TAG}"`, { hover: ['push'] });
  b.add(`}`);
  b.add(`run_${k}() {`);
  b.add(`  docker run -d --rm --name app-${k} -p ${9000 + (k % 1000)}:8080 -e LOG_LEVEL=debug \\`, {
    hover: ['run', '-d', '--name', '-p', `${9000 + (k % 1000)}:8080`, '-e'],
    complete: [
      ['--na', 0],
      ['-d --r', 0],
    ],
  });
  b.add(`    -v "$PWD/data-${k}":/data --network bench-net --restart=no \\`, {
    hover: ['-v', '--network', '--restart'],
    complete: [['--restart=', 0]],
  });
  b.add(`    "registry.example.com/app-${k}:\${TAG}"`);
  b.add(`  docker logs -f --tail 100 app-${k} &`, { hover: ['logs', '--tail'] });
  b.add(`  if ! docker exec -it app-${k} sh -c 'test -f /ready'; then`, { hover: ['exec', '-it'] });
  b.add(`    echo "app-${k} not ready" >&2`);
  b.add(`  fi`);
  b.add(`  docker compose -f compose.${k}.yml up -d --build --remove-orphans`, {
    hover: ['compose', 'up', '--build', '--remove-orphans'],
    complete: [['--remove', 0]],
  });
  b.add(`  docker network inspect bench-net --format '{{json .Containers}}' | jq length`, {
    hover: ['network', 'inspect', '--format'],
  });
  b.add(`  docker image prune --all --force --filter "until=24h"`, {
    hover: ['prune', '--filter'],
  });
  b.add(`  kubectl get pods -n ns-${k} -o wide`, { hover: ['kubectl', 'get'] });
  b.add(`}`);
  b.add(`for i in $(seq 1 3); do echo "step ${k} round $i"; done`);
}

function shellFile(lines) {
  const b = new Builder();
  b.add(`#!/usr/bin/env bash`);
  b.add(`set -euo pipefail`);
  b.add(`TAG="\${TAG:-latest}"`);
  b.add(`VERSION="\${VERSION:-0.0.0}"`);
  b.add(``);
  let k = 0;
  while (b.line < lines) shellBlock(b, k++);
  if (lines < Infinity) b.lines.length = Math.min(b.lines.length, lines);
  const n = b.line;
  const inRange = (p) => p.line < n;
  const mid = Math.floor(n / 2);
  let at = b.lines.findIndex((l, i) => i >= mid && l.startsWith('run_'));
  if (at < 0) at = b.lines.findIndex((l) => l.startsWith('run_'));
  at += 1; // inside a function body
  const storm = stormText(
    [
      '  docker run --rm -it --name storm -p 8080:80 nginx:alpine',
      '  docker ps -a --filter status=exited',
      '  docker volume create --driver local storm-data',
    ],
    '  # ',
  );
  return {
    languageId: 'shellscript',
    fileName: 'deploy.sh',
    text: b.text(),
    lines: n,
    hovers: spread(b.hovers.filter(inRange), 200),
    completions: spread(b.completions.filter(inRange), 100),
    firstHover: b.hovers.filter(inRange)[Math.floor(b.hovers.filter(inRange).length / 2)],
    fresh: { line: at, insert: '  docker run --\n', complete: { line: at, character: 15 } },
    storm: { line: at, text: storm, hover: { line: at, character: 3 } },
  };
}

export function shellLarge(lines = 5000) {
  return shellFile(lines);
}

export function shellSmall() {
  return shellFile(45);
}

/**
 * Stress inputs (our server only, `--stress`): a Dockerfile with one 508,000-character RUN line and
 * a 5 MB compose file. What they measure is the bound on a request's work (work.ts), so their
 * hovers are on the line's start, inside it and past the part that is read.
 */
export function dockerfileLongLine() {
  const b = new Builder();
  b.add('FROM alpine:3.20', { hover: ['FROM', 'alpine'] });
  const head = 'RUN --mount=type=cache,target=/var/cache/apk apk add';
  const tail = ' && docker run --rm -p 8080:80 nginx';
  let pkgs = '';
  for (let i = 0; head.length + pkgs.length + tail.length < 508_000; i++) pkgs += ` pkg${i}`;
  const run =
    (head + pkgs + tail).slice(0, head.length + 508_000 - head.length - tail.length) + tail;
  b.add(run, { hover: ['RUN', 'type=cache', 'target', 'apk add', 'pkg100 ', 'pkg30000', 'nginx'] });
  b.add('USER app', { hover: ['USER'] });
  const text = b.text();
  return {
    languageId: 'dockerfile',
    fileName: 'Dockerfile',
    text,
    lines: b.lines.length,
    hovers: b.hovers,
    completions: b.completions,
    firstHover: b.hovers[2],
  };
}

export function composeHuge(size = 5 * 1024 * 1024) {
  const b = new Builder();
  b.add('services:', { hover: ['services'] });
  let bytes = 10;
  for (let i = 0; bytes < size; i++) {
    const block = [
      [`  svc-${i}:`, i % 500 === 0 ? [`svc-${i}`] : []],
      [`    image: registry.example.com/app/svc-${i}:1.0`, i % 500 === 0 ? ['image'] : []],
      ['    restart: unless-stopped', i % 500 === 0 ? ['restart', 'unless-stopped'] : []],
      ['    ports:', []],
      [`      - "${8000 + (i % 1000)}:80"`, i % 500 === 0 ? ['80'] : []],
      ['    environment:', []],
      [`      SERVICE_INDEX: "${i}"`, []],
      ['    depends_on: [svc-0]', i % 500 === 250 ? ['depends_on', 'svc-0'] : []],
    ];
    for (const [line, hover] of block) {
      b.add(line, { hover });
      bytes += line.length + 1;
    }
  }
  const text = b.text();
  return {
    languageId: 'dockercompose',
    fileName: 'compose.yaml',
    text,
    lines: b.lines.length,
    hovers: spread(b.hovers, 60),
    completions: b.completions,
    firstHover: b.hovers[1],
  };
}

/** The stress inputs, run with `--stress` (our server only). */
export function stressInputs() {
  return [
    { id: 'dockerfile-longline', kind: 'dockerfile', size: 'stress', ...dockerfileLongLine() },
    { id: 'compose-5mb', kind: 'compose', size: 'stress', ...composeHuge() },
  ];
}

/** All inputs of the bench, in the order it runs them. */
export function inputs() {
  return [
    { id: 'dockerfile-small', kind: 'dockerfile', size: 'small', ...dockerfileSmall() },
    { id: 'dockerfile-large', kind: 'dockerfile', size: 'large', ...dockerfileLarge() },
    { id: 'compose-small', kind: 'compose', size: 'small', ...composeSmall() },
    { id: 'compose-large', kind: 'compose', size: 'large', ...composeLarge() },
    { id: 'shell-small', kind: 'shell', size: 'small', ...shellSmall() },
    { id: 'shell-large', kind: 'shell', size: 'large', ...shellLarge() },
  ];
}

/** Write every input to DIR/<id>/<fileName>; returns the inputs with their `path` set. */
export function writeInputs(dir, { stress = false } = {}) {
  return [...inputs(), ...(stress ? stressInputs() : [])].map((inp) => {
    const d = join(dir, inp.id);
    mkdirSync(d, { recursive: true });
    const path = join(d, inp.fileName);
    writeFileSync(path, inp.text);
    return { ...inp, path };
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--out');
  const here = dirname(fileURLToPath(import.meta.url));
  const out = i > 0 ? process.argv[i + 1] : join(here, 'results', 'inputs.tmp');
  for (const inp of writeInputs(out)) {
    console.log(
      `${inp.id.padEnd(18)} ${String(inp.lines).padStart(6)} lines ${String(inp.text.length).padStart(8)} bytes  ${inp.hovers.length} hovers, ${inp.completions.length} completions  -> ${inp.path}`,
    );
  }
}
