/**
 * Compose navigation, one test per way a compose file refers to a name: where definition goes,
 * every reference (what the user sees in the references view: line and text), and the whole text
 * after a rename. The caret `¦` marks the cursor.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SymbolKind } from 'vscode-languageserver-types';
import type { DocumentSymbol, Location, Range, TextEdit } from 'vscode-languageserver-types';
import { docWithCaret, service } from './helpers';
import { parserWork, resetParserWork } from '../../server/out/service/work';

const URI = 'file:///w/compose.yaml';

/** A range as the user reads it: `line:col text` (1-based line, as editors show). */
function show(doc: TextDocument, r: Range): string {
  return `${r.start.line + 1}:${r.start.character + 1} ${doc.getText(r)}`;
}

function open(text: string): { doc: TextDocument; pos: { line: number; character: number } } {
  const { doc, offset } = docWithCaret('dockercompose', text, URI);
  return { doc, pos: doc.positionAt(offset) };
}

function definition(text: string): string[] {
  const { doc, pos } = open(text);
  return service()
    .doDefinition(doc, pos)
    .map((l: Location) => show(doc, l.range));
}

function references(text: string, includeDeclaration = true): string[] {
  const { doc, pos } = open(text);
  return service()
    .doReferences(doc, pos, includeDeclaration)
    .map((l: Location) => show(doc, l.range));
}

function highlights(text: string): string[] {
  const { doc, pos } = open(text);
  return service()
    .doHighlights(doc, pos)
    .map((h) => `${show(doc, h.range)} ${h.kind === 3 ? 'write' : 'read'}`);
}

/** The whole text after renaming what is under the caret, or the refusal's message. */
function rename(text: string, newName: string): string {
  const { doc, pos } = open(text);
  const r = service().doRename(doc, pos, newName);
  if (r === null) return 'null';
  if ('error' in r) return `error: ${r.error}`;
  const edits: TextEdit[] = r.changes?.[URI] ?? [];
  return TextDocument.applyEdits(doc, edits);
}

function prepare(text: string): string {
  const { doc, pos } = open(text);
  const r = service().prepareRename(doc, pos);
  if (r === null) return 'null';
  if ('error' in r) return `error: ${r.error}`;
  return `${show(doc, r.range)} (${r.placeholder})`;
}

test('depends_on, list form: definition, references, rename', () => {
  const t = `services:
  web:
    image: nginx
    depends_on:
      - d¦b
      - cache
  db:
    image: postgres
  cache:
    image: redis
`;
  assert.deepEqual(definition(t), ['7:3 db']);
  assert.deepEqual(references(t), ['5:9 db', '7:3 db']);
  assert.deepEqual(references(t, false), ['5:9 db']);
  assert.equal(
    rename(t, 'postgres'),
    `services:
  web:
    image: nginx
    depends_on:
      - postgres
      - cache
  postgres:
    image: postgres
  cache:
    image: redis
`,
  );
});

test('depends_on, mapping form, from the declaration', () => {
  const t = `services:
  web:
    depends_on:
      db:
        condition: service_healthy
      cache: {condition: service_started}
  d¦b:
    image: postgres
  cache:
    image: redis
`;
  assert.deepEqual(definition(t), ['7:3 db']);
  assert.deepEqual(references(t), ['4:7 db', '7:3 db']);
  assert.deepEqual(highlights(t), ['4:7 db read', '7:3 db write']);
  assert.equal(
    rename(t, 'database'),
    `services:
  web:
    depends_on:
      database:
        condition: service_healthy
      cache: {condition: service_started}
  database:
    image: postgres
  cache:
    image: redis
`,
  );
});

test('links: NAME and NAME:ALIAS name the service before the colon', () => {
  const t = `services:
  web:
    links:
      - "db:database"
      - db
      - cache:c
  d¦b:
    image: postgres
  cache:
    image: redis
`;
  assert.deepEqual(references(t), ['4:10 db', '5:9 db', '7:3 db']);
  assert.equal(
    rename(t, 'pg'),
    `services:
  web:
    links:
      - "pg:database"
      - pg
      - cache:c
  pg:
    image: postgres
  cache:
    image: redis
`,
  );
  // the alias after the colon names nothing
  assert.deepEqual(definition(t.replace('¦', '').replace('cache:c', 'cache:¦c')), []);
});

