/**
 * The docker-command rules in shell scripts, Makefiles, Markdown blocks and Dockerfile RUN lines:
 * a literal positive and negative case for each, each fix applied with the whole text compared,
 * and what is never judged (the container's command, unreadable words, hidden flags).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { service } from './helpers';

const msg = (d: Diagnostic): string =>
  typeof d.message === 'string' ? d.message : d.message.value;

const KINDS: Record<string, [string, string]> = {
  shell: ['file:///w/run.sh', 'shellscript'],
  makefile: ['file:///w/Makefile', 'makefile'],
  markdown: ['file:///w/README.md', 'markdown'],
  dockerfile: ['file:///w/Dockerfile', 'dockerfile'],
};

function lint(text: string, kind = 'shell'): string[] {
  const [uri, lang] = KINDS[kind];
  const svc = service();
  const d = TextDocument.create(uri, lang, 1, text);
  return svc
    .doValidate(d, svc.parse(d))
    .map(
      (x) => `${x.range.start.line + 1}:${x.range.start.character + 1} ${String(x.code)} ${msg(x)}`,
    );
}

function applyFix(text: string, title: string, kind = 'shell'): string {
  const [uri, lang] = KINDS[kind];
  const svc = service();
  const d = TextDocument.create(uri, lang, 1, text);
  const ds = svc.doValidate(d, svc.parse(d));
  const actions = svc.doCodeActions(
    d,
    { start: { line: 0, character: 0 }, end: { line: d.lineCount, character: 0 } },
    { diagnostics: ds },
  );
  const a = actions.find((x) => x.title === title);
  if (!a) throw new Error(`no action "${title}"; have: ${actions.map((x) => x.title).join(' | ')}`);
  return TextDocument.applyEdits(d, a.edit?.changes?.[uri] ?? []);
}

test('UnknownCliCommand: a misspelt subcommand, with its fix; plugins and valid commands are not reported', () => {
  assert.deepEqual(lint('docker contaner ls\n'), [
    "1:8 UnknownCliCommand 'contaner' is not a 'docker' command (did you mean 'container'?)",
  ]);
  assert.equal(applyFix('docker contaner ls\n', "Change to 'container'"), 'docker container ls\n');
  assert.deepEqual(lint('docker network lss\n'), [
    "1:16 UnknownCliCommand 'lss' is not a 'docker network' command (did you mean 'ls'?)",
  ]);
  assert.deepEqual(lint('docker container ls\ndocker sbom alpine\ndocker debug web\n'), []);
});

test('UnknownCliFlag: not a flag of that command, a misspelt one with its fix', () => {
  assert.deepEqual(lint('docker ps --publish 80\n'), [
    "1:11 UnknownCliFlag '--publish' is not a flag of 'docker ps'",
  ]);
  assert.deepEqual(lint('docker run --detatch nginx\n'), [
    "1:12 UnknownCliFlag '--detatch' is not a flag of 'docker run' (did you mean '--detach'?)",
  ]);
  assert.equal(
    applyFix('docker run --detatch nginx\n', "Change to '--detach'"),
    'docker run --detach nginx\n',
  );
  // hidden but accepted spellings, compose's own flags after its subcommand, --help
  assert.deepEqual(
    lint(
      'docker run --net host nginx\ndocker volume create --name data\ndocker compose up -f other.yml -d\ndocker ps --help\n',
    ),
    [],
  );
});

test('nothing after the image, nothing we cannot read', () => {
  assert.deepEqual(
    lint(
      [
        'docker run --rm alpine ls --color=never',
        'docker compose exec db psql -U postgres -c "select 1"',
        'docker exec -it web sh -c "echo --x"',
        'docker $CMD --bogus',
        'docker run --rm -v "$PWD:/src" $IMAGE --bogus',
        'docker run "unbalanced --bogus',
        '',
      ].join('\n'),
    ),
    [],
  );
});

test('CliFlagMissingValue: a value-taking flag that ends the command', () => {
  assert.deepEqual(lint('docker run --rm --name\n'), [
    "1:17 CliFlagMissingValue '--name' of 'docker run' needs a value",
  ]);
  assert.deepEqual(lint('docker build -t && echo done\n'), [
    "1:14 CliFlagMissingValue '-t' of 'docker build' needs a value",
  ]);
  assert.deepEqual(lint('docker run --name web nginx\ndocker run -u $(id -u) alpine\n'), []);
});

test('DeprecatedCliCommand: docker-compose v1 (with its fix) and docker scan', () => {
  assert.deepEqual(lint('docker-compose up -d\ndocker scan myimage\n'), [
    "1:1 DeprecatedCliCommand 'docker-compose' is deprecated: Compose v1 is end of life; use `docker compose` (Compose v2)",
    "2:8 DeprecatedCliCommand 'docker scan' is deprecated: Removed from Docker Desktop in 4.17; use docker scout cves IMAGE (or docker scout quickview) instead",
  ]);
  assert.equal(
    applyFix('docker-compose up -d\n', "Change to 'docker compose'"),
    'docker compose up -d\n',
  );
  assert.deepEqual(lint('docker compose up -d\ndocker scout cves myimage\n'), []);
});

test('DeprecatedCliFlag: --link says what replaced it', () => {
  assert.deepEqual(lint('docker run --link db:db nginx\n'), [
    "1:12 DeprecatedCliFlag '--link' of 'docker run' is deprecated: Links on the default bridge network are deprecated (Docker 29.6 prints a warning) and their environment variables are off since Engine 29; use a user-defined network, where containers find each other by name.",
  ]);
  assert.deepEqual(lint('docker run --network app nginx\n'), []);
});

test('the same rules in Makefiles, Markdown blocks and Dockerfile RUN lines', () => {
  assert.deepEqual(lint('build:\n\tdocker biuld -t app .\n\t@docker ps -a\n', 'makefile'), [
    "2:9 UnknownCliCommand 'biuld' is not a 'docker' command (did you mean 'build'?)",
  ]);
  assert.deepEqual(
    lint(
      '# Run\n\n```console\n$ docker run --detatch nginx\n```\n\ndocker run --bogus\n',
      'markdown',
    ),
    ["4:14 UnknownCliFlag '--detatch' is not a flag of 'docker run' (did you mean '--detach'?)"],
  );
  assert.deepEqual(
    lint(
      'FROM docker:cli\nRUN --mount=type=cache,target=/x docker ps --publish 80 \\\n && echo ok\n',
      'dockerfile',
    ),
    ["2:44 UnknownCliFlag '--publish' is not a flag of 'docker ps'"],
  );
  // a heredoc body is a file's content, not a RUN line; ONBUILD RUN is one; the escape directive
  // counts only at the top of the file
  assert.deepEqual(
    lint(
      'FROM alpine\nCOPY <<EOF /x\nRUN docker ps --publish 80\nEOF\nONBUILD RUN docker contaner ls\n# escape=`\nRUN docker ps -a \\\n  && docker run --detatch nginx\n',
      'dockerfile',
    ),
    [
      "5:20 UnknownCliCommand 'contaner' is not a 'docker' command (did you mean 'container'?)",
      "8:17 UnknownCliFlag '--detatch' is not a flag of 'docker run' (did you mean '--detach'?)",
    ],
  );
});

test('the disable directive in a script and in Markdown', () => {
  assert.equal(
    applyFix('#!/bin/sh\ndocker-compose up\n', 'Disable DeprecatedCliCommand for this file'),
    '#!/bin/sh\n# docker-inline-help: disable=DeprecatedCliCommand\ndocker-compose up\n',
  );
  assert.deepEqual(
    lint('# docker-inline-help: disable=DeprecatedCliCommand\ndocker-compose up\n'),
    [],
  );
  assert.equal(
    applyFix(
      '```sh\ndocker-compose up\n```\n',
      'Disable DeprecatedCliCommand for this file',
      'markdown',
    ),
    '<!-- docker-inline-help: disable=DeprecatedCliCommand -->\n```sh\ndocker-compose up\n```\n',
  );
});

test('a placeholder written <name> is a word, not two redirections: the container command after it is not judged', () => {
  // real lines of docker/getting-started, docker-library/docs (ghost) and nextcloud/docker READMEs
  const md =
    '```bash\n' +
    'docker exec -it <mysql-container-id> mysql -p\n' +
    'docker exec <container-id> node --version\n' +
    'docker exec <container-name> sh -c "cp /a /b"\n' +
    '```\n';
  assert.deepEqual(lint(md, 'markdown'), []);
  // the same word in a script: still the container, so the flags after it are the command's
  assert.deepEqual(lint('docker exec -it <db> psql -U app\n'), []);
  // the rule still reads docker's own flags before the placeholder
  assert.deepEqual(lint('docker exec --detatch <id> sh\n'), [
    "1:13 UnknownCliFlag '--detatch' is not a flag of 'docker exec' (did you mean '--detach'?)",
  ]);
  // redirections are still redirections: no closing bracket, or text right after it
  assert.deepEqual(lint('docker load <image.tar\ndocker run --rm alpine cat <in>out.txt\n'), []);
  // and a word that only looks like one: `<images.tar>` followed by text is redirections
  assert.deepEqual(lint('docker load -q <images.tar>x --bogus\n'), [
    "1:30 UnknownCliFlag '--bogus' is not a flag of 'docker load'",
  ]);
});

test('in a bash block `# docker …` is a comment; in a console block, or beside `$ ` prompts, a root prompt', () => {
  // traefik's docs: a comment line of a ```bash block, not the command `docker swarm mode`
  assert.deepEqual(
    lint('```bash\n# docker swarm mode (1.12+)\n--providers.swarm.endpoint=x\n```\n', 'markdown'),
    [],
  );
  assert.deepEqual(lint('```console\n# docker contaner ls\n```\n', 'markdown'), [
    "2:10 UnknownCliCommand 'contaner' is not a 'docker' command (did you mean 'container'?)",
  ]);
  assert.deepEqual(lint('```bash\n$ docker ps\n# docker contaner ls\n```\n', 'markdown'), [
    "3:10 UnknownCliCommand 'contaner' is not a 'docker' command (did you mean 'container'?)",
  ]);
});
