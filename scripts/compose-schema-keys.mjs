#!/usr/bin/env node
// Writes test/data/compose-schema-keys.json: every key path of the Compose Specification's JSON
// schema, written the way the compose notes name them (segments joined with `.`, `*` for a
// user-chosen name, no segment for the items of a list). test/src/composeSchema.test.ts checks
// that every such key has a note and every compose note names one.
//
// The list holds key names only (facts about the specification); the schema itself is not kept in
// the repository. Regenerate it from a copy of the compose-spec repository's schema when the
// specification changes:
//
//   node scripts/compose-schema-keys.mjs path/to/compose-spec.json "compose-spec schema of 2025-10-21"
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every key path of a compose JSON schema, as the notes write them. */
export function schemaKeys(root) {
  const out = new Set();
  const seen = new Set();
  const resolve = (ref) => {
    let node = root;
    for (const part of ref.replace(/^#\//, '').split('/'))
      node = isObject(node) ? node[part] : undefined;
    return isObject(node) ? node : undefined;
  };
  const join2 = (path, seg) => (path ? `${path}.${seg}` : seg);
  const walk = (node, path, depth) => {
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
      if (Array.isArray(node[k])) for (const a of node[k]) walk(a, path, depth + 1);
    }
    // the items of a list add no segment
    if (isObject(node.items)) walk(node.items, path, depth + 1);
  };
  walk(root, '', 0);
  return [...out].sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [schemaPath, source] = process.argv.slice(2);
  if (!schemaPath || !source) {
    console.error('usage: node scripts/compose-schema-keys.mjs SCHEMA.json "where it comes from"');
    process.exit(2);
  }
  const keys = schemaKeys(JSON.parse(readFileSync(schemaPath, 'utf8')));
  const out = join(
    dirname(fileURLToPath(import.meta.url)),
    '..',
    'test',
    'data',
    'compose-schema-keys.json',
  );
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ source, keys }, null, 2)}\n`);
  console.log(`${keys.length} keys written to ${out}`);
}