test('extends: the string form and the service key (same file)', () => {
  const t = `services:
  base:
    image: example/base
  web:
    extends: ba¦se
  worker:
    extends:
      service: base
`;
  assert.deepEqual(definition(t), ['2:3 base']);
  assert.deepEqual(references(t), ['2:3 base', '5:14 base', '8:16 base']);
  assert.equal(
    rename(t, 'common'),
    `services:
  common:
    image: example/base
  web:
    extends: common
  worker:
    extends:
      service: common
`,
  );
});

test('network_mode, pid, ipc, uts, cgroup: service:NAME', () => {
  const t = `services:
  vpn:
    image: example/vpn
  app:
    network_mode: "service:v¦pn"
    pid: service:vpn
    ipc: 'service:vpn'
    uts: service:vpn
    cgroup: service:vpn
  other:
    network_mode: container:vpn
`;
  assert.deepEqual(definition(t), ['2:3 vpn']);
  assert.deepEqual(references(t), [
    '2:3 vpn',
    '5:28 vpn',
    '6:18 vpn',
    '7:19 vpn',
    '8:18 vpn',
    '9:21 vpn',
  ]);
  assert.equal(
    rename(t, 'tunnel'),
    `services:
  tunnel:
    image: example/vpn
  app:
    network_mode: "service:tunnel"
    pid: service:tunnel
    ipc: 'service:tunnel'
    uts: service:tunnel
    cgroup: service:tunnel
  other:
    network_mode: container:vpn
`,
  );
});

test('volumes_from: NAME and NAME:MODE, not container:NAME', () => {
  const t = `services:
  data:
    image: busybox
  app:
    volumes_from:
      - da¦ta:ro
      - data
      - container:data
`;
  assert.deepEqual(definition(t), ['2:3 data']);
  assert.deepEqual(references(t), ['2:3 data', '6:9 data', '7:9 data']);
  assert.equal(
    rename(t, 'store'),
    `services:
  store:
    image: busybox
  app:
    volumes_from:
      - store:ro
      - store
      - container:data
`,
  );
});

test('build.additional_contexts: service:NAME (mapping and list forms)', () => {
  const t = `services:
  base:
    build: ./base
  app:
    build:
      context: .
      additional_contexts:
        base: service:ba¦se
  tool:
    build:
      context: .
      additional_contexts:
        - base=service:base
`;
  assert.deepEqual(definition(t), ['2:3 base']);
  assert.deepEqual(references(t), ['2:3 base', '8:23 base', '13:24 base']);
  assert.equal(
    rename(t, 'builder'),
    `services:
  builder:
    build: ./base
  app:
    build:
      context: .
      additional_contexts:
        base: service:builder
  tool:
    build:
      context: .
      additional_contexts:
        - base=service:builder
`,
  );
});

test('networks: list and mapping forms of a service', () => {
  const t = `services:
  web:
    networks:
      - fr¦ont
      - back
  api:
    networks:
      front:
        aliases: [api.local]
      back: {}
networks:
  front:
    driver: bridge
  back:
`;
  assert.deepEqual(definition(t), ['12:3 front']);
  assert.deepEqual(references(t), ['4:9 front', '8:7 front', '12:3 front']);
  assert.equal(
    rename(t, 'public'),
    `services:
  web:
    networks:
      - public
      - back
  api:
    networks:
      public:
        aliases: [api.local]
      back: {}
networks:
  public:
    driver: bridge
  back:
`,
  );
});

