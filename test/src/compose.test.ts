import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyCompletion, headline, hover, labels } from './helpers';
import { entryPart } from '../../server/out/service/compose/composeWindow';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ComposeCheckMemo } from '../../server/out/service/compose/composeValidate';
import { ComposeFileState } from '../../server/out/service/compose/composeRules';
import { DocsIndex } from '../../server/out/service/docs/docsIndex';

const ch = (t: string): string | null => hover('dockercompose', t);
const cl = (t: string): string[] => labels('dockercompose', t);

const STACK = `services:
  vote:
    image: voting-app
    restart: unless-stopped
    ports:
      - "5000:80"
    depends_on:
      db:
        condition: service_healthy
    networks:
      - front-end
      - back-end
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: postgres
    healthcheck:
      test: ["CMD", "pg_isready"]
    deploy:
      resources:
        limits:
          cpus: "0.5"
networks:
  front-end:
    driver: bridge
    name: fe
  back-end:
volumes:
  data:
    name: pgdata
`;

function at(marker: string, delta = 1): string {
  const i = STACK.indexOf(marker);
  assert.ok(i >= 0, marker);
  return STACK.slice(0, i + delta) + '¦' + STACK.slice(i + delta);
}

test('hover on keys at every depth picks the note for that path', () => {
  assert.match(headline(ch(at('services:'))), /^\*\*services\*\* — /);
  assert.match(
    headline(ch(at('image: voting'))),
    /^\*\*image\*\* \(`services\.<service>\.image`\) — /,
  );
  assert.match(
    headline(ch(at('condition:'))),
    /^\*\*condition\*\* \(`services\.<service>\.depends_on\.<service>\.condition`\) — /,
  );
  assert.match(
    headline(ch(at('cpus:'))),
    /^\*\*cpus\*\* \(`services\.<service>\.deploy\.resources\.limits\.cpus`\) — /,
  );
  assert.match(
    headline(ch(at('test:'))),
    /^\*\*test\*\* \(`services\.<service>\.healthcheck\.test`\) — /,
  );
  assert.match(
    headline(ch(at('driver: bridge'))),
    /^\*\*driver\*\* \(`networks\.<network>\.driver`\) — /,
  );
});

test('`name` at the top level, under a network and under a volume are three different notes', () => {
  const top = headline(ch('na¦me: myproject\nservices: {}\n'));
  const net = headline(ch(at('name: fe')));
  const vol = headline(ch(at('name: pgdata')));
  assert.match(top, /^\*\*name\*\* — /);
  assert.match(net, /^\*\*name\*\* \(`networks\.<network>\.name`\) — /);
  assert.match(vol, /^\*\*name\*\* \(`volumes\.<volume>\.name`\) — /);
  assert.notEqual(net.split(' — ')[1], vol.split(' — ')[1]);
});

test('hover on enumerated values points the value out', () => {
  assert.match(ch(at('unless-stopped', 3)) ?? '', /\*\*`unless-stopped`\*\* ◀/);
  assert.match(ch(at('service_healthy', 3)) ?? '', /\*\*`service_healthy`\*\* ◀/);
  assert.match(ch(at('bridge', 2)) ?? '', /\*\*`bridge`\*\* ◀/);
});

test('hover on references says where they are declared', () => {
  assert.match(ch(at('- front-end', 4)) ?? '', /`front-end` is the network declared on line 24\./);
  assert.match(
    ch(at('db:\n        condition', 1)) ?? '',
    /`db` refers to the service declared on line 13\./,
  );
  assert.match(
    ch('services:\n  web:\n    networks:\n      - nowh¦ere\n') ?? '',
    /No network named `nowhere` is declared under top-level `networks` in this file\./,
  );
});

test('ports short syntax: which side is the host', () => {
  assert.match(
    ch(at('5000:80', 2)) ?? '',
    /Host port `5000` \(left\) forwards to container port `80` \(right\), tcp\./,
  );
});

test('volumes short syntax: named volume or bind mount, and where the volume is declared', () => {
  const doc =
    'services:\n  db:\n    volumes:\n      - db-data:/var/lib/postgresql/d¦ata\n      - ./init:/docker-entrypoint-initdb.d:ro\nvolumes:\n  db-data:\n';
  const named = ch(doc) ?? '';
  assert.match(named, /`db-data` is the volume declared on line 7\./);
  assert.match(
    named,
    /Named volume `db-data` is mounted at `\/var\/lib\/postgresql\/data` in the container\./,
  );
  assert.match(
    ch(doc.replace('volumes:\n  db-data:\n', '')) ?? '',
    /No volume named `db-data` is declared under top-level `volumes` in this file\./,
  );
  assert.ok(
    !/No volume named/.test(ch(doc.replace('d¦ata', 'data').replace('./init:', './in¦it:')) ?? ''),
  );
  assert.match(
    ch(doc.replace('d¦ata', 'data').replace('./init:', './in¦it:')) ?? '',
    /Bind mount: host path `\.\/init` is mounted at `\/docker-entrypoint-initdb\.d` in the container, options `ro`\./,
  );
});

