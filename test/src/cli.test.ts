import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyCompletion, headline, hover, labels, service } from './helpers';

const sh = (t: string): string | null => hover('shellscript', t);

test('hover on command words: what it does and its usage line', () => {
  const run = sh('docker r¦un -d nginx') ?? '';
  assert.equal(
    headline(run),
    '**docker run** — Create and start a new container from an image, pulling the image first if needed',
  );
  assert.match(run, /docker run \[OPTIONS\] IMAGE \[COMMAND\] \[ARG\.\.\.\]/);
  assert.match(
    headline(sh('docker network cre¦ate --driver bridge n')),
    /^\*\*docker network create\*\* — /,
  );
  assert.match(headline(sh('docker compose u¦p -d')), /^\*\*docker compose up\*\* — /);
  assert.match(headline(sh('docker buildx ba¦ke')), /^\*\*docker buildx bake\*\* — /);
  assert.match(sh('dock¦er ps') ?? '', /\*\*Subcommands:\*\*/);
});

test('a flag means what it means in its command', () => {
  assert.match(
    headline(sh('docker run -¦v /data:/data nginx')),
    /^\*\*docker run -v, --volume\*\* — /,
  );
  assert.match(headline(sh('docker system df -¦v')), /^\*\*docker system df -v, --verbose\*\* — /);
  assert.match(
    headline(sh('docker compose down -¦v')),
    /^\*\*docker compose down -v, --volumes\*\* — /,
  );
});

test('combined short flags explain each one', () => {
  const it = sh('docker run -i¦t ubuntu bash') ?? '';
  assert.match(it, /2 short flags combined/);
  assert.match(it, /`-i` \(`--interactive`\)/);
  assert.match(it, /`-t` \(`--tty`\)/);
});

test('--flag=value and --flag value; -p says which side is the host', () => {
  assert.match(
    sh('docker run --publish=8080¦:80 nginx') ?? '',
    /Host port `8080` \(left side\) on all host addresses forwards to container port `80` \(right side\), tcp\./,
  );
  assert.match(
    sh('docker run -p 127.0.0.1:8080:80/udp¦ nginx') ?? '',
    /Host port `8080` \(left side\) on address `127\.0\.0\.1` forwards to container port `80` \(right side\), udp\./,
  );
  assert.match(sh('docker run -¦p 80:80 nginx') ?? '', /publish/i);
  assert.match(
    sh('docker run --restart unless-st¦opped nginx') ?? '',
    /\*\*`unless-stopped`\*\* ◀/,
  );
  assert.match(
    sh('docker run -v mydata:/var/lib/mysql¦ mysql') ?? '',
    /Named volume `mydata` is mounted at `\/var\/lib\/mysql`/,
  );
  assert.match(
    sh('docker run -v /srv/www:/usr/share/nginx/html:ro¦ nginx') ?? '',
    /Bind mount: host path `\/srv\/www`/,
  );
  assert.match(sh('docker run --cpus .5¦ ubuntu') ?? '', /At most 50% of one CPU/);
});