test('volumes: short NAME:/path and long source: (type volume), not a host path', () => {
  const t = `services:
  db:
    volumes:
      - da¦ta:/var/lib/postgresql/data
      - ./data:/backup
      - /data:/other
      - type: volume
        source: data
        target: /mnt
      - type: bind
        source: data
        target: /srv
volumes:
  data:
`;
  assert.deepEqual(definition(t), ['14:3 data']);
  assert.deepEqual(references(t), ['4:9 data', '8:17 data', '14:3 data']);
  assert.equal(
    rename(t, 'pgdata'),
    `services:
  db:
    volumes:
      - pgdata:/var/lib/postgresql/data
      - ./data:/backup
      - /data:/other
      - type: volume
        source: pgdata
        target: /mnt
      - type: bind
        source: data
        target: /srv
volumes:
  pgdata:
`,
  );
});

test('secrets: short and long forms, build.secrets too', () => {
  const t = `services:
  app:
    secrets:
      - tok¦en
      - source: token
        target: api_token
    build:
      context: .
      secrets: [token]
secrets:
  token:
    file: ./token.txt
`;
  assert.deepEqual(definition(t), ['11:3 token']);
  assert.deepEqual(references(t), ['4:9 token', '5:17 token', '9:17 token', '11:3 token']);
  assert.equal(
    rename(t, 'api_key'),
    `services:
  app:
    secrets:
      - api_key
      - source: api_key
        target: api_token
    build:
      context: .
      secrets: [api_key]
secrets:
  api_key:
    file: ./token.txt
`,
  );
});

test('configs: short and long forms', () => {
  const t = `services:
  app:
    configs:
      - app_conf
      - source: app_c¦onf
        target: /etc/app.conf
configs:
  app_conf:
    file: ./app.conf
`;
  assert.deepEqual(definition(t), ['8:3 app_conf']);
  assert.deepEqual(references(t), ['4:9 app_conf', '5:17 app_conf', '8:3 app_conf']);
  assert.equal(
    rename(t, 'settings'),
    `services:
  app:
    configs:
      - settings
      - source: settings
        target: /etc/app.conf
configs:
  settings:
    file: ./app.conf
`,
  );
});

test('models: list and mapping forms', () => {
  const t = `services:
  chat:
    models:
      - llm
  agent:
    models:
      l¦lm:
        endpoint_var: AI_URL
models:
  llm:
    model: ai/smollm2
`;
  assert.deepEqual(definition(t), ['10:3 llm']);
  assert.deepEqual(references(t), ['4:9 llm', '7:7 llm', '10:3 llm']);
  assert.equal(
    rename(t, 'small'),
    `services:
  chat:
    models:
      - small
  agent:
    models:
      small:
        endpoint_var: AI_URL
models:
  small:
    model: ai/smollm2
`,
  );
});

test('YAML anchors: definition, references and rename of &name, *name and <<: *name', () => {
  const t = `x-common: &com¦mon
  restart: always
x-env: &env
  LOG: debug
services:
  web:
    <<: *common
    environment: *env
  worker:
    <<: [*common]
`;
  assert.deepEqual(definition(t.replace('¦', '').replace('<<: *common', '<<: *com¦mon')), [
    '1:12 common',
  ]);
  assert.deepEqual(references(t), ['1:12 common', '7:10 common', '10:11 common']);
  assert.deepEqual(highlights(t), ['1:12 common write', '7:10 common read', '10:11 common read']);
  assert.equal(
    rename(t, 'defaults'),
    `x-common: &defaults
  restart: always
x-env: &env
  LOG: debug
services:
  web:
    <<: *defaults
    environment: *env
  worker:
    <<: [*defaults]
`,
  );
});

test('an alias binds to the last anchor of its name above it', () => {
  const t = `x-a: &v 1
x-b: *v
x-c: &v 2
x-d: *¦v
`;
  assert.deepEqual(definition(t), ['3:7 v']);
  assert.deepEqual(references(t), ['3:7 v', '4:7 v']);
  assert.equal(
    rename(t, 'w'),
    `x-a: &v 1
x-b: *v
x-c: &w 2
x-d: *w
`,
  );
});

