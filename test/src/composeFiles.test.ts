/**
 * The other files a compose file names, through a `WorkspaceFiles` reader given with the request
 * (here: files in memory; the adapter reads open documents and the disk, see composeNavigationLsp):
 * definition opens them (the service, for `extends`; the stage, for `build.target`), links make
 * them clickable, references and rename reach the files that include or extend a service.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Location } from 'vscode-languageserver-types';
import { docWithCaret, service } from './helpers';
import {
  NO_FILES,
  resolvePath,
  type WorkspaceFiles,
} from '../../server/out/service/workspaceFiles';

/** A workspace in memory: path (under file:///w/) -> text. */
function workspace(files: Record<string, string>): WorkspaceFiles & { reads: string[] } {
  const byUri = new Map(Object.entries(files).map(([p, t]) => [`file:///w/${p}`, t]));
  const reads: string[] = [];
  return {
    reads,
    read(uri) {
      reads.push(uri.replace('file:///w/', ''));
      return byUri.get(uri);
    },
    list(folder) {
      const prefix = `${folder}/`;
      const names = new Set<string>();
      for (const u of byUri.keys()) {
        if (!u.startsWith(prefix)) continue;
        const rest = decodeURIComponent(u.slice(prefix.length));
        names.add(rest.includes('/') ? `${rest.split('/')[0]}/` : rest);
      }
      return [...names];
    },
  };
}

/** `path line:col text` of a location (1-based line and column). */
function where(files: Record<string, string>, l: Location, self: TextDocument): string {
  const path = l.uri.replace('file:///w/', '');
  const text = l.uri === self.uri ? self.getText() : (files[decodeURIComponent(path)] ?? '');
  const doc = TextDocument.create(l.uri, 'x', 0, text);
  return `${path} ${l.range.start.line + 1}:${l.range.start.character + 1} ${doc.getText(l.range)}`;
}

function at(
  path: string,
  files: Record<string, string>,
): { doc: TextDocument; pos: { line: number; character: number }; all: Record<string, string> } {
  const { doc, offset } = docWithCaret('dockercompose', files[path], `file:///w/${path}`);
  const all = { ...files, [path]: doc.getText() };
  return { doc, pos: doc.positionAt(offset), all };
}

function definition(
  path: string,
  files: Record<string, string>,
  reader?: WorkspaceFiles,
): string[] {
  const { doc, pos, all } = at(path, files);
  return service()
    .doDefinition(doc, pos, undefined, reader ?? workspace(all))
    .map((l) => where(all, l, doc));
}

function references(path: string, files: Record<string, string>): string[] {
  const { doc, pos, all } = at(path, files);
  return service()
    .doReferences(doc, pos, true, undefined, workspace(all))
    .map((l) => where(all, l, doc));
}

/** Every file's whole text after the rename (only the files that change). */
function rename(
  path: string,
  files: Record<string, string>,
  newName: string,
): Record<string, string> {
  const { doc, pos, all } = at(path, files);
  const r = service().doRename(doc, pos, newName, undefined, workspace(all));
  assert.ok(r && !('error' in r), JSON.stringify(r));
  const out: Record<string, string> = {};
  for (const [uri, edits] of Object.entries(r.changes ?? {})) {
    const p = decodeURIComponent(uri.replace('file:///w/', ''));
    out[p] = TextDocument.applyEdits(TextDocument.create(uri, 'x', 0, all[p]), edits);
  }
  return out;
}

function links(path: string, text: string): string[] {
  const doc = TextDocument.create(`file:///w/${path}`, 'dockercompose', 1, text);
  return service()
    .doDocumentLinks(doc)
    .map((l) => `${doc.getText(l.range)} -> ${l.target ?? ''}`);
}

test('paths written in a compose file become URIs of the files they name', () => {
  const here = 'file:///w/app';
  assert.equal(resolvePath(here, './db/compose.yaml'), 'file:///w/app/db/compose.yaml');
  assert.equal(resolvePath(here, '../common/base.yml'), 'file:///w/common/base.yml');
  assert.equal(resolvePath(here, 'env/my app.env'), 'file:///w/app/env/my%20app.env');
  assert.equal(resolvePath(here, '/etc/app/.env'), 'file:///etc/app/.env');
  assert.equal(resolvePath(here, 'C:\\data\\app.env'), 'file:///c%3A/data/app.env');
  assert.equal(resolvePath(here, '.'), 'file:///w/app');
  assert.equal(resolvePath(here, '${DIR}/compose.yaml'), undefined);
  assert.equal(resolvePath(here, '~/compose.yaml'), undefined);
  assert.equal(resolvePath(here, 'https://example.com/x.git'), undefined);
  assert.equal(resolvePath('untitled:Untitled-1', 'a.yaml'), undefined);
});

