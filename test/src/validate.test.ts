import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ROOT, service } from './helpers';

const validate = (languageId: string, uri: string, text: string): string[] =>
  service()
    .doValidate(TextDocument.create(uri, languageId, 1, text))
    .map(
      (d) =>
        `${d.range.start.line + 1}:${d.range.start.character + 1} ${typeof d.message === 'string' ? d.message : d.message.value}`,
    );

test('unknown compose keys are flagged where the notes know the valid keys', () => {
  const text =
    'services:\n  web:\n    imagee: x\n    environment:\n      ANYTHING: 1\n    deploy:\n      resources:\n        limits:\n          cpu: 1\n    ports:\n      - target: 80\n        publishd: 8080\nx-defaults:\n  whatever: 1\nnetworks:\n  front:\n    drivr: bridge\n';
  assert.deepEqual(validate('dockercompose', 'file:///w/compose.yaml', text), [
    '3:5 Unknown key "imagee" at services.<service> (did you mean "image"?).',
    '9:11 Unknown key "cpu" at services.<service>.deploy.resources.limits (did you mean "cpus"?).',
    '12:9 Unknown key "publishd" at services.<service>.ports (did you mean "published"?).',
    '17:5 Unknown key "drivr" at networks.<network> (did you mean "driver"?).',
  ]);
});

test('a realistic compose file with anchors, merge keys and long forms has no warnings', () => {
  const text = `x-common: &common
  restart: unless-stopped
  logging:
    driver: json-file
    options:
      max-size: "10m"
name: shop
services:
  db:
    <<: *common
    image: postgres:16
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets: [db_password]
    volumes:
      - type: volume
        source: data
        target: /var/lib/postgresql/data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
      interval: 10s
      retries: 5
  api:
    <<: *common
    build:
      context: ./api
      args:
        NODE_ENV: production
    depends_on:
      db:
        condition: service_healthy
    ports:
      - "8080:8080"
      - target: 9229
        published: "9229"
        protocol: tcp
    deploy:
      resources:
        limits: { cpus: "0.5", memory: 512M }
    develop:
      watch:
        - action: sync
          path: ./api/src
          target: /app/src
    networks:
      backend:
        aliases: [api.internal]
volumes:
  data: {}
networks:
  backend:
    driver: bridge
    ipam:
      config:
        - subnet: 172.28.0.0/16
secrets:
  db_password:
    file: ./db_password.txt
`;
  assert.deepEqual(validate('dockercompose', 'file:///w/compose.yaml', text), []);
});

test('Dockerfile typos in flags, mount options and instructions are flagged', () => {
  const text =
    'FROM a\nCOPY --chmood=1 . .\nRUN --mount=type=cache,sharng=locked,target=/x ls\nRUN <<EOF\napt-get update\nEOF\nFROBNICATE x\n';
  assert.deepEqual(validate('dockerfile', 'file:///w/Dockerfile', text), [
    '2:6 Unknown flag "--chmood" for COPY (did you mean --chmod?)',
    '3:24 "sharng" is not an option of type=cache mounts (did you mean sharing?)',
    '7:1 Unknown instruction "FROBNICATE".',
  ]);
});

test("the project's own snippets and examples produce no warnings", () => {
  const expand = (body: string | string[]): string =>
    (Array.isArray(body) ? body.join('\n') : body)
      .replace(/\$\{\d+:([^${}]*)\}/g, '$1')
      .replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, '$1')
      .replace(/\$\d+/g, '')
      // a snippet escapes $, } and \ with a backslash
      .replace(/\\([\\$}])/g, '$1');
  const compose = JSON.parse(
    readFileSync(join(ROOT, 'snippets', 'compose.json'), 'utf8'),
  ) as Record<string, { body: string[] }>;
  for (const [name, s] of Object.entries(compose)) {
    const text = expand(s.body);
    // service-level snippets are written at service indentation: put them under services:
    const doc =
      /^\S+:\s*$/m.test(text.split('\n')[0]) &&
      !/^(services|version|volumes|secrets|networks):/m.test(text)
        ? `services:\n${text.replace(/^/gm, '  ')}`
        : text;
    // a service snippet is a fragment: the services and volumes it names live in the file it goes in
    const found = validate('dockercompose', 'file:///w/compose.yaml', doc).filter(
      (m) =>
        doc === text ||
        !/is not declared under the top-level|is not a service of this file/.test(m),
    );
    assert.deepEqual(found, [], name);
  }
  const dockerfile = JSON.parse(
    readFileSync(join(ROOT, 'snippets', 'dockerfile.json'), 'utf8'),
  ) as Record<string, { body: string[] }>;
  for (const [name, s] of Object.entries(dockerfile)) {
    assert.deepEqual(validate('dockerfile', 'file:///w/Dockerfile', expand(s.body)), [], name);
  }
});