test('names inside an anchored node are read where an alias puts them', () => {
  const t = `x-deps: &deps [d¦b]
x-base: &base
  depends_on: *deps
  networks: [back]
services:
  web:
    <<: *base
  db:
    image: postgres
networks:
  back:
`;
  assert.deepEqual(definition(t), ['8:3 db']);
  assert.deepEqual(references(t), ['1:16 db', '8:3 db']);
  assert.deepEqual(definition(t.replace('¦', '').replace('[back]', '[ba¦ck]')), ['11:3 back']);
  assert.equal(
    rename(t, 'pg'),
    `x-deps: &deps [pg]
x-base: &base
  depends_on: *deps
  networks: [back]
services:
  web:
    <<: *base
  pg:
    image: postgres
networks:
  back:
`,
  );
});

test('rename keeps quotes, flow style and comments around the name', () => {
  const t = `services:
  web:
    depends_on: [ "db" , 'cache' ]  # db first
    links: ['db:database']
  db: # the database
    image: postgres
  "cache": {image: redis}
`;
  assert.equal(
    rename(t.replace('"db" ,', '"d¦b" ,'), 'pg'),
    `services:
  web:
    depends_on: [ "pg" , 'cache' ]  # db first
    links: ['pg:database']
  pg: # the database
    image: postgres
  "cache": {image: redis}
`,
  );
  assert.equal(
    rename(t.replace('"cache":', '"ca¦che":'), 'redis'),
    `services:
  web:
    depends_on: [ "db" , 'redis' ]  # db first
    links: ['db:database']
  db: # the database
    image: postgres
  "redis": {image: redis}
`,
  );
});

test('a name written with escapes is found, and rewritten as a double-quoted string', () => {
  const t = `services:
  web:
    depends_on: ["d\\x62"]
  d¦b:
    image: postgres
`;
  assert.deepEqual(references(t), ['3:18 "d\\x62"', '4:3 db']);
  assert.equal(
    rename(t, 'pg'),
    `services:
  web:
    depends_on: ["pg"]
  pg:
    image: postgres
`,
  );
});

test('rename refuses names compose cannot take, with the reason', () => {
  const t = `services:
  web:
    depends_on: [d¦b]
  db:
    image: postgres
  cache:
    image: redis
`;
  assert.equal(
    rename(t, 'my db'),
    "error: my db: A name holds only letters, digits, '.', '_' and '-'",
  );
  assert.equal(
    rename(t, '123'),
    'error: 123: Written without quotes, YAML would read this name as a number, a boolean or null, not as a name',
  );
  assert.equal(
    rename(t, 'cache'),
    'error: cache: That name is already declared in the same section, so the two would be mixed up',
  );
  assert.equal(
    rename(`x-a: &a 1\nx-b: &b 2\nx-c: *¦a\n`, 'b'),
    'error: b: Another anchor already has that name, so aliases could end up pointing at the other one',
  );
});

test('prepareRename: the name under the cursor, nothing elsewhere', () => {
  const t = `services:
  web:
    network_mode: "service:v¦pn"
  vpn:
    image: example/vpn
`;
  assert.equal(prepare(t), '3:28 vpn (vpn)');
  assert.equal(prepare(t.replace('¦', '').replace('image: example', 'ima¦ge: example')), 'null');
  assert.equal(prepare('x: *nowh¦ere\n'), 'null');
});

test('a name used but not declared: no definition, its uses are still references', () => {
  const t = `services:
  web:
    networks: [def¦ault]
  api:
    networks: [default]
`;
  assert.deepEqual(definition(t), []);
  assert.deepEqual(references(t), ['3:16 default', '5:16 default']);
});

test('a name written with ${VAR} is interpolated first: it names nothing here', () => {
  const t = `services:
  web:
    depends_on:
      - ${'${D¦B}'}
      - db
    network_mode: service:${'${DB}'}
    links: ["${'${DB}'}:database"]
  db:
    image: postgres
`;
  assert.deepEqual(references(t), []);
  assert.equal(prepare(t), 'null');
  assert.deepEqual(references(t.replace('¦', '').replace('  db:', '  d¦b:')), ['5:9 db', '8:3 db']);
});

test('nothing to navigate: keys, values that name nothing, empty and broken documents', () => {
  assert.deepEqual(definition('services:\n  web:\n    ima¦ge: nginx\n'), []);
  assert.deepEqual(references('services:\n  web:\n    image: ngi¦nx\n'), []);
  assert.deepEqual(definition('¦'), []);
  assert.deepEqual(references('services: [\n  db: ¦\n  - {\n'), []);
  assert.equal(rename('services:\n  web: {}\n¦', 'x'), 'null');
});

