/**
 * The compose notes and the Compose Specification's JSON schema name the same keys.
 *
 * The test walks bench/schema/compose-spec.json (the compose-spec repository's
 * schema/compose-spec.json) and writes every key as the notes name it: segments joined with `.`,
 * `*` where the file has a user-chosen name (a service, a network, a ulimit …), and no segment for
 * the items of a list (a long-form port's `target` is `services.*.ports.target`). It fails when a
 * schema key has no note, and when a compose note names a key that neither the schema nor the list
 * of Docker Compose extensions below holds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinNotes, ROOT } from './helpers';

/**
 * Keys that Docker Compose accepts although the Compose Specification's schema does not have them:
 * compose-go validates files against its own copy of the schema (compose-go
 * schema/compose-spec.json, v2.13.0), which adds these.
 */
const COMPOSE_GO_EXTENSIONS: Record<string, string> = {
  'services.*.build.no_cache_filter': 'compose-go v2.10.0, Docker Compose v5.0.0',
  'services.*.pre_start': 'compose-go v2.13.0, Docker Compose v5.3.0',
  'services.*.pre_start.command': 'compose-go v2.13.0',
  'services.*.pre_start.environment': 'compose-go v2.13.0',
  'services.*.pre_start.image': 'compose-go v2.13.0',
  'services.*.pre_start.per_replica': 'compose-go v2.13.0',
  'services.*.pre_start.privileged': 'compose-go v2.13.0',
  'services.*.pre_start.user': 'compose-go v2.13.0',
  'services.*.pre_start.working_dir': 'compose-go v2.13.0',
};

type Schema = { [key: string]: unknown };

const isObject = (v: unknown): v is Schema =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every key path of the schema, written as the notes write them. */
function schemaPaths(root: Schema): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const resolve = (ref: string): Schema | undefined => {
    let node: unknown = root;
    for (const part of ref.replace(/^#\//, '').split('/')) {
      node = isObject(node) ? node[part] : undefined;
    }
    return isObject(node) ? node : undefined;
  };
  const join2 = (path: string, seg: string): string => (path ? `${path}.${seg}` : seg);
  const walk = (node: unknown, path: string, depth: number): void => {
    if (!isObject(node) || depth > 60) return;
    if (typeof node.$ref === 'string') {
      const key = `${path}|${node.$ref}`;
      if (seen.has(key)) return;
      seen.add(key);
      walk(resolve(node.$ref), path, depth + 1);
      return;
    }
    if (isObject(node.properties)) {
      for (const [name, child] of Object.entries(node.properties)) {
        out.add(join2(path, name));
        walk(child, join2(path, name), depth + 1);
      }
    }
    if (isObject(node.patternProperties)) {
      for (const [pattern, child] of Object.entries(node.patternProperties)) {
        // `x-` keys are extensions: free-form by definition
        if (pattern.startsWith('^x-')) continue;
        walk(child, join2(path, '*'), depth + 1);
      }
    }
    if (isObject(node.additionalProperties))
      walk(node.additionalProperties, join2(path, '*'), depth + 1);
    for (const k of ['oneOf', 'anyOf', 'allOf']) {
      const alternatives = node[k];
      if (Array.isArray(alternatives)) for (const a of alternatives) walk(a, path, depth + 1);
    }
    // the items of a list add no segment
    if (isObject(node.items)) walk(node.items, path, depth + 1);
  };
  walk(root, '', 0);
  return out;
}

const schema = JSON.parse(
  readFileSync(join(ROOT, 'bench', 'schema', 'compose-spec.json'), 'utf8'),
) as Schema;
const paths = schemaPaths(schema);
const notes = new Set(
  builtinNotes()
    .entries.filter((e) => e.kind === 'compose-key')
    .map((e) => e.name),
);

test('the walk writes schema keys the way the notes name them', () => {
  // one key of each kind of step: property, user-chosen name, list item, alternatives, $ref
  for (const p of [
    'version',
    'services.*.image',
    'services.*.ports.target',
    'services.*.depends_on.*.condition',
    'services.*.ulimits.*.soft',
    'services.*.deploy.resources.reservations.devices.capabilities',
    'services.*.blkio_config.weight_device.path',
    'networks.*.ipam.config.subnet',
    'include.project_directory',
  ])
    assert.ok(paths.has(p), p);
  // free-form maps (labels, environment) and extension keys add nothing below them
  assert.equal(
    [...paths].filter((p) => /\.(labels|environment)\.|(^|\.)x-/.test(p)).join(', '),
    '',
  );
});

test('every key of the compose-spec schema has a note', () => {
  const missing = [...paths].filter((p) => !notes.has(p)).sort();
  assert.deepEqual(missing, []);
});

test('every compose note names a key of the schema or a Docker Compose extension', () => {
  const unknown = [...notes].filter((n) => !paths.has(n) && !(n in COMPOSE_GO_EXTENSIONS)).sort();
  assert.deepEqual(unknown, []);
});

test('the Docker Compose extensions are not in the schema and have notes', () => {
  const names = Object.keys(COMPOSE_GO_EXTENSIONS);
  // once the specification takes one over, it belongs to the schema walk, not to this list
  assert.deepEqual(
    names.filter((n) => paths.has(n)),
    [],
  );
  assert.deepEqual(
    names.filter((n) => !notes.has(n)),
    [],
  );
});