const PROJECT: Record<string, string> = {
  'compose.yaml': `include:
  - db/compose.yaml
  - path: ./cache/compose.yaml
    env_file: ./cache/.env
services:
  web:
    extends:
      file: common/base.yaml
      service: base
    env_file:
      - .env
      - path: ./web.env
        required: false
    build:
      context: ./web
      dockerfile: Dockerfile.dev
      target: dev
    depends_on: [db, cache]
    secrets: [token]
secrets:
  token:
    file: ./secrets/token.txt
configs:
  app:
    file: ./app.conf
`,
  'db/compose.yaml': `services:
  db:
    image: postgres:16
    label_file: ./labels
  migrate:
    depends_on: [db]
`,
  'cache/compose.yaml': `services:
  cache:
    image: redis:7
`,
  'common/base.yaml': `services:
  base:
    image: example/base
`,
  'web/Dockerfile.dev': `FROM node:20 AS deps
RUN npm ci

FROM deps AS dev
CMD ["npm", "run", "dev"]
`,
  'other/compose.yaml': `services:
  tool:
    extends:
      file: ../common/base.yaml
      service: base
`,
};

function withCaret(path: string, find: string, delta = 1): Record<string, string> {
  const t = PROJECT[path];
  const i = t.indexOf(find);
  assert.ok(i >= 0, find);
  return { ...PROJECT, [path]: t.slice(0, i + delta) + '¦' + t.slice(i + delta) };
}

test('include (string and long forms): definition opens the file', () => {
  assert.deepEqual(definition('compose.yaml', withCaret('compose.yaml', 'db/compose')), [
    'db/compose.yaml 1:1 ',
  ]);
  assert.deepEqual(definition('compose.yaml', withCaret('compose.yaml', './cache/compose')), [
    'cache/compose.yaml 1:1 ',
  ]);
  assert.deepEqual(definition('compose.yaml', withCaret('compose.yaml', './cache/.env')), [
    'cache/.env 1:1 ',
  ]);
});

test('a service declared in an included file: definition goes there, rename edits both files', () => {
  const files = withCaret('compose.yaml', '[db, cache]', 2);
  assert.deepEqual(definition('compose.yaml', files), ['db/compose.yaml 2:3 db']);
  assert.deepEqual(references('compose.yaml', files), [
    'compose.yaml 18:18 db',
    'db/compose.yaml 2:3 db',
    'db/compose.yaml 6:18 db',
  ]);
  assert.deepEqual(rename('compose.yaml', files, 'postgres'), {
    'compose.yaml': PROJECT['compose.yaml'].replace('[db, cache]', '[postgres, cache]'),
    'db/compose.yaml': `services:
  postgres:
    image: postgres:16
    label_file: ./labels
  migrate:
    depends_on: [postgres]
`,
  });
});

test('rename refuses a name the files sharing this one already declare', () => {
  const { doc, pos, all } = at('compose.yaml', withCaret('compose.yaml', '[db, cache]', 2));
  assert.deepEqual(service().doRename(doc, pos, 'cache', undefined, workspace(all)), {
    error: 'cache: That name is already declared in the same section, so the two would be mixed up',
  });
  // `web` is a service of compose.yaml, not of common/base.yaml: renaming the extended one is fine
  assert.deepEqual(rename('compose.yaml', withCaret('compose.yaml', 'service: base', 10), 'web'), {
    'common/base.yaml': PROJECT['common/base.yaml'].replace('  base:', '  web:'),
    'compose.yaml': PROJECT['compose.yaml'].replace('service: base', 'service: web'),
    'other/compose.yaml': PROJECT['other/compose.yaml'].replace('service: base', 'service: web'),
  });
});

test('references of a service include its uses in the files that include its file', () => {
  const files = withCaret('db/compose.yaml', '  db:', 3);
  assert.deepEqual(references('db/compose.yaml', files), [
    'db/compose.yaml 2:3 db',
    'db/compose.yaml 6:18 db',
    'compose.yaml 18:18 db',
  ]);
  // the included file sees nothing of the file that includes it: `cache` is not its name
  const cacheFiles = withCaret('cache/compose.yaml', '  cache:', 3);
  assert.deepEqual(references('cache/compose.yaml', cacheFiles), [
    'cache/compose.yaml 2:3 cache',
    'compose.yaml 18:22 cache',
  ]);
});

test('extends.file: definition of the file and of the service open the service in it', () => {
  assert.deepEqual(definition('compose.yaml', withCaret('compose.yaml', 'common/base')), [
    'common/base.yaml 2:3 base',
  ]);
  assert.deepEqual(definition('compose.yaml', withCaret('compose.yaml', 'service: base', 10)), [
    'common/base.yaml 2:3 base',
  ]);
  // references of the extended service: its declaration and every extends that names it
  assert.deepEqual(references('compose.yaml', withCaret('compose.yaml', 'service: base', 10)), [
    'common/base.yaml 2:3 base',
    'compose.yaml 9:16 base',
    'other/compose.yaml 5:16 base',
  ]);
  assert.deepEqual(references('common/base.yaml', withCaret('common/base.yaml', '  base:', 3)), [
    'common/base.yaml 2:3 base',
    'compose.yaml 9:16 base',
    'other/compose.yaml 5:16 base',
  ]);
});

