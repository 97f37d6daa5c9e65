/**
 * Every compose rule: a literal positive and negative case (line:column, code and the message a
 * user reads), each quick fix applied with the whole text after it, the disable directive and
 * fix all; valid files with anchors, merges, !reset/!override and x- blocks stay clean.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticTag } from 'vscode-languageserver-types';
import { service } from './helpers';

const URI = 'file:///w/compose.yaml';
const doc = (text: string, uri = URI): TextDocument =>
  TextDocument.create(uri, 'dockercompose', 1, text);
const msg = (d: Diagnostic): string =>
  typeof d.message === 'string' ? d.message : d.message.value;

function diagnostics(text: string, uri = URI): Diagnostic[] {
  const svc = service();
  const d = doc(text, uri);
  return svc.doValidate(d, svc.parse(d));
}

function lint(text: string, uri = URI): string[] {
  return diagnostics(text, uri).map(
    (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${msg(d)}`,
  );
}

const only = (rule: string, text: string): string[] =>
  lint(text).filter((l) => l.split(' ')[1] === rule);

/** Apply the code action with this title and return the whole text. */
function applyFix(text: string, title: string): string {
  const d = doc(text);
  const svc = service();
  const ds = svc.doValidate(d, svc.parse(d));
  const actions = svc.doCodeActions(
    d,
    { start: { line: 0, character: 0 }, end: { line: d.lineCount, character: 0 } },
    { diagnostics: ds },
  );
  const a = actions.find((x) => x.title === title);
  if (!a) throw new Error(`no action "${title}"; have: ${actions.map((x) => x.title).join(' | ')}`);
  return TextDocument.applyEdits(d, a.edit?.changes?.[URI] ?? []);
}