test('interpolation: ${VAR:-default} and friends say what Compose substitutes', () => {
  assert.match(
    ch('services:\n  web:\n    image: "app:${TA¦G:-latest}"\n') ?? '',
    /The value of `TAG`, or `latest` when it is unset or empty\./,
  );
  assert.match(
    ch('services:\n  web:\n    ports:\n      - "${WEB_P¦ORT}:80"\n') ?? '',
    /The value of `WEB_PORT` from the shell or the \.env file/,
  );
  assert.match(
    ch('services:\n  web:\n    environment:\n      PW: ${DB_PASSWORD:?set it¦}\n') ?? '',
    /Compose stops with "set it" when it is unset or empty\./,
  );
  assert.match(
    ch('services:\n  web:\n    command: echo $¦$HOME\n') ?? '',
    /`\$\$` is a literal `\$`/,
  );
  assert.match(
    headline(ch('services:\n  web:\n    image: "app:${TA¦G}"\n')),
    /^\*\*compose interpolation\*\* — /,
  );
});

test("text from the user's file never reaches the hover as raw HTML", () => {
  // inside code spans and fences markdown shows text literally; everywhere else `<` must be escaped
  const outsideCode = (md: string): string =>
    md.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const h = ch('services:\n  web:\n    networks:\n      - <img¦ src=x onerror=alert(1)>\n') ?? '';
  assert.ok(h.length > 0);
  assert.ok(!outsideCode(h).includes('<img'), h);
  const b = ch('services:\n  web:\n    networks:\n      - a`<b>`¦c\n') ?? '';
  assert.ok(!outsideCode(b).includes('<b>'), b);
});

test('the version hover tells the v1 / v2 / v3 story and that the field is obsolete', () => {
  const v = ch('vers¦ion: "3"\nservices: {}\n') ?? '';
  assert.match(v, /v1|version 1/i);
  assert.match(v, /links/);
  assert.match(v, /depends_on/);
  assert.match(v, /swarm/i);
  assert.match(v, /deploy/);
  assert.match(v, /obsolete|ignored/i);
});

test('links explains why it is legacy and depends_on explains start order and conditions', () => {
  const links = ch('services:\n  vote:\n    lin¦ks:\n      - redis\n') ?? '';
  assert.match(links, /legacy|deprecated/i);
  assert.match(links, /network/i);
  const dep = ch('services:\n  vote:\n    depends¦_on: [db]\n') ?? '';
  assert.match(dep, /order/i);
  assert.match(dep, /service_healthy/);
});

test('hover names the matching docker run flag', () => {
  assert.match(ch(at('ports:')) ?? '', /\*\*docker run:\*\* `-p, --publish`/);
  assert.match(
    ch('services:\n  a:\n    environ¦ment: {}\n') ?? '',
    /\*\*docker run:\*\* `-e, --env`/,
  );
});

test('entries of free-form maps, service names, anchors, merge keys, !reset, several documents', () => {
  assert.match(ch(at('POSTGRES_USER')) ?? '', /`POSTGRES_USER` is an entry of `environment`\./);
  assert.match(ch(at('  db:\n    image', 3)) ?? '', /`db` is a service defined in `services`\./);
  const anchors =
    'x-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n    ima¦ge: nginx\n';
  assert.match(headline(ch(anchors)), /^\*\*image\*\* \(`services\.<service>\.image`\)/);
  assert.match(
    headline(
      ch('services:\n  web:\n    ports: !reset []\n    restart: !override always\n    imag¦e: x\n'),
    ),
    /^\*\*image\*\* \(`services\.<service>\.image`\)/,
  );
  assert.match(
    headline(ch('services:\n  a:\n    image: x\n---\nservices:\n  b:\n    restar¦t: always\n')),
    /^\*\*restart\*\* \(`services\.<service>\.restart`\)/,
  );
});

test('yaml files with a compose name are served; other yaml files are not', () => {
  assert.match(
    headline(hover('yaml', 'servi¦ces:\n  a: {}\n', 'file:///w/docker-compose.prod.yml')),
    /^\*\*services\*\*/,
  );
  assert.match(
    headline(hover('yaml', 'servi¦ces:\n  a: {}\n', 'file:///w/compose.override.yaml')),
    /^\*\*services\*\*/,
  );
  assert.equal(hover('yaml', 'servi¦ces:\n  a: {}\n', 'file:///w/ci.yml'), null);
});