test('positional arguments and the container command after the image', () => {
  assert.match(
    sh('docker run -d ngi¦nx') ?? '',
    /`nginx` is the \*\*IMAGE\*\* argument of `docker run`\./,
  );
  assert.match(sh('docker run -it ubuntu ls -¦la') ?? '', /passed to the container's command/);
});

test('sudo, env assignments, continuations, &&, ||, |, ;, $(…), docker-compose and kubectl', () => {
  assert.match(headline(sh('sudo -E docker p¦s -a')), /^\*\*docker ps\*\*/);
  assert.match(headline(sh('DOCKER_HOST=ssh://x docker p¦s')), /^\*\*docker ps\*\*/);
  assert.match(
    headline(sh('docker run \\\n  --rm \\\n  -¦e A=1 \\\n  alpine env')),
    /^\*\*docker run -e, --env\*\*/,
  );
  assert.match(headline(sh('make && docker pu¦sh app || echo failed')), /^\*\*docker push\*\*/);
  assert.match(headline(sh('docker images | grep x; docker rm¦i x')), /^\*\*docker rmi\*\*/);
  assert.match(headline(sh('ID=$(docker ps -¦q)')), /^\*\*docker ps -q, --quiet\*\*/);
  assert.match(headline(sh('docker-compose u¦p -d')), /^\*\*docker compose up\*\*/);
  assert.match(headline(sh('docker-compose up -¦d')), /^\*\*docker compose up -d, --detach\*\*/);
  assert.match(headline(sh('kubectl get no¦des')), /`nodes` is the \*\*/);
  assert.match(headline(sh('kubectl cluster-in¦fo')), /^\*\*kubectl cluster-info\*\*/);
  assert.match(headline(sh('docker -H=remote-docker-engine:2375 p¦s')), /^\*\*docker ps\*\*/);
  assert.match(
    headline(sh('docker -¦H=remote-docker-engine:2375 ps')),
    /^\*\*docker -H, --host\*\*/,
  );
  assert.match(headline(sh('docker compose -¦f a.yml up')), /^\*\*docker compose -f, --file\*\*/);
});

test('other file kinds: Markdown fences, Makefiles, Dockerfile RUN', () => {
  const md = '# Deploy\n\n```bash\ndocker compose up -¦d\n```\n';
  assert.match(headline(hover('markdown', md)), /^\*\*docker compose up -d, --detach\*\*/);
  assert.match(
    headline(hover('markdown', '```console\n$ docker p¦s -a\n```\n')),
    /^\*\*docker ps\*\*/,
  );
  assert.equal(hover('markdown', 'Run `docker ps` here: docker p¦s\n'), null);
  assert.equal(hover('markdown', '```python\ndocker p¦s\n```\n'), null);
  assert.match(
    headline(hover('makefile', 'run:\n\t@docker run --r¦m app\n')),
    /^\*\*docker run --rm\*\*/,
  );
  assert.match(
    headline(hover('dockerfile', 'FROM docker\nRUN docker pu¦ll alpine && echo ok')),
    /^\*\*docker pull\*\*/,
  );
});

test('completion: subcommands, flags with summaries, values of enumerated flags', () => {
  const top = labels('shellscript', 'docker ¦');
  for (const c of ['run', 'ps', 'compose', 'network', 'volume', 'buildx', 'system'])
    assert.ok(top.includes(c), c);
  assert.deepEqual(
    labels('shellscript', 'docker volume ¦')
      .filter((l) => ['create', 'ls', 'rm', 'prune', 'inspect'].includes(l))
      .sort(),
    ['create', 'inspect', 'ls', 'prune', 'rm'],
  );
  assert.ok(labels('shellscript', 'docker compose ¦').includes('watch'));
  assert.ok(labels('shellscript', 'docker compose ¦').includes('wait'));
  const flags = labels('shellscript', 'docker run --¦');
  assert.ok(flags.includes('--publish, -p'));
  assert.ok(flags.includes('--restart'));
  assert.deepEqual(labels('shellscript', 'docker run --restart ¦'), [
    'no',
    'on-failure',
    'always',
    'unless-stopped',
  ]);
  assert.deepEqual(labels('shellscript', 'docker run --restart=¦'), [
    'no',
    'on-failure',
    'always',
    'unless-stopped',
  ]);
  assert.ok(labels('shellscript', 'docker run --network ¦').includes('host'));
  assert.ok(labels('shellscript', 'docker run --pull ¦').includes('missing'));
  assert.ok(labels('shellscript', 'docker run --log-driver ¦').includes('json-file'));
  assert.ok(labels('shellscript', 'docker build --platform ¦').includes('linux/arm64'));
  assert.equal(
    applyCompletion('shellscript', 'docker run --rest¦', '--restart'),
    'docker run --restart',
  );
  assert.equal(applyCompletion('shellscript', 'docker run -¦', '--publish, -p'), 'docker run -p');
  assert.deepEqual(labels('shellscript', 'echo ¦'), []);
  assert.ok(labels('markdown', '```sh\ndocker network ¦\n```').includes('create'));
  assert.ok(labels('makefile', 'up:\n\tdocker compose up --¦').includes('--build'));
});

test('explain: a breakdown of every part of a command line', () => {
  const r = service().explain('docker run -d -p 80:80 --name web nginx');
  assert.ok(r && r.kind === 'command');
  const rows = r.rows ?? [];
  assert.deepEqual(
    rows.map((x) => x.text),
    ['docker', 'run', '-d', '-p', '80:80', '--name', 'web', 'nginx'],
  );
  assert.match(rows[2].explanation, /^-d, --detach: /);
  assert.match(
    rows[4].explanation,
    /Host port 80 \(left side\) on all host addresses forwards to container port 80 \(right side\), tcp\./,
  );
  assert.equal(rows[7].explanation, 'IMAGE argument of docker run');
});

test('explain keeps the lines of a multi-line text apart', () => {
  const r = service().explain('docker ps -a\ndocker images');
  assert.deepEqual(
    r?.rows?.map((x) => `${x.role} ${x.text}`),
    ['program docker', 'command ps', 'flag -a', 'program docker', 'command images'],
  );
  assert.equal(service().explain('docker   network\n  create')?.kind, 'note');
});

test('explain a keyword finds its notes', () => {
  const r = service().explain('ENTRYPOINT');
  assert.ok(r && r.kind === 'note');
  assert.match(r.text, /^ENTRYPOINT — /);
  assert.equal(service().explain('no-such-keyword-xyz'), null);
});

test('a hidden alias is explained as the alias of its flag', () => {
  const net = sh('docker run --n¦et host nginx') ?? '';
  assert.deepEqual(net.split('\n\n').slice(0, 2), [
    '**docker run --network** — Network to connect to: bridge (default), host, none, container:&lt;name|id> or a network name',
    '`--net` is a hidden alias of `--network`.',
  ]);
  assert.match(
    sh('docker run --net=ho¦st nginx') ?? '',
    /\n\n`--net` is a hidden alias of `--network`\.\n\n/,
  );
  assert.match(sh('docker run --net=ho¦st nginx') ?? '', /\*\*`host`\*\* ◀/);
  assert.deepEqual(
    (sh('docker create --net-a¦lias db --network app postgres') ?? '').split('\n\n').slice(0, 2),
    [
      '**docker create --network-alias** — Extra DNS name for the container on the network joined with --network',
      '`--net-alias` is a hidden alias of `--network-alias`.',
    ],
  );
  // the real name says nothing about aliases; completion does not offer them
  assert.doesNotMatch(sh('docker run --netw¦ork host nginx') ?? '', /alias/);
  const flags = labels('shellscript', 'docker run --ne¦');
  assert.ok(flags.includes('--network'));
  assert.ok(!flags.some((l) => l.startsWith('--net ') || l === '--net'));
  const rows = service().explain('docker run --net host nginx')?.rows ?? [];
  assert.equal(
    rows[2].explanation,
    '--net (hidden alias of --network): Network to connect to: bridge (default), host, none, container:<name|id> or a network name',
  );
});

test('hidden flags: explained on hover, not offered by completion', () => {
  assert.deepEqual((sh('docker volume create --na¦me data') ?? '').split('\n\n').slice(0, 2), [
    '**docker volume create --name** — Name of the volume: the older spelling of the VOLUME argument',
    '_Hidden flag: accepted, but not listed in `docker volume create --help`._',
  ]);
  assert.ok(!labels('shellscript', 'docker volume create --n¦').includes('--name'));
  assert.deepEqual((sh('docker compose run --no-T¦TY web ls') ?? '').split('\n\n').slice(0, 2), [
    '**docker compose run -T, --no-tty** — Do not allocate a pseudo-terminal (default: auto-detected)',
    '`--no-TTY` is a hidden alias of `--no-tty`.',
  ]);
  assert.equal(
    sh('docker compose exec -i¦t web sh'),
    [
      '**docker compose exec -it** — 2 short flags combined:',
      '- `-i` (`--interactive`) — Keep standard input open (already the default)\n' +
        '- `-t` (`--tty`) — Accepted for muscle memory from docker exec -it and ignored: -T decides about the TTY',
    ].join('\n\n'),
  );
});

test('docker CLI v29: content trust gone, commit --no-pause, links without env vars', () => {
  assert.deepEqual(
    (sh('docker pull --disable-content-tr¦ust alpine') ?? '').split('\n\n').slice(0, 3),
    [
      "**docker pull --disable-content-trust** — Skip the image's signature check (Docker Content Trust); does nothing since CLI v29",
      '_Hidden flag: accepted, but not listed in `docker pull --help`._',
      '⚠️ **Deprecated:** CLI v29 removed client-side content trust (signing moved to the docker trust plugin); the flag is still accepted, prints a deprecation warning and is ignored. Drop it.',
    ],
  );
  assert.equal(
    headline(sh('docker commit --no-pa¦use web snap')),
    '**docker commit --no-pause** — Do not pause the container while committing (since CLI v29)',
  );
  assert.match(
    sh('docker run --li¦nk db:db app') ?? '',
    /DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1/,
  );
  assert.match(
    sh('docker buildx dial-stdio --prog¦ress plain') ?? '',
    /\*\*Type:\*\* string · \*\*Default:\*\* `none`/,
  );
  assert.match(sh('docker images --form¦at x') ?? '', /an image has no \.Names/);
});
