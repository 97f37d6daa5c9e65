import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DockerfileParser } from 'dockerfile-ast';
import { snippetPreview } from '../../server/out/service/docs/snippets';
import { ROOT } from './helpers';

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

/** Expand a snippet body the way the editor does when every placeholder keeps its default. */
function expand(body: string | string[]): string {
  return snippetPreview(Array.isArray(body) ? body.join('\n') : body) + '\n';
}

function load(file: string): Record<string, Snippet> {
  return JSON.parse(readFileSync(join(ROOT, 'snippets', file), 'utf8')) as Record<string, Snippet>;
}

test('every compose snippet expands to valid YAML with no tabs', () => {
  const snippets = load('compose.json');
  assert.ok(Object.keys(snippets).length >= 8);
  for (const [name, s] of Object.entries(snippets)) {
    const text = expand(s.body);
    assert.ok(!text.includes('\t'), `${name} has a tab`);
    const docs = parseAllDocuments(text);
    const errors = (Array.isArray(docs) ? docs : []).flatMap((d) => d.errors.map((e) => e.message));
    assert.deepEqual(errors, [], `${name}:\n${text}`);
  }
});

test('the voting-app stack and the two-network stack match the seed', () => {
  const snippets = Object.values(load('compose.json'));
  const voting = snippets.find((s) => [s.prefix].flat().includes('compose-voting-app'));
  assert.ok(voting);
  const v = parseAllDocuments(expand(voting.body));
  const doc = (Array.isArray(v) ? v[0] : undefined)?.toJS() as {
    services: Record<string, { image?: string; ports?: string[] }>;
  };
  assert.deepEqual(Object.keys(doc.services).sort(), ['db', 'redis', 'result', 'vote', 'worker']);
  assert.deepEqual(doc.services.vote.ports, ['5000:80']);
  assert.deepEqual(doc.services.result.ports, ['5001:80']);
  const two = snippets.find((s) => [s.prefix].flat().includes('compose-two-networks'));
  assert.ok(two);
  const t = (
    parseAllDocuments(expand(two.body)) as unknown as {
      toJS(): {
        networks: Record<string, unknown>;
        services: Record<string, { networks: string[] }>;
      };
    }[]
  )[0].toJS();
  assert.deepEqual(Object.keys(t.networks).sort(), ['back-end', 'front-end']);
  assert.deepEqual(t.services.vote.networks.sort(), ['back-end', 'front-end']);
  assert.deepEqual(t.services.db.networks, ['back-end']);
});

test('every Dockerfile snippet parses and starts with a known instruction', () => {
  const snippets = load('dockerfile.json');
  assert.ok(Object.keys(snippets).length >= 8);
  for (const [name, s] of Object.entries(snippets)) {
    const text = expand(s.body);
    const ast = DockerfileParser.parse(text);
    const instructions = ast.getInstructions();
    assert.ok(instructions.length > 0, name);
    for (const i of instructions) {
      assert.match(
        i.getKeyword(),
        /^(FROM|RUN|CMD|LABEL|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL)$/,
        `${name}: ${i.getKeyword()}`,
      );
    }
  }
});

test('the server serves every snippet of both files, each with the place it belongs', () => {
  const index = JSON.parse(readFileSync(join(ROOT, 'dist', 'docs-index.json'), 'utf8')) as {
    snippets: { language: string; prefix: string; context: string }[];
  };
  assert.deepEqual(
    index.snippets.map((s) => `${s.language} ${s.context} ${s.prefix}`),
    [
      'compose file compose-voting-app',
      'compose file compose-two-networks',
      'compose service service-postgres',
      'compose service service-mysql',
      'compose service service-redis',
      'compose service service-nginx',
      'compose service service-build',
      'compose top-level volume-named',
      'compose file compose-secret',
      'dockerfile file multistage',
      'dockerfile file multistage-go',
      'dockerfile instruction cachemount',
      'dockerfile instruction cachemount-npm',
      'dockerfile instruction nonroot',
      'dockerfile instruction healthcheck',
      'dockerfile instruction entrypoint-cmd',
      'dockerfile file flask',
      'dockerfile instruction argenv',
      'dockerfile instruction heredoc',
      'dockerfile instruction copylink',
      'dockerfile instruction secretmount',
    ],
  );
});
