/**
 * A compact window of a large Dockerfile (server/src/service/dockerfile/mappedParse.ts): the
 * parser reads only the window's lines, and every range of the AST is the document's, the ranges
 * made while parsing and those the AST makes later on demand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Run } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import { parseMapped } from '../../server/out/service/dockerfile/mappedParse';

const at = (r: Range): string =>
  `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

// window lines 0-1 are document lines 0-1 (the directives), window lines 2-3 document lines
// 120-121, window line 4 document line 4000
const WINDOW = [
  '# syntax=docker/dockerfile:1',
  '# escape=`',
  'FROM alpine AS base',
  'ARG VERSION=1',
  'RUN --mount=type=cache,target=/root/.cache `',
  '    echo $VERSION',
].join('\n');
const MAP = { wStart: [0, 2, 4], dStart: [0, 120, 4000] };

test('the ranges of a mapped window are the document’s, eager and on demand', () => {
  const ast = parseMapped(WINDOW, MAP);
  assert.ok(ast, 'the parser made its document with TextDocument.create');
  assert.deepEqual(
    ast.getDirectives().map((d) => `${d.getName()} ${at(d.getRange())}`),
    ['syntax 0:0-0:28', 'escape 1:0-1:10'],
  );
  assert.deepEqual(
    ast.getInstructions().map((i) => `${i.getKeyword()} ${at(i.getRange())}`),
    ['FROM 120:0-120:19', 'ARG 121:0-121:13', 'RUN 4000:0-4001:17'],
  );
  const run = ast.getInstructions()[2] as Run;
  // flags, their options, arguments and variables are made when asked for
  const mount = run.getFlags()[0];
  assert.equal(at(mount.getRange()), '4000:4-4000:42');
  assert.deepEqual(
    mount.getOptions().map((o) => `${o.getName()} ${at(o.getRange())}`),
    ['type 4000:12-4000:22', 'target 4000:23-4000:42'],
  );
  assert.deepEqual(
    run.getArguments().map((a) => `${a.getValue()} ${at(a.getRange())}`),
    ['echo 4001:4-4001:8', '$VERSION 4001:9-4001:17'],
  );
  assert.deepEqual(
    run.getVariables().map((v) => `${v.getName()} ${at(v.getNameRange())}`),
    ['VERSION 4001:10-4001:17'],
  );
  assert.equal(ast.getARGs()[0].getProperty()?.getValue(), '1');
  assert.equal(ast.getFROMs()[0].getBuildStage(), 'base');
  // the escape directive holds: the backtick continues the RUN line
  assert.equal(ast.getEscapeCharacter(), '`');
});

test('an unmapped window parses as it reads', () => {
  const ast = parseMapped('FROM alpine\nUSER app', { wStart: [], dStart: [] });
  assert.deepEqual(
    ast?.getInstructions().map((i) => at(i.getRange())),
    ['0:0-0:11', '1:0-1:8'],
  );
});