test('env_file (string, list, path:), secrets and configs files, label_file: definition opens them', () => {
  const def = (find: string, delta = 1, path = 'compose.yaml'): string[] =>
    definition(path, withCaret(path, find, delta));
  assert.deepEqual(def('- .env', 3), ['.env 1:1 ']);
  assert.deepEqual(def('./web.env'), ['web.env 1:1 ']);
  assert.deepEqual(def('./secrets/token'), ['secrets/token.txt 1:1 ']);
  assert.deepEqual(def('./app.conf'), ['app.conf 1:1 ']);
  assert.deepEqual(def('./labels', 1, 'db/compose.yaml'), ['db/labels 1:1 ']);
  const envString = { 'compose.yaml': 'services:\n  a:\n    env_file: ./a¦.env\n' };
  assert.deepEqual(definition('compose.yaml', envString), ['a.env 1:1 ']);
});

test('build.context and build.dockerfile open the Dockerfile; build.target its stage', () => {
  assert.deepEqual(definition('compose.yaml', withCaret('compose.yaml', 'context: ./web', 11)), [
    'web/Dockerfile.dev 1:1 ',
  ]);
  assert.deepEqual(definition('compose.yaml', withCaret('compose.yaml', 'Dockerfile.dev')), [
    'web/Dockerfile.dev 1:1 ',
  ]);
  assert.deepEqual(definition('compose.yaml', withCaret('compose.yaml', 'target: dev', 9)), [
    'web/Dockerfile.dev 4:14 dev',
  ]);
  const short = { 'compose.yaml': 'services:\n  a:\n    build: ./a¦pp\n' };
  assert.deepEqual(definition('compose.yaml', short), ['app/Dockerfile 1:1 ']);
  // a stage the Dockerfile does not have: nowhere to go
  const missing = {
    ...PROJECT,
    'compose.yaml': PROJECT['compose.yaml'].replace('target: dev', 'target: pr¦od'),
  };
  assert.deepEqual(definition('compose.yaml', missing), []);
});

test('where files cannot be read, paths still lead to their files and nothing breaks', () => {
  const files = withCaret('compose.yaml', 'db/compose');
  assert.deepEqual(definition('compose.yaml', files, NO_FILES), ['db/compose.yaml 1:1 ']);
  assert.deepEqual(
    definition('compose.yaml', withCaret('compose.yaml', '[db, cache]', 2), NO_FILES),
    [],
  );
  assert.deepEqual(
    definition('compose.yaml', withCaret('compose.yaml', 'target: dev', 9), NO_FILES),
    [],
  );
  assert.deepEqual(definition('compose.yaml', withCaret('compose.yaml', 'common/base'), NO_FILES), [
    'common/base.yaml 1:1 ',
  ]);
});

test('document links: images to their registry pages, paths to the files', () => {
  assert.deepEqual(links('compose.yaml', PROJECT['compose.yaml']), [
    'db/compose.yaml -> file:///w/db/compose.yaml',
    './cache/compose.yaml -> file:///w/cache/compose.yaml',
    './cache/.env -> file:///w/cache/.env',
    'common/base.yaml -> file:///w/common/base.yaml',
    '.env -> file:///w/.env',
    './web.env -> file:///w/web.env',
    './web -> file:///w/web/Dockerfile.dev',
    'Dockerfile.dev -> file:///w/web/Dockerfile.dev',
    './secrets/token.txt -> file:///w/secrets/token.txt',
    './app.conf -> file:///w/app.conf',
  ]);
  assert.deepEqual(
    links(
      'compose.yaml',
      `services:
  a: {image: nginx:1.27}
  b:
    image: "bitnami/redis:7.2"
  c:
    image: ghcr.io/owner/tool@sha256:0123
  d:
    image: quay.io/prometheus/node-exporter
  e:
    image: mcr.microsoft.com/dotnet/aspnet:8.0
  f:
    image: gcr.io/distroless/static
  g:
    image: registry.k8s.io/pause:3.9
  h:
    image: public.ecr.aws/docker/library/alpine
  i:
    image: \${REGISTRY}/app:latest
  j:
    image: registry.example.com:5000/team/app
`,
    ),
    [
      'nginx:1.27 -> https://hub.docker.com/_/nginx',
      'bitnami/redis:7.2 -> https://hub.docker.com/r/bitnami/redis',
      'ghcr.io/owner/tool@sha256:0123 -> https://ghcr.io/owner/tool',
      'quay.io/prometheus/node-exporter -> https://quay.io/repository/prometheus/node-exporter',
      'mcr.microsoft.com/dotnet/aspnet:8.0 -> https://mcr.microsoft.com/artifact/mar/dotnet/aspnet',
      'gcr.io/distroless/static -> https://console.cloud.google.com/gcr/images/distroless/GLOBAL/static',
      'registry.k8s.io/pause:3.9 -> https://explore.ggcr.dev/?repo=registry.k8s.io/pause',
      'public.ecr.aws/docker/library/alpine -> https://gallery.ecr.aws/docker/library/alpine',
    ],
  );
});
