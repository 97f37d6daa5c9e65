/**
 * Docker commands written with shell syntax around them: command substitutions inside words,
 * `if`/`while`/`!` before the command, prompts, Markdown fences of every sort and Makefile recipe
 * prefixes. Each case failed before: the command was cut short or not found at all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { headline, hover, labels, service } from './helpers';

const sh = (t: string): string => headline(hover('shellscript', t));
const md = (t: string): string => headline(hover('markdown', t));
const mk = (t: string): string => headline(hover('makefile', t));

const RUN_P =
  '**docker run -p, --publish** — Publish a container port on the host: [HOST_IP:]HOST_PORT:CONTAINER_PORT[/PROTOCOL]';

test('$(…) and backticks are part of a word: the command goes on after them', () => {
  const line = 'docker run -it --rm -v $(pwd):/app -p 8080:80 node:20 npm test';
  const at = (word: string): string =>
    sh(line.replace(` ${word} `, ` ${word.slice(0, 1)}¦${word.slice(1)} `));
  assert.equal(at('-p'), RUN_P);
  assert.equal(headline(hover('shellscript', line.replace('8080:80', '8080¦:80'))), RUN_P);
  assert.equal(at('node:20'), '`node:20` is the **IMAGE** argument of `docker run`.');
  assert.equal(
    at('npm'),
    "`npm` is passed to the container's command: `docker run` stops reading its own flags after the image.",
  );
  // the word with the substitution is the value of -v
  assert.match(
    sh('docker run -v $(p¦wd):/app -p 80:80 nginx'),
    /^\*\*docker run -v, --volume\*\* — /,
  );
  assert.match(
    hover('shellscript', 'docker run -v $(pwd):/a¦pp -p 80:80 nginx') ?? '',
    /Bind mount: host path `\$\(pwd\)` is mounted at `\/app` inside the container\./,
  );
  // backticks
  assert.equal(sh('docker run -v `pwd`:/app -¦p 8080:80 node:20'), RUN_P);
});

test('the command inside $(…) or backticks has help of its own', () => {
  assert.match(sh('docker rm -f $(docker ps -¦a -q)'), /^\*\*docker ps -a, --all\*\* — /);
  assert.equal(sh('docker rm -f $(docker ps -¦aq)'), '**docker ps -aq** — 2 short flags combined:');
  assert.equal(
    sh('docker rm $(docker p¦s -q) && echo done'),
    headline(hover('shellscript', 'docker p¦s')),
  );
  assert.equal(
    sh('docker rmi `docker images -¦q`'),
    headline(hover('shellscript', 'docker images -¦q')),
  );
  assert.equal(
    sh('id="$(docker inspect --for¦mat \'{{.Id}}\' web)"'),
    headline(hover('shellscript', 'docker inspect --for¦mat x web')),
  );
  assert.match(
    sh('id="$(docker inspect --format \'{{.Id}}\' web)"'.replace('web', 'w¦eb')),
    /argument of `docker inspect`/,
  );
  // completion inside an unclosed substitution completes the inner command
  assert.ok(labels('shellscript', 'docker rm $(docker ps -¦').includes('--all, -a'));
});

test('if, while, until, ! and do before a docker command', () => {
  const PS = headline(hover('shellscript', 'docker p¦s'));
  assert.equal(sh('if docker p¦s >/dev/null; then echo up; fi'), PS);
  assert.equal(sh('if ! docker p¦s; then exit 1; fi'), PS);
  assert.equal(sh('! docker p¦s'), PS);
  assert.equal(sh('while docker p¦s -q; do sleep 1; done'), PS);
  assert.equal(sh('until docker p¦s; do sleep 1; done'), PS);
  assert.equal(sh('for i in 1 2; do docker p¦s; done'), PS);
  assert.equal(sh('if true; then docker p¦s; else docker images; fi'), PS);
  assert.equal(sh('{ docker p¦s; }'), PS);
});

test('explain goes on after $(…) and explains the inner command too', () => {
  const r = service().explain('docker run -it --rm -v $(pwd):/app -p 8080:80 node:20 npm test');
  assert.deepEqual(
    r?.rows?.map((x) => x.text),
    [
      'docker',
      'run',
      '-i',
      '-t',
      '--rm',
      '-v',
      '$(pwd):/app',
      '-p',
      '8080:80',
      'node:20',
      'npm',
      'test',
    ],
  );
  const inner = service().explain('docker rm -f $(docker ps -aq)');
  assert.deepEqual(
    inner?.rows?.map((x) => x.text),
    ['docker', 'rm', '-f', '$(docker ps -aq)', 'docker', 'ps', '-a', '-q'],
  );
});

test('Markdown: bare fences with docker lines hold commands', () => {
  assert.equal(md('Run it:\n\n```\n$ docker run -¦p 8080:80 nginx\n```\n'), RUN_P);
  assert.equal(md('```\ndocker run -¦p 8080:80 nginx\n```\n'), RUN_P);
  // a bare fence without docker lines is not shell
  assert.equal(hover('markdown', '```\nrun -¦p 8080:80\n```\n'), null);
});

test('Markdown: fences indented inside list items', () => {
  assert.equal(
    md('1. Start it:\n\n    ```bash\n    docker run -¦p 8080:80 nginx\n    ```\n'),
    RUN_P,
  );
  assert.equal(md('- Start it:\n\t```sh\n\tdocker run -¦p 8080:80 nginx\n\t```\n'), RUN_P);
});

test('Markdown: text and PowerShell fences with prompt lines', () => {
  assert.equal(md('```text\n$ docker run -¦p 8080:80 nginx\nCONTAINER ID   IMAGE\n```\n'), RUN_P);
  // the output lines of a text block are not commands
  assert.equal(
    hover('markdown', '```text\n$ docker ps\ndocker-compose ve¦rsion 1.29\n```\n'),
    null,
  );
  assert.equal(md('```powershell\nPS C:\\> docker run -¦p 8080:80 nginx\n```\n'), RUN_P);
  assert.equal(md('```powershell\nPS> docker run -¦p 8080:80 nginx\n```\n'), RUN_P);
  // PowerShell continues lines with a backtick
  assert.equal(
    md('```powershell\nPS C:\\app> docker run `\n  --rm `\n  -¦p 8080:80 nginx\n```\n'),
    RUN_P,
  );
  assert.equal(md('```console\nPS C:\\> docker run -¦p 8080:80 nginx\n```\n'), RUN_P);
});

test('Makefiles: only the first line of a recipe command carries @, - and +', () => {
  const text = 'build:\n\t-docker buildx build \\\n\t\t--output type=docker \\\n\t\t-t app .\n';
  assert.match(
    mk(text.replace('--output', '--out¦put')),
    /^\*\*docker buildx build -o, --output\*\* — /,
  );
  assert.equal(mk(text.replace('-docker', '-dock¦er')), headline(hover('shellscript', 'dock¦er')));
  // explain at a continuation line
  const doc = TextDocument.create('file:///w/Makefile', 'makefile', 1, text);
  const r = service().explainAt(doc, { line: 2, character: 4 });
  assert.deepEqual(
    r?.rows?.map((x) => x.text),
    ['docker', 'buildx', 'build', '--output', 'type=docker', '-t', 'app', '.'],
  );
});

test('a placeholder <container-id> is the CONTAINER of docker exec; what follows is its command', () => {
  const block = (t: string): string => md('```bash\n' + t + '\n```\n');
  assert.equal(
    block('docker exec -it <mysql-contai¦ner-id> mysql -p'),
    '`<mysql-container-id>` is the **CONTAINER** argument of `docker exec`.',
  );
  assert.equal(
    block('docker exec -it <mysql-container-id> mysql -¦p'),
    "`-p` is passed to the container's command: `docker exec` stops reading its own flags after the container.",
  );
});

test('redirections are not words of the command: 2>/dev/null, > log, 2>&1', () => {
  assert.equal(hover('shellscript', 'docker network create net 2>/dev/nu¦ll || true'), null);
  assert.equal(hover('shellscript', 'docker run nginx > ou¦t.log'), null);
  // the command goes on after a redirection
  assert.equal(sh('docker run 2>&1 -¦p 8080:80 nginx'), RUN_P);
  assert.deepEqual(
    service()
      .explain('docker build -t app . 2>&1')
      ?.rows?.map((r) => r.text),
    ['docker', 'build', '-t', 'app', '.'],
  );
});

test('a backslash in double quotes stays before other characters than $ ` " \\ (a Windows path)', () => {
  assert.match(
    hover('shellscript', 'docker run -v "C:\\data":/d¦ata alpine') ?? '',
    /Bind mount: host path `C:\\data` is mounted at `\/data` inside the container\./,
  );
  // the value read with a protocol in upper case
  assert.match(
    hover('shellscript', 'docker run -p 53:5¦3/UDP dns') ?? '',
    /Host port `53` \(left side\) on all host addresses forwards to container port `53` \(right side\), udp\./,
  );
});