test('invalid or half-typed YAML still answers', () => {
  assert.match(
    headline(
      ch('services:\n  web:\n    image: x\n    ports:\n      - "80:80\n    rest¦art: always\n'),
    ),
    /^\*\*restart\*\* \(`services\.<service>\.restart`\)/,
  );
  assert.equal(ch('¦'), null);
  assert.ok(cl('services:\n  web:\n    image: nginx\n    restart: [oops\n    ¦').includes('ports'));
  assert.deepEqual(cl('services:\n  web:\n    image: nginx\n    restart: ¦\n  bad: [\n'), [
    'no',
    'always',
    'on-failure',
    'unless-stopped',
  ]);
});

test('key completion by context path: only keys not already present, valid at the cursor', () => {
  const top = cl('services:\n  a:\n    image: x\n¦');
  assert.ok(top.includes('networks') && top.includes('volumes') && top.includes('secrets'));
  assert.ok(!top.includes('services'));
  const svc = cl('services:\n  web:\n    image: nginx\n    ¦');
  assert.ok(
    svc.includes('networks') &&
      svc.includes('ports') &&
      svc.includes('depends_on') &&
      svc.includes('healthcheck'),
  );
  assert.ok(!svc.includes('image'));
  assert.ok(svc.length > 80, `only ${svc.length} service keys`);
  assert.deepEqual(cl('services:\n  web:\n    deploy:\n      ¦').sort(), [
    'endpoint_mode',
    'labels',
    'mode',
    'placement',
    'replicas',
    'resources',
    'restart_policy',
    'rollback_config',
    'update_config',
  ]);
  const port = cl('services:\n  web:\n    ports:\n      - target: 80\n        ¦');
  assert.ok(port.includes('published') && port.includes('protocol') && !port.includes('target'));
});

test('key completion inserts the right shape and indentation', () => {
  assert.equal(
    applyCompletion('dockercompose', 'services:\n  web:\n    image: x\n    netw¦', 'networks'),
    'services:\n  web:\n    image: x\n    networks:\n      ',
  );
  assert.equal(
    applyCompletion('dockercompose', 'services:\n  web:\n    image: x\n    cap_a¦', 'cap_add'),
    'services:\n  web:\n    image: x\n    cap_add:\n      - ',
  );
  assert.equal(
    applyCompletion('dockercompose', 'services:\n  web:\n    image: x\n    resta¦', 'restart'),
    'services:\n  web:\n    image: x\n    restart: ',
  );
  assert.equal(
    applyCompletion(
      'dockercompose',
      'services:\n    web:\n        image: x\n        dep¦',
      'deploy',
    ),
    'services:\n    web:\n        image: x\n        deploy:\n            ',
  );
});

test('value completion for enumerated keys', () => {
  assert.deepEqual(cl('services:\n  web:\n    restart: ¦'), [
    'no',
    'always',
    'on-failure',
    'unless-stopped',
  ]);
  assert.equal(
    applyCompletion('dockercompose', 'services:\n  web:\n    restart: ¦', 'no'),
    'services:\n  web:\n    restart: "no"',
  );
  assert.ok(cl('services:\n  web:\n    pull_policy: ¦').includes('missing'));
  assert.ok(cl('services:\n  web:\n    ipc: ¦').includes('shareable'));
  assert.deepEqual(cl('services:\n  web:\n    depends_on:\n      db:\n        condition: ¦'), [
    'service_started',
    'service_healthy',
    'service_completed_successfully',
  ]);
  assert.deepEqual(cl('services:\n  web:\n    deploy:\n      mode: ¦').sort(), [
    'global',
    'global-job',
    'replicated',
    'replicated-job',
  ]);
  assert.deepEqual(cl('services:\n  web:\n    deploy:\n      endpoint_mode: ¦').sort(), [
    'dnsrr',
    'vip',
  ]);
  assert.deepEqual(
    cl('services:\n  web:\n    deploy:\n      restart_policy:\n        condition: ¦').sort(),
    ['any', 'none', 'on-failure'],
  );
  assert.deepEqual(
    cl('services:\n  web:\n    deploy:\n      update_config:\n        order: ¦').sort(),
    ['start-first', 'stop-first'],
  );
  assert.ok(
    cl('services:\n  web:\n    deploy:\n      update_config:\n        failure_action: ¦').includes(
      'rollback',
    ),
  );
  assert.ok(cl('services:\n  web:\n    volumes:\n      - type: ¦').includes('tmpfs'));
  assert.ok(
    cl('services:\n  web:\n    ports:\n      - target: 80\n        protocol: ¦').includes('udp'),
  );
  assert.ok(
    cl('services:\n  web:\n    ports:\n      - target: 80\n        mode: ¦').includes('ingress'),
  );
  assert.ok(cl('services:\n  web:\n    logging:\n      driver: ¦').includes('json-file'));
  assert.ok(cl('networks:\n  n:\n    driver: ¦').includes('overlay'));
  assert.deepEqual(cl('volumes:\n  data:\n    driver: ¦'), ['local']);
  assert.ok(cl('services:\n  web:\n    pid: ¦').includes('host'));
  assert.ok(cl('services:\n  web:\n    cgroup: ¦').includes('private'));
  assert.ok(cl('services:\n  web:\n    isolation: ¦').includes('hyperv'));
});

