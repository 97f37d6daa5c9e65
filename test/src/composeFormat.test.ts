/**
 * The compose formatter: indentation only, from the parse. The whole text after formatting, a tidy
 * file left byte for byte alone, formatting twice changing nothing, range formatting touching only
 * the range, and everything users complain other formatters break left as written: anchors,
 * comments, quoting, flow style, block scalars.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { service } from './helpers';

function format(text: string, tabSize = 2, range?: Range): string {
  const doc = TextDocument.create('file:///w/compose.yaml', 'dockercompose', 1, text);
  return TextDocument.applyEdits(
    doc,
    service().doFormat(doc, { tabSize, insertSpaces: true }, range),
  );
}

function edits(text: string, tabSize = 2): number {
  const doc = TextDocument.create('file:///w/compose.yaml', 'dockercompose', 1, text);
  return service().doFormat(doc, { tabSize, insertSpaces: true }).length;
}

const UNTIDY = `# the stack
x-common: &common
   restart: always   # keep this
   environment:
       LOG_LEVEL: debug
services:
    web:
        <<: *common
        image: "nginx:1.27"
        command: >
            nginx -g
              'daemon off;'
        ports:
        - "80:80"
        -   '443:443'
        depends_on: [db,
              cache]
      # the database
    db:
          image: postgres
          healthcheck:
            test: ["CMD", "pg_isready"]
          labels:
          - key: a
            value: b
`;

test('formatting normalises the indentation and nothing else', () => {
  assert.equal(
    format(UNTIDY),
    `# the stack
x-common: &common
  restart: always   # keep this
  environment:
    LOG_LEVEL: debug
services:
  web:
    <<: *common
    image: "nginx:1.27"
    command: >
        nginx -g
          'daemon off;'
    ports:
      - "80:80"
      -   '443:443'
    depends_on: [db,
          cache]
    # the database
  db:
    image: postgres
    healthcheck:
      test: ["CMD", "pg_isready"]
    labels:
      - key: a
        value: b
`,
  );
});

test('the editor tab size is the unit', () => {
  assert.equal(
    format('services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n', 4),
    'services:\n    web:\n        image: nginx\n        ports:\n            - "80:80"\n',
  );
});

test('a tidy file is left byte for byte alone, and formatting twice changes nothing', () => {
  const tidy = format(UNTIDY);
  assert.equal(edits(tidy), 0);
  assert.equal(format(tidy), tidy);
  assert.equal(edits(format(UNTIDY, 4), 4), 0);
  const tidyFiles = [
    'services:\n  web:\n    image: nginx\n',
    'services: {web: {image: nginx}}\n',
    '',
    '# only a comment\n',
    // keys commented out at the end of a service stay in it
    'services:\n  a:\n    environment:\n      - X=1\n    #networks:\n    #  - proxy\n\n  b:\n    image: x\n',
    'version: "3.8"\nservices:\n  a:\n    command: |\n      echo hi\n\n      echo there\n',
  ];
  for (const t of tidyFiles) assert.equal(edits(t), 0, t);
});

test('block scalars keep their content: the body moves with its key', () => {
  assert.equal(
    format(`services:
    app:
        command: |
            set -e
              indented more
            done
        entrypoint: |2
              two spaces kept
`),
    `services:
  app:
    command: |
        set -e
          indented more
        done
    entrypoint: |2
          two spaces kept
`,
  );
});

test('a comment deeper than the next line moves with the block above, else with the next line', () => {
  assert.equal(
    format(`services:
 web:
     environment:
        - |
          multi
            line
        # about the list above
     # end of web
 # about db
 db:
   image: x
   ports:
       - 80
       # last
`),
    `services:
  web:
    environment:
      - |
        multi
          line
      # about the list above
    # end of web
  # about db
  db:
    image: x
    ports:
      - 80
      # last
`,
  );
});

test('anchors, aliases, merge keys, comments, quotes and flow collections are kept as written', () => {
  const t = `x-a: &a {image: "busybox", command: ['sh', "-c"]}   # flow
services:
   one:
     <<: *a
     'labels':
       - "a=b"   # quoted
       # a comment line
       - c=d
   two: *a
`;
  assert.equal(
    format(t),
    `x-a: &a {image: "busybox", command: ['sh', "-c"]}   # flow
services:
  one:
    <<: *a
    'labels':
      - "a=b"   # quoted
      # a comment line
      - c=d
  two: *a
`,
  );
});

test('range formatting: the items starting in the range, indented relative to what stays', () => {
  const t = `services:
    web:
        image: nginx
        ports:
            - "80:80"
    db:
          image: postgres
          environment:
                 A: 1
`;
  // the line of \`ports:\`: its siblings stay, so it stays; its items move under it
  assert.equal(
    format(t, 2, { start: { line: 3, character: 0 }, end: { line: 3, character: 5 } }),
    `services:
    web:
        image: nginx
        ports:
          - "80:80"
    db:
          image: postgres
          environment:
                 A: 1
`,
  );
  // the whole \`db\` entry: \`web\` stays, so \`db\` stays beside it; its keys move
  assert.equal(
    format(t, 2, { start: { line: 5, character: 0 }, end: { line: 8, character: 0 } }),
    `services:
    web:
        image: nginx
        ports:
            - "80:80"
    db:
      image: postgres
      environment:
        A: 1
`,
  );
  // everything selected: the same as formatting the document
  assert.equal(
    format(t, 2, { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } }),
    format(t),
  );
});

test('a document with errors or tab indentation is not formatted', () => {
  assert.equal(edits('services:\n    web: [\n  image: x\n'), 0);
  assert.equal(edits('services:\n\tweb:\n\t\timage: x\n'), 0);
});

test('several YAML documents are formatted one by one', () => {
  assert.equal(format('a:\n    b: 1\n---\nc:\n      d: 2\n'), 'a:\n  b: 1\n---\nc:\n  d: 2\n');
});
