/**
 * The whole-document Dockerfile answers: outline (documentSymbol), folding ranges and document
 * links, with literal expectations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { service } from './helpers';

function doc(text: string): TextDocument {
  return TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, text);
}

const KIND: Record<number, string> = { 5: 'class', 7: 'property', 12: 'function', 13: 'variable' };

/** The outline as indented lines: `kind name — detail (lines a-b, selection "text")`. */
function outline(text: string): string[] {
  const d = doc(text);
  const out: string[] = [];
  const walk = (symbols: DocumentSymbol[], depth: number): void => {
    for (const s of symbols) {
      assert.ok(
        s.range.start.line <= s.selectionRange.start.line &&
          s.selectionRange.end.line <= s.range.end.line,
        `${s.name}: the selection is inside the range`,
      );
      out.push(
        `${'  '.repeat(depth)}${KIND[s.kind] ?? s.kind} ${s.name}${s.detail ? ` — ${s.detail}` : ''} (${s.range.start.line + 1}-${s.range.end.line + 1} "${d.getText(s.selectionRange)}")`,
      );
      walk(s.children ?? [], depth + 1);
    }
  };
  walk(service().doDocumentSymbols(d), 0);
  return out;
}

const FILE = `# syntax=docker/dockerfile:1.7
# check=skip=JSONArgsRecommended
ARG GO_VERSION=1.23 DEBUG
ARG BASE=alpine

# build the binary
FROM golang:\${GO_VERSION} AS build
WORKDIR /src
RUN --mount=type=cache,target=/root/.cache \\
    go build -o /out/app .

FROM \${BASE}
ENV PORT=8080 MODE=prod
COPY --from=build /out/app /app
RUN <<EOF
set -e
echo done
EOF
CMD ["/app"]
`;

test('outline: directives and global ARGs on top, one symbol per stage holding its instructions', () => {
  assert.deepEqual(outline(FILE), [
    'property syntax — docker/dockerfile:1.7 (1-1 "syntax")',
    'property check — skip=JSONArgsRecommended (2-2 "check")',
    'variable GO_VERSION — ARG = 1.23 (3-3 "GO_VERSION")',
    'variable DEBUG — ARG (3-3 "DEBUG")',
    'variable BASE — ARG = alpine (4-4 "BASE")',
    'class build — golang:${GO_VERSION} (7-10 "build")',
    '  function WORKDIR — /src (8-8 "WORKDIR")',
    '  function RUN — --mount=type=cache,target=/root/.cache … (9-10 "RUN")',
    'class ${BASE} — stage 1 (12-19 "${BASE}")',
    '  variable PORT — ENV = 8080 (13-13 "PORT")',
    '  variable MODE — ENV = prod (13-13 "MODE")',
    '  function COPY — --from=build /out/app /app (14-14 "COPY")',
    '  function RUN — <<EOF … (15-18 "RUN")',
    '  function CMD — ["/app"] (19-19 "CMD")',
  ]);
});

test('outline of an empty or instruction-less file', () => {
  assert.deepEqual(outline(''), []);
  assert.deepEqual(outline('# just a comment\n'), []);
  assert.deepEqual(outline('RUN echo no stage\n'), ['function RUN — echo no stage (1-1 "RUN")']);
});

test('folding: stages, multi-line instructions, heredoc bodies, comment blocks', () => {
  const text = `# syntax=docker/dockerfile:1
# a comment block
# of three lines
FROM alpine AS one
# lone comment
RUN apk add \\
      curl \\
      git
COPY <<EOF /a.txt
a
EOF
RUN cat > /x <<EOF && \\
    echo more
line
EOF

# two
# lines
FROM one
RUN true
`;
  const ranges = service()
    .doFoldingRanges(doc(text))
    .map((r) => `${r.startLine + 1}-${r.endLine + 1}${r.kind ? ` ${r.kind}` : ''}`);
  assert.deepEqual(ranges, [
    '1-3 comment',
    '4-15',
    '6-8',
    '9-11',
    '12-15',
    '13-14',
    '17-18 comment',
    '19-20',
  ]);
});

test('links: images in FROM and # syntax= go to their registry page', () => {
  const text = `# syntax=docker/dockerfile:1.7
ARG GO_VERSION=1.23
ARG REGISTRY=ghcr.io
ARG TAG
FROM golang:\${GO_VERSION}-alpine AS build
FROM ubuntu
FROM library/debian:12
FROM docker.io/bitnami/redis:7.2
FROM index.docker.io/grafana/grafana
FROM ghcr.io/astral-sh/uv:0.5 AS uv
FROM \${REGISTRY}/home-assistant/home-assistant:stable
FROM quay.io/prometheus/node-exporter:v1.8.2
FROM mcr.microsoft.com/dotnet/sdk:8.0
FROM gcr.io/distroless/static-debian12:nonroot
FROM eu.gcr.io/my-project/tools/builder
FROM registry.k8s.io/pause:3.9
FROM public.ecr.aws/docker/library/nginx:1.27@sha256:0000000000000000000000000000000000000000000000000000000000000000
FROM alpine:\${TAG}
FROM \${UNDECLARED:-busybox}:1.36
FROM build
FROM scratch
FROM localhost:5000/team/app
FROM Upper/Case
`;
  const d = doc(text);
  const links = service()
    .doDocumentLinks(d)
    .map((l) => `${d.getText(l.range)} -> ${l.target}`);
  assert.deepEqual(links, [
    'docker/dockerfile:1.7 -> https://hub.docker.com/r/docker/dockerfile',
    'golang:${GO_VERSION}-alpine -> https://hub.docker.com/_/golang',
    'ubuntu -> https://hub.docker.com/_/ubuntu',
    'library/debian:12 -> https://hub.docker.com/_/debian',
    'docker.io/bitnami/redis:7.2 -> https://hub.docker.com/r/bitnami/redis',
    'index.docker.io/grafana/grafana -> https://hub.docker.com/r/grafana/grafana',
    'ghcr.io/astral-sh/uv:0.5 -> https://ghcr.io/astral-sh/uv',
    '${REGISTRY}/home-assistant/home-assistant:stable -> https://ghcr.io/home-assistant/home-assistant',
    'quay.io/prometheus/node-exporter:v1.8.2 -> https://quay.io/repository/prometheus/node-exporter',
    'mcr.microsoft.com/dotnet/sdk:8.0 -> https://mcr.microsoft.com/artifact/mar/dotnet/sdk',
    'gcr.io/distroless/static-debian12:nonroot -> https://console.cloud.google.com/gcr/images/distroless/GLOBAL/static-debian12',
    'eu.gcr.io/my-project/tools/builder -> https://console.cloud.google.com/gcr/images/my-project/EU/tools/builder',
    'registry.k8s.io/pause:3.9 -> https://explore.ggcr.dev/?repo=registry.k8s.io/pause',
    'public.ecr.aws/docker/library/nginx:1.27@sha256:0000000000000000000000000000000000000000000000000000000000000000 -> https://gallery.ecr.aws/docker/library/nginx',
    '${UNDECLARED:-busybox}:1.36 -> https://hub.docker.com/_/busybox',
  ]);
});