function fixAll(text: string): string {
  const d = doc(text);
  const svc = service();
  const actions = svc.doCodeActions(
    d,
    { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    { diagnostics: [], only: ['source.fixAll'] },
  );
  assert.equal(actions.length, 1, 'one fix-all action');
  return TextDocument.applyEdits(d, actions[0].edit?.changes?.[URI] ?? []);
}

/* ------------------------------------------------------------------ YAML */

test('YamlSyntax: an unclosed quote, an unclosed bracket, bad indentation, a tab', () => {
  assert.deepEqual(only('YamlSyntax', 'services:\n  web:\n    image: "nginx\n'), [
    '4:1 YamlSyntax YAML syntax error: Missing closing "quote',
  ]);
  assert.deepEqual(only('YamlSyntax', 'services:\n  web:\n    ports: [80\n    image: x\n'), [
    '4:5 YamlSyntax YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
  ]);
  assert.deepEqual(only('YamlSyntax', 'services:\n  web:\n    image: x\n   ports: []\n'), [
    '4:1 YamlSyntax YAML syntax error: All mapping items must start at the same column',
  ]);
  assert.deepEqual(only('YamlSyntax', 'services:\n\tweb:\n    image: x\n'), [
    '2:1 YamlSyntax YAML syntax error: Tabs are not allowed as indentation',
  ]);
  assert.deepEqual(only('YamlSyntax', 'services:\n  web:\n    image: "nginx"\n'), []);
});

test('YamlDuplicateKey and YamlUndefinedAlias', () => {
  assert.deepEqual(only('YamlDuplicateKey', 'services:\n  web:\n    image: a\n    image: b\n'), [
    "4:5 YamlDuplicateKey Key 'image' is already set on line 3",
  ]);
  // merge keys may repeat
  assert.deepEqual(
    only(
      'YamlDuplicateKey',
      'x-a: &a {restart: always}\nx-b: &b {init: true}\nservices:\n  web:\n    <<: *a\n    <<: *b\n    image: x\n',
    ),
    [],
  );
  assert.deepEqual(
    only('YamlUndefinedAlias', 'services:\n  web:\n    image: x\n    logging: *nolog\n'),
    ["4:14 YamlUndefinedAlias Alias '*nolog' has no anchor '&nolog' before it"],
  );
  assert.deepEqual(
    only(
      'YamlUndefinedAlias',
      'x-log: &log\n  driver: local\nservices:\n  web:\n    image: x\n    logging: *log\n',
    ),
    [],
  );
});

/* ------------------------------------------------------------------ keys, types, values */

test('UnknownComposeKey with did-you-mean, and its fix', () => {
  const text = 'services:\n  web:\n    imagee: nginx\n';
  assert.deepEqual(only('UnknownComposeKey', text), [
    '3:5 UnknownComposeKey Unknown key "imagee" at services.<service> (did you mean "image"?).',
  ]);
  assert.equal(applyFix(text, "Change to 'image'"), 'services:\n  web:\n    image: nginx\n');
  assert.deepEqual(only('UnknownComposeKey', 'services:\n  web:\n    zzzzzz: 1\n'), [
    '3:5 UnknownComposeKey Unknown key "zzzzzz" at services.<service>.',
  ]);
  assert.deepEqual(
    only('UnknownComposeKey', 'services:\n  web:\n    image: x\n    x-any: 1\n'),
    [],
  );
});

test('InvalidComposeType: a list key given a single value; interpolated values are not judged', () => {
  assert.deepEqual(
    only('InvalidComposeType', 'services:\n  web:\n    image: x\n    ports: 8080\n'),
    [
      "4:12 InvalidComposeType 'ports' takes list of strings, numbers or mappings, not a single value",
    ],
  );
  assert.deepEqual(only('InvalidComposeType', 'services:\n  web:\n    image: [a, b]\n'), [
    "3:12 InvalidComposeType 'image' takes string (image reference), not a list",
  ]);
  assert.deepEqual(
    only(
      'InvalidComposeType',
      'services:\n  web:\n    image: x\n    ports: ${PORTS}\n    dns: 8.8.8.8\n    command: [a]\n    ports2: 1\n',
    ),
    [],
  );
});

test('InvalidComposeValue: closed sets from the notes, templates, did-you-mean and its fix', () => {
  const text = 'services:\n  web:\n    image: x\n    restart: unless-stoped\n';
  assert.deepEqual(only('InvalidComposeValue', text), [
    "4:14 InvalidComposeValue 'unless-stoped' is not a valid value of 'restart' (did you mean 'unless-stopped'?)",
  ]);
  assert.equal(
    applyFix(text, "Change to 'unless-stopped'"),
    'services:\n  web:\n    image: x\n    restart: unless-stopped\n',
  );
  assert.deepEqual(
    only('InvalidComposeValue', 'services:\n  web:\n    image: x\n    restart: sometimes\n'),
    [
      "4:14 InvalidComposeValue 'sometimes' is not a valid value of 'restart' (valid: no, always, on-failure, on-failure:<max-retries>, unless-stopped)",
    ],
  );
  assert.deepEqual(
    only(
      'InvalidComposeValue',
      'services:\n  db:\n    image: x\n  web:\n    image: x\n    depends_on:\n      db:\n        condition: service_ready\n',
    ),
    [
      "8:20 InvalidComposeValue 'service_ready' is not a valid value of 'condition' (valid: service_started, service_healthy, service_completed_successfully)",
    ],
  );
  assert.deepEqual(
    only(
      'InvalidComposeValue',
      'services:\n  web:\n    image: x\n    healthcheck:\n      test: ["CMD-SHEL", "true"]\n',
    ),
    [
      "5:14 InvalidComposeValue 'CMD-SHEL' is not a valid value of 'test' (did you mean 'CMD-SHELL'?)",
    ],
  );
  // valid: templates (every_<duration>, on-failure:<n>), "no", interpolation, open sets
  assert.deepEqual(
    only(
      'InvalidComposeValue',
      [
        'services:',
        '  a:',
        '    image: x',
        '    restart: "no"',
        '    pull_policy: every_12h',
        '  b:',
        '    image: x',
        '    restart: on-failure:3',
        '    pull_policy: daily',
        '    logging:',
        '      driver: my-plugin',
        '  c:',
        '    image: x',
        '    restart: ${RESTART:-always}',
        '    healthcheck:',
        '      test: curl -f http://localhost',
        'networks:',
        '  n:',
        '    driver: weave',
        '',
      ].join('\n'),
    ),
    [],
  );
});

test('InvalidDuration and InvalidByteSize', () => {
  assert.deepEqual(
    only(
      'InvalidDuration',
      'services:\n  web:\n    image: x\n    stop_grace_period: 10\n    healthcheck:\n      interval: 5x\n',
    ),
    [
      "4:24 InvalidDuration '10' is not a duration for 'stop_grace_period': write a number with a unit, such as 30s or 1m30s",
      "6:17 InvalidDuration '5x' is not a duration for 'interval': write a number with a unit, such as 30s or 1m30s",
    ],
  );
  assert.deepEqual(
    only(
      'InvalidDuration',
      'services:\n  web:\n    image: x\n    stop_grace_period: 1m30s\n    healthcheck:\n      interval: 1d\n      timeout: 0\n      start_period: ${START:-10s}\n',
    ),
    [],
  );
  assert.deepEqual(
    only('InvalidByteSize', 'services:\n  web:\n    image: x\n    mem_limit: 2 gigs\n'),
    [
      "4:16 InvalidByteSize '2 gigs' is not a size for 'mem_limit': write bytes, or a number with b, k, m, g, t or p (such as 512m or 1.5gb)",
    ],
  );
  assert.deepEqual(
    only(
      'InvalidByteSize',
      'services:\n  web:\n    image: x\n    mem_limit: 512m\n    shm_size: 1.5GiB\n    memswap_limit: -1\n    mem_reservation: 1073741824\n',
    ),
    [],
  );
});

test('InvalidPortSpec and InvalidVolumeSpec', () => {
  assert.deepEqual(
    only(
      'InvalidPortSpec',
      'services:\n  web:\n    image: x\n    ports:\n      - "1080=1080"\n      - "99999:80"\n      - "80:80/http"\n',
    ),
    [
      "5:9 InvalidPortSpec '1080=1080' is not a valid port mapping: the container port must be a number or a range of numbers up to 65535",
      "6:9 InvalidPortSpec '99999:80' is not a valid port mapping: the host port must be a number or a range of numbers up to 65535",
      "7:9 InvalidPortSpec '80:80/http' is not a valid port mapping: the protocol must be tcp, udp or sctp",
    ],
  );
  assert.deepEqual(
    only(
      'InvalidPortSpec',
      'services:\n  web:\n    image: x\n    ports:\n      - 80\n      - "127.0.0.1:8080:80/udp"\n      - "[::1]:53:53"\n      - "8000-8010:8000-8010"\n      - "9000-9100:80"\n      - ${PORT:-80}:80\n',
    ),
    [],
  );
  assert.deepEqual(
    only(
      'InvalidVolumeSpec',
      'services:\n  web:\n    image: x\n    volumes:\n      - ./a::/b\n      - ./a:/b:ro:z\n',
    ),
    [
      "5:9 InvalidVolumeSpec './a::/b' is not a valid volume: an empty part between colons, or more than three parts",
      "6:9 InvalidVolumeSpec './a:/b:ro:z' is not a valid volume: an empty part between colons, or more than three parts",
    ],
  );
  assert.deepEqual(
    only(
      'InvalidVolumeSpec',
      'services:\n  web:\n    image: x\n    volumes:\n      - /data\n      - ./a:/b:ro,z\n      - C:\\data:/data\n      - ${DIR}:/x:ro\n',
    ),
    [],
  );
});

/* ------------------------------------------------------------------ references */

const REFS = `services:
  web:
    image: nginx
    depends_on: [db, cache]
    links: [db:database]
    network_mode: service:proxy
    volumes_from: [store, "container:other"]
    networks: [front, default]
    volumes:
      - data:/data
      - ./local:/local
      - ~/home:/home
      - logs:/logs
      - type: bind
        source: nothere
        target: /b
    secrets: [pw]
    configs:
      - source: conf
        target: /etc/c
    models: [llm]
  worker:
    extends: base
    image: w
  db:
    image: postgres
volumes:
  data:
`;

test('Undefined references: services, networks, volumes, secrets, configs, models', () => {
  assert.deepEqual(
    lint(REFS).filter((l) => /Undefined/.test(l)),
    [
      "4:22 UndefinedService 'cache' in depends_on is not a service of this file",
      "6:27 UndefinedService 'proxy' in network_mode is not a service of this file",
      "7:20 UndefinedService 'store' in volumes_from is not a service of this file",
      "8:16 UndefinedNetwork Network 'front' is not declared under the top-level networks",
      "13:9 UndefinedVolume Volume 'logs' is not declared under the top-level volumes",
      "17:15 UndefinedSecret Secret 'pw' is not declared under the top-level secrets",
      "19:17 UndefinedConfig Config 'conf' is not declared under the top-level configs",
      "21:14 UndefinedModel Model 'llm' is not declared under the top-level models",
      "23:14 UndefinedService 'base' in extends is not a service of this file",
    ],
  );
});

test('a reference that misses a declared name by little gets a did-you-mean; a different short name does not', () => {
  const text = 'services:\n  web:\n    image: nginx\n    depends_on: [db, wbe]\n';
  assert.deepEqual(
    lint(text).filter((l) => /Undefined/.test(l)),
    [
      "4:18 UndefinedService 'db' in depends_on is not a service of this file",
      "4:22 UndefinedService 'wbe' in depends_on is not a service of this file (did you mean 'web'?)",
    ],
  );
});

test('references stand down: include, extends.file, an override file, a partial service; a merge supplies names', () => {
  const undefinedOnes = (text: string, uri = URI): string[] =>
    lint(text, uri).filter((l) => /Undefined/.test(l));
  const base = 'services:\n  web:\n    image: x\n    networks: [front]\n';
  assert.deepEqual(undefinedOnes(`include: [other.yaml]\n${base}`), []);
  assert.deepEqual(
    undefinedOnes(`${base}  api:\n    extends:\n      file: common.yaml\n      service: api\n`),
    [],
  );
  assert.deepEqual(undefinedOnes(base, 'file:///w/compose.override.yaml'), []);
  assert.deepEqual(undefinedOnes(`${base}  db:\n    environment: {A: 1}\n`), []);
  assert.deepEqual(
    undefinedOnes(
      'x-nets: &nets\n  front: {}\nservices:\n  web:\n    image: x\n    networks: [front]\nnetworks:\n  <<: *nets\n',
    ),
    [],
  );
  assert.deepEqual(undefinedOnes(base), [
    "4:16 UndefinedNetwork Network 'front' is not declared under the top-level networks",
  ]);
});

test('declare fixes: a new section, an entry added to an existing one, a secret with its file', () => {
  assert.equal(
    applyFix('services:\n  web:\n    image: x\n    networks: [front]\n', "Declare network 'front'"),
    'services:\n  web:\n    image: x\n    networks: [front]\nnetworks:\n  front:\n',
  );
  assert.equal(
    applyFix(
      'services:\n  web:\n    image: x\n    volumes: [logs:/logs]\nvolumes:\n  data:\n\nx-other: 1\n',
      "Declare volume 'logs'",
    ),
    'services:\n  web:\n    image: x\n    volumes: [logs:/logs]\nvolumes:\n  data:\n  logs:\n\nx-other: 1\n',
  );
  assert.equal(
    applyFix('services:\n  web:\n    image: x\n    secrets: [pw]', "Declare secret 'pw'"),
    'services:\n  web:\n    image: x\n    secrets: [pw]\nsecrets:\n  pw:\n    file: ./pw\n',
  );
  assert.equal(
    applyFix(
      'services:\n  db:\n    image: x\n  web:\n    image: x\n    depends_on: [bd]\n',
      "Change to 'db'",
    ),
    'services:\n  db:\n    image: x\n  web:\n    image: x\n    depends_on: [db]\n',
  );
});

/* ------------------------------------------------------------------ conflicts */

test('PortConflict: same host port, IP and protocol; not across profiles, IPs or protocols', () => {
  assert.deepEqual(
    only(
      'PortConflict',
      'services:\n  a:\n    image: x\n    ports: ["8080:80"]\n  b:\n    image: y\n    ports: ["0.0.0.0:8080:81"]\n',
    ),
    [
      "7:13 PortConflict Host port 8080 is also published by service 'a' (line 4): only one of them can bind it",
    ],
  );
  assert.deepEqual(
    only(
      'PortConflict',
      [
        'services:',
        '  a:',
        '    image: x',
        '    ports: ["8080:80", "53:53/udp"]',
        '    profiles: [dev]',
        '  b:',
        '    image: y',
        '    ports: ["8080:80"]',
        '    profiles: [prod]',
        '  c:',
        '    image: z',
        '    ports: ["127.0.0.1:9000:80", "53:53/tcp"]',
        '  d:',
        '    image: z',
        '    ports: ["192.168.1.2:9000:80"]',
        '',
      ].join('\n'),
    ),
    [],
  );
});

test('DuplicateContainerName', () => {
  assert.deepEqual(
    only(
      'DuplicateContainerName',
      'services:\n  a:\n    image: x\n    container_name: app\n  b:\n    image: y\n    container_name: app\n',
    ),
    ["7:21 DuplicateContainerName Container name 'app' is already used by the service on line 4"],
  );
  assert.deepEqual(
    only(
      'DuplicateContainerName',
      'services:\n  a:\n    image: x\n    container_name: app\n    profiles: [one]\n  b:\n    image: y\n    container_name: app\n    profiles: [two]\n',
    ),
    [],
  );
});

/* ------------------------------------------------------------------ legacy */

test('ObsoleteVersion: a warning with the Unnecessary tag, and the fix removes the line', () => {
  const text = 'version: "3.8"\nservices:\n  web:\n    image: x\n';
  const d = diagnostics(text).find((x) => x.code === 'ObsoleteVersion');
  assert.ok(d);
  assert.deepEqual(d.tags, [DiagnosticTag.Unnecessary]);
  assert.deepEqual(only('ObsoleteVersion', text), [
    "1:1 ObsoleteVersion 'version' is obsolete: Docker Compose ignores it",
  ]);
  assert.equal(applyFix(text, 'Remove the version line'), 'services:\n  web:\n    image: x\n');
  assert.deepEqual(only('ObsoleteVersion', 'services:\n  web:\n    image: x\n'), []);
});

test('ComposeV1File: one diagnostic for the file, and the fix moves the services under services:', () => {
  const text = '# app\nweb:\n  image: nginx\n  links: [db]\n\ndb:\n  image: postgres\n';
  assert.deepEqual(lint(text), [
    "2:1 ComposeV1File This file is in the Compose v1 format: the services must be under a 'services:' key",
  ]);
  assert.equal(
    applyFix(text, "Move the services under 'services:'"),
    '# app\nservices:\n  web:\n    image: nginx\n    links: [db]\n\n  db:\n    image: postgres\n',
  );
  assert.deepEqual(only('ComposeV1File', 'services:\n  web:\n    image: nginx\n'), []);
});

test('DeprecatedComposeKey: links and external.name say what replaced them', () => {
  const d = diagnostics(
    'services:\n  db:\n    image: x\n  web:\n    image: x\n    links: [db]\nnetworks:\n  n:\n    external:\n      name: shared\n',
  ).filter((x) => x.code === 'DeprecatedComposeKey');
  assert.deepEqual(
    d.map((x) => `${x.range.start.line + 1}:${x.range.start.character + 1} ${msg(x)}`),
    [
      "6:5 'links' is legacy: Kept for old files and may be removed; services on a shared network already reach each other by name",
      "10:7 'external.name' is legacy: Write `external: true` and put the name in `networks.<network>.name`.",
    ],
  );
  assert.deepEqual(d[0].tags, [DiagnosticTag.Deprecated]);
  assert.deepEqual(
    only('DeprecatedComposeKey', 'networks:\n  n:\n    external: true\n    name: shared\n'),
    [],
  );
});

/* ------------------------------------------------------------------ directive, fix all */

test('the disable directive: added by the action, honoured, and an unknown name reported', () => {
  const text = 'version: "3"\nservices:\n  web:\n    image: x\n';
  assert.equal(
    applyFix(text, 'Disable ObsoleteVersion for this file'),
    '# docker-inline-help: disable=ObsoleteVersion\nversion: "3"\nservices:\n  web:\n    image: x\n',
  );
  assert.deepEqual(lint(`# docker-inline-help: disable=ObsoleteVersion\n${text}`), []);
  assert.equal(
    applyFix(
      `# docker-inline-help: disable=PortConflict\n${text}`,
      'Disable ObsoleteVersion for this file',
    ),
    `# docker-inline-help: disable=PortConflict,ObsoleteVersion\n${text}`,
  );
  assert.deepEqual(lint(`# docker-inline-help: disable=ObsoleteVersio\n${text}`), [
    "1:31 UnknownDirectiveRule 'ObsoleteVersio' is not a rule code: this directive turns nothing off",
    "2:1 ObsoleteVersion 'version' is obsolete: Docker Compose ignores it",
  ]);
});

test('fix all applies the safe fixes together', () => {
  assert.equal(
    fixAll('version: "3"\nservices:\n  web:\n    imagee: x\n    restart: alway\n'),
    'services:\n  web:\n    image: x\n    restart: always\n',
  );
});

/* ------------------------------------------------------------------ valid files stay clean */

test('valid compose: anchors, merges, !reset/!override, x- blocks, build secrets long syntax', () => {
  const text = `name: shop
x-common: &common
  restart: unless-stopped
  networks: [back]
  logging: &log
    driver: json-file
    options:
      max-size: "10m"
services:
  db:
    <<: *common
    image: postgres:16
    volumes:
      - type: volume
        source: pgdata
        target: /var/lib/postgresql/data
      - type: bind
        source: ./init
        target: /docker-entrypoint-initdb.d
    healthcheck:
      test: ["CMD-SHELL", "pg_isready"]
      interval: 10s
  api:
    <<: *common
    build:
      context: .
      secrets:
        - source: npmrc
          target: .npmrc
          uid: "1000"
          gid: "1000"
          mode: 0400
    depends_on:
      db:
        condition: service_healthy
        restart: true
    ports: !override
      - "8080:8080"
    environment: !reset {}
    logging: *log
    secrets: [npmrc]
    stop_grace_period: 30s
  tools:
    image: alpine
    profiles: [tools]
    network_mode: service:db
    volumes_from: [db:ro]
networks:
  back:
volumes:
  pgdata:
secrets:
  npmrc:
    file: ./.npmrc
`;
  assert.deepEqual(lint(text), []);
});

test('a large file is checked part by part with the same findings at the same lines', () => {
  const lines = ['x-base: &base', '  restart: always', 'services:'];
  for (let i = 0; i < 1100; i++) lines.push(`  s${i}:`, '    <<: *base', `    image: img${i}`);
  const at = lines.length;
  lines.push(
    '  bad:',
    '    image: x',
    '    restart: sometimes',
    '    depends_on: [nosuch]',
    '    networks: [nonet]',
    '    environment:',
    '      A: 1',
    '      A: 2',
  );
  for (let i = 0; i < 10; i++)
    lines.push(`  t${i}:`, `    image: img${i}`, '    ports: ["8080:80"]');
  lines.push('networks:', '  front:', '');
  const text = lines.join('\n');
  assert.ok(text.split('\n').length > 2000);
  const l = (n: number): number => at + n;
  assert.deepEqual(lint(text), [
    `${l(3)}:14 InvalidComposeValue 'sometimes' is not a valid value of 'restart' (valid: no, always, on-failure, on-failure:<max-retries>, unless-stopped)`,
    `${l(4)}:18 UndefinedService 'nosuch' in depends_on is not a service of this file`,
    `${l(5)}:16 UndefinedNetwork Network 'nonet' is not declared under the top-level networks`,
    `${l(8)}:7 YamlDuplicateKey Key 'A' is already set on line ${l(7)}`,
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map(
      (i) =>
        `${l(8 + 3 * i + 3)}:13 PortConflict Host port 8080 is also published by service 't0' (line ${l(11)}): only one of them can bind it`,
    ),
  ]);
});

test('YamlUndefinedAlias: an anchor written only in a comment or inside a string is no anchor', () => {
  assert.deepEqual(
    only(
      'YamlUndefinedAlias',
      '# x-log: &log {driver: local}\nservices:\n  web:\n    image: x\n    logging: *log\n',
    ),
    ["5:14 YamlUndefinedAlias Alias '*log' has no anchor '&log' before it"],
  );
  assert.deepEqual(
    only(
      'YamlUndefinedAlias',
      'services:\n  web:\n    image: x\n    command: "run &log"\n    logging: *log\n',
    ),
    ["5:14 YamlUndefinedAlias Alias '*log' has no anchor '&log' before it"],
  );
});
