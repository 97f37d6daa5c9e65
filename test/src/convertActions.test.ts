/**
 * The conversion code actions: where "Convert to a compose service" is offered, the workspace edit
 * it makes on the compose file next to the document (the whole file after the edit, compared),
 * and "Copy as docker run" on compose services.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  TextDocumentEdit,
  CreateFile,
  TextEdit,
} from 'vscode-languageserver-types';
import type { ConvertInputs } from '../../server/out/service/convert/convertActions';
import { docWithCaret, service } from './helpers';

function actions(
  languageId: string,
  text: string,
  inputs: ConvertInputs,
  uri?: string,
): CodeAction[] {
  const { doc, offset } = docWithCaret(languageId, text, uri);
  const pos = doc.positionAt(offset);
  return service().doCodeActions(
    doc,
    { start: pos, end: pos },
    { diagnostics: [] },
    undefined,
    inputs,
  );
}

const convert = (a: CodeAction[]): CodeAction | undefined =>
  a.find((x) => x.kind === 'refactor.rewrite.dockerInlineHelp.toCompose');

/** The compose file after the action's edit. */
function applied(action: CodeAction | undefined, before: string): string {
  const changes = action?.edit?.documentChanges ?? [];
  const edit = changes.find((c): c is TextDocumentEdit => 'textDocument' in c);
  assert.ok(edit, 'the action edits a document');
  const doc = TextDocument.create(edit.textDocument.uri, 'dockercompose', 1, before);
  return TextDocument.applyEdits(doc, edit.edits as TextEdit[]);
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`;
const MISSING: ConvertInputs = {
  composeFile: { uri: 'file:///w/compose.yaml' },
  createFiles: true,
};

test('a shell script: creates compose.yaml next to it and opens it at the service', () => {
  const a = convert(
    actions('shellscript', '#!/bin/sh\ndocker run -d --name web -p 8080:80 ngi¦nx\n', MISSING),
  );
  assert.ok(a);
  assert.equal(a.title, 'Convert to a compose service in compose.yaml');
  const changes = a.edit?.documentChanges ?? [];
  assert.deepEqual(changes[0], {
    kind: 'create',
    uri: 'file:///w/compose.yaml',
    options: { ignoreIfExists: true },
  } satisfies CreateFile);
  assert.equal(
    applied(a, ''),
    lines(
      'services:',
      '  # docker run flags with no compose equivalent:',
      '  #   -d: Detaching is chosen when you start the project (docker compose up -d), for every service at once',
      '  web:',
      '    image: nginx',
      '    container_name: web',
      '    ports:',
      '      - "8080:80"',
    ),
  );
  assert.deepEqual(a.command, {
    title: 'Convert to a compose service in compose.yaml',
    command: 'dockerInlineHelp.showDocument',
    arguments: ['file:///w/compose.yaml', { line: 3, character: 0 }],
  });
});

test('an existing compose file: appended under services with a free name, volumes merged', () => {
  const existing = lines(
    'services:',
    '  web:',
    '    image: nginx:old',
    '',
    '# data lives here',
    'volumes:',
    '  other: {}',
  );
  const a = convert(
    actions('shellscript', 'docker run --name web -v data:/srv/data ngi¦nx', {
      composeFile: { uri: 'file:///w/compose.yaml', text: existing, version: 7 },
      createFiles: true,
    }),
  );
  assert.equal(
    applied(a, existing),
    lines(
      'services:',
      '  web:',
      '    image: nginx:old',
      '  web-2:',
      '    image: nginx',
      '    container_name: web',
      '    volumes:',
      '      - data:/srv/data',
      '',
      '# data lives here',
      'volumes:',
      '  other: {}',
      '  data:',
      '    name: data',
    ),
  );
  const edit = a?.edit?.documentChanges?.[0] as TextDocumentEdit;
  assert.deepEqual(edit.textDocument, { uri: 'file:///w/compose.yaml', version: 7 });
  assert.deepEqual(a?.command?.arguments, ['file:///w/compose.yaml', { line: 3, character: 0 }]);
});

test('services kept apart by blank lines: the new one too', () => {
  const existing = lines(
    'services:',
    '  web:',
    '    image: nginx',
    '',
    '  # the database',
    '  db:',
    '    image: postgres:16',
    '',
    'volumes:',
    '  db-data:',
  );
  const a = convert(
    actions('shellscript', 'docker run -d redis:7-alp¦ine', {
      composeFile: { uri: 'file:///w/compose.yaml', text: existing },
      createFiles: true,
    }),
  );
  assert.equal(
    applied(a, existing),
    lines(
      'services:',
      '  web:',
      '    image: nginx',
      '',
      '  # the database',
      '  db:',
      '    image: postgres:16',
      '',
      '  # docker run flags with no compose equivalent:',
      '  #   -d: Detaching is chosen when you start the project (docker compose up -d), for every service at once',
      '  redis:',
      '    image: redis:7-alpine',
      '',
      'volumes:',
      '  db-data:',
    ),
  );
  assert.deepEqual(a?.command?.arguments, ['file:///w/compose.yaml', { line: 10, character: 0 }]);
});

test('compose files of other shapes: empty services, a flow {}, no services key, no final newline, 4 spaces', () => {
  const run = (text: string, cmd = 'docker run -p 80:80 ngi¦nx'): string => {
    const a = convert(
      actions('shellscript', cmd, {
        composeFile: { uri: 'file:///w/compose.yaml', text },
        createFiles: false,
      }),
    );
    return applied(a, text);
  };
  assert.equal(
    run('services:\n'),
    lines('services:', '  nginx:', '    image: nginx', '    ports:', '      - "80:80"'),
  );
  assert.equal(
    run('services: {}\nx-a: 1\n'),
    lines('services:', '  nginx:', '    image: nginx', '    ports:', '      - "80:80"', 'x-a: 1'),
  );
  assert.equal(
    run('name: demo\nnetworks:\n  front: {}'),
    lines(
      'name: demo',
      'networks:',
      '  front: {}',
      'services:',
      '  nginx:',
      '    image: nginx',
      '    ports:',
      '      - "80:80"',
    ),
  );
  assert.equal(
    run('services:\n    db:\n        image: postgres\n', 'docker run --network be -e A=1 ngi¦nx'),
    lines(
      'services:',
      '    db:',
      '        image: postgres',
      '    nginx:',
      '        image: nginx',
      '        networks:',
      '            be: {}',
      '        environment:',
      '            A: "1"',
      'networks:',
      '    be:',
      '        external: true',
    ),
  );
  // CRLF files keep CRLF
  assert.equal(
    run('services:\r\n  db:\r\n    image: postgres\r\n'),
    'services:\r\n  db:\r\n    image: postgres\r\n  nginx:\r\n    image: nginx\r\n    ports:\r\n      - "80:80"\r\n',
  );
});

test('offered in Makefiles, Markdown blocks and Dockerfile RUN lines; not elsewhere', () => {
  const make = convert(
    actions(
      'makefile',
      'run:\n\tdocker run --rm -v $$(pwd):/src -w /src golang:1.23 go te¦st ./...\n',
      MISSING,
    ),
  );
  assert.equal(
    applied(make, ''),
    lines(
      'services:',
      '  # docker run flags with no compose equivalent:',
      '  #   --rm: Service containers stay until docker compose down removes them; for one-off commands use docker compose run --rm',
      '  golang:',
      '    image: golang:1.23',
      '    volumes:',
      '      - .:/src',
      '    working_dir: /src',
      '    command: ["go", "test", "./..."]',
    ),
  );
  // make's own syntax: $$ is a dollar for the shell, $(NAME) a make variable (with the default
  // of NAME ?= value: make keeps what the environment sets, even empty), $(CURDIR) the folder
  const makeVars = convert(
    actions(
      'makefile',
      [
        'TAG ?= dev',
        'run:',
        '\t@docker run -v $(CURDIR)/conf:/conf -e HOME=$$HOME -e TAG=$(TAG) \\',
        "\t  -e X=${X} -p 80:80 my¦app:$(TAG) sh -c 'echo $$HOME' && echo done",
        '',
      ].join('\n'),
      MISSING,
    ),
  );
  assert.equal(
    applied(makeVars, ''),
    lines(
      'services:',
      '  myapp:',
      '    image: "myapp:${TAG-dev}"',
      '    volumes:',
      '      - ./conf:/conf',
      '    environment:',
      '      HOME: "$HOME"',
      '      TAG: "${TAG-dev}"',
      '      X: "${X}"',
      '    ports:',
      '      - "80:80"',
      '    command: ["sh", "-c", "echo $$HOME"]',
    ),
  );
  const md = convert(
    actions(
      'markdown',
      '# Try it\n\n```console\n$ docker run -d \\\n    -p 6379:6379 re¦dis:7\n```\n',
      MISSING,
    ),
  );
  assert.equal(
    applied(md, ''),
    lines(
      'services:',
      '  # docker run flags with no compose equivalent:',
      '  #   -d: Detaching is chosen when you start the project (docker compose up -d), for every service at once',
      '  redis:',
      '    image: redis:7',
      '    ports:',
      '      - "6379:6379"',
    ),
  );
  const df = convert(
    actions('dockerfile', 'FROM docker:cli\nRUN docker run --rm hello-wor¦ld\n', MISSING),
  );
  assert.ok(df);
  // not on other commands, not outside a command, not in a prose paragraph of Markdown
  assert.equal(convert(actions('shellscript', 'docker ps -¦a\n', MISSING)), undefined);
  assert.equal(
    convert(actions('shellscript', 'echo hi ¦\ndocker run nginx\n', MISSING)),
    undefined,
  );
  assert.equal(
    convert(actions('markdown', 'Run docker run ngi¦nx to start.\n', MISSING)),
    undefined,
  );
  // the client cannot create files and there is no compose file: nothing to offer
  assert.equal(
    convert(
      actions('shellscript', 'docker run ngi¦nx', {
        composeFile: { uri: 'file:///w/compose.yaml' },
        createFiles: false,
      }),
    ),
    undefined,
  );
  // a client that asks only for quick fixes does not get it
  const { doc, offset } = docWithCaret('shellscript', 'docker run ngi¦nx');
  const pos = doc.positionAt(offset);
  assert.deepEqual(
    service().doCodeActions(
      doc,
      { start: pos, end: pos },
      { diagnostics: [], only: ['quickfix'] },
      undefined,
      MISSING,
    ),
    [],
  );
});

test('the service says which compose files to read only when a docker run is at the range', () => {
  const at = (text: string): ReturnType<ReturnType<typeof service>['conversionTarget']> => {
    const { doc, offset } = docWithCaret('shellscript', text, 'file:///w/ops/deploy.sh');
    const pos = doc.positionAt(offset);
    return service().conversionTarget(doc, { start: pos, end: pos });
  };
  assert.deepEqual(at('docker run ngi¦nx'), {
    folder: 'file:///w/ops/',
    names: ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'],
  });
  assert.equal(at('docker logs -f we¦b'), undefined);
});

test('Copy as docker run is offered on a compose service and runs on the server', () => {
  const text = 'services:\n  web:\n    image: ngi¦nx\n    ports: ["80:80"]\nvolumes:\n  data: {}\n';
  const a = actions('dockercompose', text, {}).find((x) => x.title === 'Copy as docker run');
  assert.deepEqual(a, {
    title: 'Copy as docker run',
    kind: 'refactor.rewrite.dockerInlineHelp.toDockerRun',
    command: {
      title: 'Copy as docker run',
      command: 'dockerInlineHelp.copyAsDockerRun',
      arguments: ['file:///w/compose.yaml', 'web'],
    },
  });
  const off = actions('dockercompose', text.replace('¦', '').replace('data: {}', 'da¦ta: {}'), {});
  assert.equal(
    off.find((x) => x.title === 'Copy as docker run'),
    undefined,
  );
});