const OUTLINE_INPUT = `# project
# settings
name: shop
services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
    environment: {A: 1,
      B: 2}
  db:
    image: postgres
networks:
  front: {}
volumes:
  data:
x-common: &common
  restart: always
`;

test('outline: top-level sections hold their entries, each service its keys', () => {
  const doc = TextDocument.create(URI, 'dockercompose', 1, OUTLINE_INPUT);
  const lines: string[] = [];
  const walk = (list: DocumentSymbol[], indent: string): void => {
    for (const s of list) {
      const detail = s.detail ? ` = ${s.detail}` : '';
      lines.push(`${indent}${s.name}${detail} (${show(doc, s.selectionRange).split(' ')[0]})`);
      walk(s.children ?? [], `${indent}  `);
    }
  };
  walk(service().doDocumentSymbols(doc), '');
  assert.deepEqual(lines, [
    'name = shop (3:1)',
    'services (4:1)',
    '  web (5:3)',
    '    image = nginx:1.27 (6:5)',
    '    ports = [1] (7:5)',
    '    environment (9:5)',
    '      A = 1 (9:19)',
    '      B = 2 (10:7)',
    '  db (11:3)',
    '    image = postgres (12:5)',
    'networks (13:1)',
    '  front (14:3)',
    'volumes (15:1)',
    '  data (16:3)',
    'x-common (17:1)',
    '  restart = always (18:3)',
  ]);
  const services = service().doDocumentSymbols(doc)[1];
  // a service's symbol spans its whole block, so the outline follows the cursor
  assert.equal(
    show(doc, services.children?.[0].range ?? services.range),
    '5:3 ' +
      'web:\n    image: nginx:1.27\n    ports:\n      - "8080:80"\n    environment: {A: 1,\n      B: 2}',
  );
  assert.deepEqual(
    services.children?.map((c) => c.kind),
    [SymbolKind.Class, SymbolKind.Class],
  );
});

test('folding: every block over several lines, flow collections and comment runs', () => {
  const doc = TextDocument.create(URI, 'dockercompose', 1, OUTLINE_INPUT);
  assert.deepEqual(
    service()
      .doFoldingRanges(doc)
      .map((f) => `${f.startLine + 1}-${f.endLine + 1}${f.kind ? ` ${f.kind}` : ''}`),
    ['1-2 comment', '4-12', '5-10', '7-8', '9-10', '11-12', '13-14', '15-16', '17-18'],
  );
  // a broken document folds what the parser recovered
  const broken = TextDocument.create(URI, 'dockercompose', 1, 'services: [\n  - {\n');
  assert.deepEqual(service().doFoldingRanges(broken), [{ startLine: 0, endLine: 1 }]);
});

test('a large file: an entry over 16 KiB is not parsed for navigation, the other entries are', () => {
  const services = Array.from(
    { length: 2100 },
    (_, i) => `  s${i}:\n    image: example/s${i}\n    depends_on: [db]\n`,
  ).join('');
  const huge = `  big:\n    environment:\n`;
  const bigEnv = Array.from({ length: 300 }, (_, i) => `      - K${i}=${'v'.repeat(60)}\n`).join(
    '',
  );
  const text = `services:\n  db:\n    image: postgres\n${huge}${bigEnv}    depends_on: [db]\n${services}`;
  const doc = TextDocument.create(URI, 'dockercompose', 1, text);
  const svc = service();
  resetParserWork();
  const at = doc.positionAt(text.indexOf('  db:') + 3);
  const refs = svc.doReferences(doc, at, true);
  const work = parserWork().yaml;
  // every small entry uses db; the one in `big` is not read
  assert.equal(refs.length, 1 + 2100);
  assert.ok(work.largest <= 16 * 1024, `largest parse: ${work.largest}`);
  assert.deepEqual(svc.doFormat(doc, { tabSize: 4, insertSpaces: true }), []);
});