test('reference completion: services, networks, volumes, secrets, configs', () => {
  const doc =
    'services:\n  web:\n    depends_on:\n      - ¦\n  db:\n    image: x\n  cache:\n    image: y\n';
  assert.deepEqual(cl(doc), ['db', 'cache']);
  assert.deepEqual(
    cl('services:\n  web:\n    networks:\n      - ¦\nnetworks:\n  front:\n  back:\n'),
    ['front', 'back'],
  );
  assert.ok(
    cl('services:\n  web:\n    network_mode: ¦\n  db:\n    image: x\n').includes('service:db'),
  );
  assert.deepEqual(
    cl('services:\n  web:\n    extends:\n      service: ¦\n  base:\n    image: x\n'),
    ['base'],
  );
  assert.ok(
    cl(
      'services:\n  web:\n    secrets:\n      - ¦\nsecrets:\n  db_pass:\n    file: ./p.txt\n',
    ).includes('db_pass'),
  );
  assert.ok(
    cl(
      'services:\n  web:\n    configs:\n      - ¦\nconfigs:\n  nginx_conf:\n    file: ./n.conf\n',
    ).includes('nginx_conf'),
  );
  assert.ok(
    cl('services:\n  web:\n    links:\n      - ¦\n  redis:\n    image: redis\n').includes('redis'),
  );
});

test('the part of a compose entry a hover reads: the key at the body indentation and what is under it', () => {
  const text = [
    'services:', //              0
    '  web:', //                 1
    '    image: nginx', //       2
    '    ports:', //             3
    '      - "80:80"', //        4
    '    # a comment', //        5
    '', //                       6
    '    environment:', //       7
    '      A: "1"', //           8
    '  db:', //                  9
    '    image: postgres', //    10
    '    volumes: &v', //        11
    '      - data:/d', //        12
    '  list:', //                13
    '    - a', //                14
    '  "quoted":', //            15
    '    "key": 1', //           16
    '    ? complex', //          17
    '    : 1', //                18
  ].join('\n');
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  starts.push(text.length);
  const part = (start: number, end: number, line: number): string => {
    const p = entryPart(text, starts, { start, end }, line);
    return p ? `${p.start}-${p.end}` : 'whole entry';
  };
  assert.equal(part(1, 8, 2), '2-2');
  // the trailing comment and blank line go with the key above them
  assert.equal(part(1, 8, 4), '3-6');
  assert.equal(part(1, 8, 8), '7-8');
  assert.equal(part(1, 8, 1), 'whole entry'); // the entry's key line
  assert.equal(part(1, 8, 5), 'whole entry'); // a comment
  assert.equal(part(1, 8, 6), 'whole entry'); // a blank line
  assert.equal(part(9, 12, 10), 'whole entry'); // an anchor in the entry
  assert.equal(part(13, 14, 14), 'whole entry'); // a sequence
  assert.equal(part(15, 16, 16), '16-16'); // a quoted key
  assert.equal(part(15, 18, 16), 'whole entry'); // a complex key in the body
});

test('the compose check memo: a check that begins ends the one before; a new context drops what was kept', () => {
  const memo = new ComposeCheckMemo();
  const doc = TextDocument.create('file:///w/compose.yaml', 'dockercompose', 1, 'services: {}\n');
  const state = (): ComposeFileState =>
    new ComposeFileState(new DocsIndex({ version: 1, entries: [] }), doc);
  const a = state();
  const first = memo.begin(['ctx']);
  first.set('k1', a);
  first.end();
  const older = memo.begin(['ctx']);
  const newer = memo.begin(['ctx']);
  // the older run is over: it reads nothing and keeps nothing
  assert.equal(older.get('k1'), undefined);
  older.set('k2', state());
  older.end();
  assert.equal(newer.get('k1'), a);
  assert.equal(newer.get('k2'), undefined);
  newer.end();
  assert.equal(memo.begin(['ctx']).get('k1'), a);
  // another context (the skeleton or the notes changed): nothing is kept
  assert.equal(memo.begin(['other']).get('k1'), undefined);
});
