import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headline, hover, hoverSpan, service } from './helpers';

const df = (text: string): string | null => hover('dockerfile', text);

test('hover on each of the 18 instructions shows its headline', () => {
  const cases: [string, string][] = [
    ['FR¦OM ubuntu', '**FROM** — Start a new build stage from a base image (or from scratch)'],
    [
      'FROM a\nR¦UN make',
      '**RUN** — Execute a command at build time and commit the result as a new image layer',
    ],
    [
      'FROM a\nC¦MD ["x"]',
      '**CMD** — Default command, or default arguments for ENTRYPOINT, when a container starts',
    ],
    ['FROM a\nLABEL¦ a=b', '**LABEL** — Add key=value metadata to the image'],
    [
      'FROM a\nMAINTAINER¦ me',
      "**MAINTAINER** — Deprecated: set the image's Author field; use a LABEL instead",
    ],
    [
      'FROM a\n¦EXPOSE 80',
      '**EXPOSE** — Document the ports the container listens on (does not publish them)',
    ],
    [
      'FROM a\nEN¦V A=1',
      '**ENV** — Set environment variables for later build steps and for containers run from the image',
    ],
    [
      'FROM a\nAD¦D x /y',
      '**ADD** — Copy files into the image, also from URLs and Git repositories, unpacking local tar archives',
    ],
    [
      'FROM a\nCOP¦Y . /app',
      '**COPY** — Copy files from the build context, another stage or an image into the image',
    ],
    [
      'FROM a\nENTRY¦POINT ["node"]',
      '**ENTRYPOINT** — Fixed executable a container runs; CMD and docker run arguments become its parameters',
    ],
    [
      'FROM a\nVOLUME¦ /data',
      '**VOLUME** — Mark a path as a mount point that gets a volume when the container runs',
    ],
    [
      'FROM a\nUSE¦R app',
      "**USER** — Set the user (and group) for later RUN steps and for the container's process",
    ],
    [
      'FROM a\nWORKDIR¦ /src',
      '**WORKDIR** — Set the working directory for later instructions and for the container',
    ],
    [
      'A¦RG V=1\nFROM a',
      '**ARG** — Declare a build-time variable, settable with docker build --build-arg',
    ],
    [
      'FROM a\nONBU¦ILD RUN x',
      '**ONBUILD** — Register an instruction that runs later, when another build uses this image as its base',
    ],
    [
      'FROM a\nSTOPSIGNAL¦ SIGTERM',
      "**STOPSIGNAL** — Set the signal docker stop sends to the container's main process",
    ],
    [
      'FROM a\nHEALTHCHECK¦ NONE',
      '**HEALTHCHECK** — Tell Docker how to test whether the container is still working',
    ],
    [
      'FROM a\nSH¦ELL ["bash", "-c"]',
      '**SHELL** — Change the shell used by shell-form RUN, CMD and ENTRYPOINT',
    ],
  ];
  for (const [input, expected] of cases) {
    assert.equal(headline(df(input)), expected, input);
  }
});

test('instructions are case-insensitive and the hover covers the keyword', () => {
  assert.equal(
    headline(df('from ubuntu\nr¦un ls')),
    '**RUN** — Execute a command at build time and commit the result as a new image layer',
  );
  assert.equal(hoverSpan('dockerfile', 'FROM a\nENTRY¦POINT ["node"]'), 'ENTRYPOINT');
});

test('ENTRYPOINT and CMD hovers explain how the two combine', () => {
  const ep = df('FROM a\nENTRYPOINT¦ ["python", "app.py"]') ?? '';
  assert.match(ep, /exec form/i);
  assert.match(ep, /shell form/i);
  assert.match(ep, /--entrypoint/);
  assert.match(ep, /CMD/);
  const cmd = df('FROM a\nC¦MD ["--help"]') ?? '';
  assert.match(cmd, /default (parameters|arguments)/i);
  assert.match(cmd, /docker run/);
  assert.match(cmd, /ENTRYPOINT/);
});

test('parser directives: syntax, escape, check, with the value pointed out', () => {
  assert.equal(
    headline(df('# syn¦tax=docker/dockerfile:1\nFROM a')),
    '**# syntax=** — Choose the Dockerfile frontend (syntax version) BuildKit uses to build this file',
  );
  assert.match(
    df('# syntax=docker/docker¦file:1\nFROM a') ?? '',
    /\*\*`docker\/dockerfile:1`\*\* ◀/,
  );
  assert.match(headline(df('# esc¦ape=`\nFROM a')), /^\*\*# escape=\*\*/);
  assert.match(headline(df('# che¦ck=skip=JSONArgsRecommended\nFROM a')), /^\*\*# check=\*\*/);
});

test('every Dockerfile flag has a hover, wherever the mouse rests on it', () => {
  const cases: [string, string][] = [
    ['FROM --plat¦form=linux/amd64 alpine', '**FROM --platform**'],
    ['FROM a\nRUN --mo¦unt=type=cache,target=/x ls', '**RUN --mount**'],
    ['FROM a\nRUN --netw¦ork=none ls', '**RUN --network**'],
    ['FROM a\nRUN --secu¦rity=insecure ls', '**RUN --security**'],
    ['FROM a\nRUN --dev¦ice=nvidia.com/gpu=all ls', '**RUN --device**'],
    ['FROM a AS b\nFROM c\nCOPY --fr¦om=b /x /y', '**COPY --from**'],
    ['FROM a\nCOPY --ch¦own=app:app . .', '**COPY --chown**'],
    ['FROM a\nCOPY --chm¦od=755 . .', '**COPY --chmod**'],
    ['FROM a\nCOPY --li¦nk . .', '**COPY --link**'],
    ['FROM a\nCOPY --pare¦nts ./a/b /dst/', '**COPY --parents**'],
    ['FROM a\nCOPY --excl¦ude=*.md . .', '**COPY --exclude**'],
    ['FROM a\nADD --check¦sum=sha256:abc https://x/y.tgz /', '**ADD --checksum**'],
    ['FROM a\nADD --keep-git¦-dir=true https://g/r.git /src', '**ADD --keep-git-dir**'],
    ['FROM a\nADD --cho¦wn=1:1 x /y', '**ADD --chown**'],
    ['FROM a\nADD --chm¦od=644 x /y', '**ADD --chmod**'],
    ['FROM a\nADD --li¦nk x /y', '**ADD --link**'],
    ['FROM a\nADD --unp¦ack=true x.tgz /y', '**ADD --unpack**'],
    ['FROM a\nADD --exc¦lude=*.tmp x /y', '**ADD --exclude**'],
    ['FROM a\nHEALTHCHECK --inter¦val=5s CMD true', '**HEALTHCHECK --interval**'],
    ['FROM a\nHEALTHCHECK --time¦out=3s CMD true', '**HEALTHCHECK --timeout**'],
    ['FROM a\nHEALTHCHECK --start-per¦iod=10s CMD true', '**HEALTHCHECK --start-period**'],
    ['FROM a\nHEALTHCHECK --start-inter¦val=1s CMD true', '**HEALTHCHECK --start-interval**'],
    ['FROM a\nHEALTHCHECK --retr¦ies=5 CMD true', '**HEALTHCHECK --retries**'],
  ];
  for (const [input, expected] of cases) {
    assert.ok(
      headline(df(input)).startsWith(`${expected} — `),
      `${input} -> ${headline(df(input))}`,
    );
  }
});

test('HEALTHCHECK flags show their defaults', () => {
  assert.match(df('FROM a\nHEALTHCHECK --inter¦val=5s CMD true') ?? '', /\*\*Default:\*\* `30s`/);
  assert.match(df('FROM a\nHEALTHCHECK --time¦out=3s CMD true') ?? '', /\*\*Default:\*\* `30s`/);
  assert.match(
    df('FROM a\nHEALTHCHECK --start-per¦iod=1s CMD true') ?? '',
    /\*\*Default:\*\* `0s`/,
  );
  assert.match(
    df('FROM a\nHEALTHCHECK --start-inter¦val=1s CMD true') ?? '',
    /\*\*Default:\*\* `5s`/,
  );
  assert.match(df('FROM a\nHEALTHCHECK --retr¦ies=5 CMD true') ?? '', /\*\*Default:\*\* `3`/);
});

test('HEALTHCHECK CMD and NONE forms, FROM … AS, ONBUILD trigger', () => {
  assert.match(
    headline(df('FROM a\nHEALTHCHECK --interval=5s C¦MD curl -f http://x/')),
    /^\*\*HEALTHCHECK … CMD\*\* — /,
  );
  assert.match(headline(df('FROM a\nHEALTHCHECK NO¦NE')), /^\*\*HEALTHCHECK … NONE\*\* — /);
  assert.match(
    headline(df('FROM golang:1.22 A¦S build')),
    /^\*\*FROM … AS\*\* — Name a build stage/,
  );
  const stage = df('FROM golang:1.22 AS bu¦ild\nFROM alpine\nCOPY --from=build /out /out') ?? '';
  assert.match(stage, /Build stage `build` starts here\. +\nIts name is used on line 3\./);
  // every use counts: FROM name, COPY --from, RUN --mount=…,from=
  const uses =
    df(
      'FROM golang:1.22 AS bu¦ild\nFROM build AS test\nFROM alpine\nRUN --mount=type=cache,from=build,target=/c make\nCOPY --from=build /out /out',
    ) ?? '';
  assert.match(uses, /Its name is used on line 2, 4, 5\./);
  assert.equal(
    headline(df('FROM a\nONBUILD R¦UN make')),
    '**RUN** — Execute a command at build time and commit the result as a new image layer',
  );
});

test('RUN --mount: the type and each option per type, with the value pointed out', () => {
  assert.match(
    headline(df('FROM a\nRUN --mount=type=ca¦che,target=/root/.cache ls')),
    /^\*\*--mount type=cache\*\* — /,
  );
  assert.match(
    headline(df('FROM a\nRUN --mount=ty¦pe=cache,target=/x ls')),
    /^\*\*--mount type\*\* — /,
  );
  const types = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'];
  for (const t of types) {
    assert.match(
      headline(df(`FROM a\nRUN --mount=type=${t.slice(0, 2)}¦${t.slice(2)},target=/x ls`)),
      new RegExp(`^\\*\\*--mount type=${t}\\*\\*`),
      t,
    );
  }
  const opts: [string, string][] = [
    ['bind', 'target'],
    ['bind', 'source'],
    ['bind', 'from'],
    ['bind', 'rw'],
    ['bind', 'ro'],
    ['cache', 'id'],
    ['cache', 'target'],
    ['cache', 'ro'],
    ['cache', 'sharing'],
    ['cache', 'from'],
    ['cache', 'source'],
    ['cache', 'mode'],
    ['cache', 'uid'],
    ['cache', 'gid'],
    ['tmpfs', 'target'],
    ['tmpfs', 'size'],
    ['secret', 'id'],
    ['secret', 'target'],
    ['secret', 'env'],
    ['secret', 'required'],
    ['secret', 'mode'],
    ['secret', 'uid'],
    ['secret', 'gid'],
    ['ssh', 'id'],
    ['ssh', 'target'],
    ['ssh', 'required'],
    ['ssh', 'mode'],
    ['ssh', 'uid'],
    ['ssh', 'gid'],
  ];
  for (const [t, o] of opts) {
    const h = headline(df(`FROM a\nRUN --mount=type=${t},${o[0]}¦${o.slice(1)}=1 ls`));
    assert.ok(h.startsWith(`**--mount type=${t}: ${o}** — `), `${t} ${o}: ${h}`);
  }
  // aliases: dst for target
  assert.ok(
    headline(df('FROM a\nRUN --mount=type=cache,ds¦t=/x ls')).startsWith(
      '**--mount type=cache: target** — ',
    ),
  );
  // sharing modes with the chosen one pointed out
  const sharing = df('FROM a\nRUN --mount=type=cache,target=/x,sharing=lo¦cked ls') ?? '';
  assert.match(sharing, /\*\*`locked`\*\* ◀/);
  assert.match(sharing, /`shared`/);
  assert.match(sharing, /`private`/);
  // defaults that differ by type
  assert.match(df('FROM a\nRUN --mount=type=cache,mo¦de=0700 ls') ?? '', /\*\*Default:\*\* `0755`/);
  assert.match(
    df('FROM a\nRUN --mount=type=secret,id=x,mo¦de=0440 ls') ?? '',
    /\*\*Default:\*\* `0400`/,
  );
  assert.match(df('FROM a\nRUN --mount=type=ssh,mo¦de=0600 ls') ?? '', /\*\*Default:\*\* `0600`/);
  // an option that does not belong to the type
  assert.match(
    df('FROM a\nRUN --mount=type=tmpfs,shar¦ing=locked ls') ?? '',
    /`sharing` is not an option of `type=tmpfs` mounts\./,
  );
});

test('variables: where $VAR / ${VAR} is defined and its value', () => {
  const h =
    df('FROM a\nARG VERSION=1.2\nENV APP_HOME=/srv/app\nRUN echo ${VERS¦ION} $APP_HOME') ?? '';
  assert.match(h, /Defined by `ARG VERSION=1\.2` on line 2\./);
  assert.match(h, /Value here: `1\.2`/);
  const e = df('FROM a\nENV APP_HOME=/srv/app\nWORKDIR $APP_H¦OME') ?? '';
  assert.match(e, /Defined by `ENV APP_HOME=\/srv\/app` on line 2\./);
  const pre = df('FROM a\nARG TARGETARCH\nRUN echo $TARGET¦ARCH') ?? '';
  assert.match(headline(pre), /^\*\*ARG TARGETARCH \(predefined\)\*\* — /);
});

test('COPY --from names the stage it refers to', () => {
  const h =
    df(
      'FROM node:20 AS build\nRUN npm ci\nFROM nginx\nCOPY --from=bui¦ld /app/dist /usr/share/nginx/html',
    ) ?? '';
  assert.match(h, /`build` is the build stage declared on line 1/);
  const img = df('FROM nginx\nCOPY --from=nginx:lat¦est /etc/nginx/nginx.conf /x') ?? '';
  assert.match(img, /read as an image reference/);
});

test('odd input: heredocs, backtick escape, continuations, CRLF, half-typed lines, empty file', () => {
  assert.equal(
    headline(df('FROM a\nRUN <<EOF\napt-get update\nEOF\nCO¦PY . .')),
    '**COPY** — Copy files from the build context, another stage or an image into the image',
  );
  assert.equal(
    headline(df('# escape=`\nFROM a\nRUN echo a `\n  && echo b\nW¦ORKDIR /x')),
    '**WORKDIR** — Set the working directory for later instructions and for the container',
  );
  assert.equal(
    headline(df('FROM a\r\nRUN echo a \\\r\n  && echo b\r\nEXP¦OSE 80\r\n')),
    '**EXPOSE** — Document the ports the container listens on (does not publish them)',
  );
  assert.equal(
    headline(df('FROM a\nRUN --mount=type=cache,target=/x \\\n    --netw¦ork=none make')),
    '**RUN --network** — Choose the network environment of this RUN step (default, none or host)',
  );
  assert.equal(df('¦'), null);
  assert.equal(df('FROM a\nRUN --mo¦'), null);
  assert.ok(headline(df('FROM a\nCOPY --from=¦')).startsWith('**COPY --from** — '));
  assert.equal(df('FROM a\n   ¦   \n'), null);
});

test('docker commands inside RUN get CLI help', () => {
  assert.match(
    headline(df('FROM docker:cli\nRUN docker build -¦t app .')),
    /^\*\*docker build -t, --tag\*\* — /,
  );
});

test('variable substitution: the operator of ${VAR<op>word} shows that form, with the variable', () => {
  const h = df('ARG TAG\nFROM alpine:${TAG:¦-3.20}') ?? '';
  assert.equal(
    h.split('\n\n').slice(0, 2).join('\n\n'),
    "**${VAR:-word}** — Default value: the variable's value, or word when the variable is unset (or empty, with the colon)\n\n" +
      '`TAG`: defined by `ARG TAG` on line 1.',
  );
  assert.ok(
    h.includes(
      '- **`:-`** ◀ — word when VAR is unset or empty; every Dockerfile syntax version\n' +
        '- `-` — word only when VAR is unset (an empty value stays empty); docker/dockerfile:1.6 and later',
    ),
    h,
  );
  assert.equal(hoverSpan('dockerfile', 'ARG TAG\nFROM alpine:${TAG:¦-3.20}'), ':-3.20');
  // the same on the word, and the form without the colon
  assert.equal(hoverSpan('dockerfile', 'ARG TAG\nFROM alpine:${TAG:-3.2¦0}'), ':-3.20');
  const bare = df('FROM a\nARG V=1\nENV X=${V-¦x}') ?? '';
  assert.ok(bare.includes('`V`: defined by `ARG V=1` on line 2. Value here: `1`'), bare);
  assert.ok(
    bare.includes(
      '- **`-`** ◀ — word only when VAR is unset (an empty value stays empty); docker/dockerfile:1.6 and later',
    ),
    bare,
  );
});

test('variable substitution: each operator points out its own value', () => {
  const cases: [string, string][] = [
    [
      '${V:¦+on}',
      '- **`:+`** ◀ — word when VAR is set and not empty, else the empty string; every Dockerfile syntax version',
    ],
    [
      '${V¦+on}',
      '- **`+`** ◀ — word whenever VAR is set, even to the empty string; docker/dockerfile:1.6 and later',
    ],
    ['${V:¦?needed}', '- **`:?`** ◀ — fail when VAR is unset or empty'],
    ['${V¦?needed}', '- **`?`** ◀ — fail only when VAR is unset; an empty value is accepted'],
    ['${V¦#v}', '- **`#`** ◀ — remove the shortest match of pattern at the start of the value'],
    ['${V#¦#*/}', '- **`##`** ◀ — remove the longest match of pattern at the start of the value'],
    ['${V¦%.*}', '- **`%`** ◀ — remove the shortest match of pattern at the end of the value'],
    ['${V%%¦.*}', '- **`%%`** ◀ — remove the longest match of pattern at the end of the value'],
    ['${V¦/a/b}', '- **`/`** ◀ — replace the first (leftmost, longest) match of pattern'],
    ['${V//a¦/b}', '- **`//`** ◀ — replace every match of pattern'],
  ];
  for (const [ref, line] of cases) {
    const h = df(`FROM a\nARG V=v1.2\nENV X=${ref}`) ?? '';
    assert.ok(h.includes(line), `${ref}: ${h.split('\n')[0]}`);
  }
  assert.equal(
    headline(df('FROM a\nARG V\nENV X=${V//¦a/b}')),
    '**${VAR/pattern/replacement}** — Replace: the value with the first (/) or every (//) match of pattern replaced',
  );
});

test('variable substitution: the name of a form without a colon is the variable, not VAR-x', () => {
  // dockerfile-ast reads ${V-x} as a variable named "V-x"
  assert.equal(
    df('FROM a\nARG V=1\nENV X=${¦V-x}'),
    '**`$V`** — build variable\n\nDocker replaces it while it builds this instruction, with the ARG or ENV value in effect on this line.\n\nDefined by `ARG V=1` on line 2.\n\nValue here: `1`',
  );
});

test('ADD Git URL: a query key shows its note; the rest of the URL the Git URL note', () => {
  const url = 'FROM a\nADD https://github.com/moby/buildkit.git?tag=v0.24.0&subdir=docs /src';
  const at = (i: number): string => url.slice(0, i) + '¦' + url.slice(i);
  const tag = url.indexOf('tag=') + 1;
  assert.equal(
    headline(df(at(tag))),
    '**Git URL … tag** — ?tag= clones the given tag (refs/tags/&lt;name>)',
  );
  assert.equal(hoverSpan('dockerfile', at(tag)), 'tag=v0.24.0');
  assert.equal(
    headline(df(at(url.indexOf('docs')))),
    '**Git URL … subdir** — ?subdir= copies only this directory of the repository',
  );
  const overview =
    '**ADD … Git URL** — ADD can clone a Git repository: pick the ref and subdirectory with #ref:dir or with ?key=value';
  assert.equal(headline(df(at(url.indexOf('github')))), overview);
  assert.equal(
    headline(df('FROM a\nADD git@github.com:example/app.git#m¦ain:docs /src')),
    overview,
  );
  const unknown = df('FROM a\nADD https://github.com/x/y.git?fo¦o=1 /src') ?? '';
  assert.equal(
    unknown.split('\n\n').slice(0, 2).join('\n\n'),
    `${overview}\n\n\`foo\` is not a query key of Git URLs.`,
  );
  // not a Git repository: an archive URL and a local path get no Git help
  assert.equal(df('FROM a\nADD https://example.com/a.t¦gz /src'), null);
  assert.equal(df('FROM a\nADD vendor/x.gi¦t /src'), null);
});

test('ONBUILD --from / from= name something of the downstream build', () => {
  const expected =
    '**ONBUILD … --from** — In an ONBUILD trigger, --from / from= name a stage, image or context of the downstream build';
  const copy = df('FROM a\nONBUILD COPY --fr¦om=assets /a /b') ?? '';
  assert.equal(headline(copy), expected);
  assert.doesNotMatch(copy, /not a stage of this file/);
  assert.equal(headline(df('FROM a\nONBUILD COPY --from=ass¦ets /a /b')), expected);
  assert.equal(headline(df('FROM a\nONBUILD RUN --mount=fr¦om=config,target=/x ls')), expected);
  // outside ONBUILD, --from is the COPY flag
  assert.ok(headline(df('FROM a\nCOPY --fr¦om=assets /a /b')).startsWith('**COPY --from** — '));
});

test('.dockerignore: each line explains the pattern element under the cursor', () => {
  const ig = (t: string, uri = 'file:///w/.dockerignore'): string => hover('ignore', t, uri) ?? '';
  const head =
    '**.dockerignore** — Patterns of files the build context leaves out, so COPY and ADD never see them';
  assert.equal(headline(ig('# ¦notes\n')), head);
  assert.ok(
    ig('# ¦notes\n').includes(
      '- **`#`** ◀ — a comment, only when # is the first character of the line',
    ),
  );
  const lead = ig('¦/build/\n');
  assert.equal(
    lead.split('\n\n').slice(0, 2).join('\n\n'),
    `${head}\n\n\`/build/\` is read as \`build\` (from the context root).`,
  );
  assert.ok(
    lead.includes('- **`/`** ◀ — separates directories; a leading or trailing / is dropped'),
  );
  assert.ok(
    ig('*¦*/node_modules\n').includes(
      '- **`**`** ◀ — any number of directories, none included (`**/*.log`, `docs/**`)',
    ),
  );
  assert.ok(
    ig('¦!keep.log\n').includes(
      '- **`!`** ◀ — an exception - files matching the rest of the line are put back in the context',
    ),
  );
  assert.ok(ig('src/*.t¦?t\n').includes('- **`?`** ◀ — exactly one character other than /'));
  assert.ok(
    ig('log[0-¦9]\n').includes(
      '- **`[…]`** ◀ — one character from a set or range: `[abc]`, `[0-9]`, `[^0-9]`',
    ),
  );
  // a per-Dockerfile ignore file, whatever language the editor gives it
  assert.equal(
    headline(hover('plaintext', '¦*.log\n', 'file:///w/web.Dockerfile.dockerignore')),
    head,
  );
  assert.equal(ig('\n¦\n'), '');
  // a plain text file is not an ignore file
  assert.equal(hover('plaintext', '¦*.log\n', 'file:///w/notes.txt'), null);
});

test('explain finds the new Dockerfile notes by name', () => {
  const first = (k: string): string => service().findNotes(k)[0]?.name ?? '';
  assert.equal(first(':-'), '${VAR:-word}');
  assert.equal(first('${VAR##pattern}'), '${VAR#pattern}');
  assert.equal(first('.dockerignore'), '.dockerignore');
  assert.equal(first('dockerignore'), '.dockerignore');
  assert.equal(first('submodules'), 'submodules');
  assert.equal(first('keep-git-dir'), 'keep-git-dir');
  assert.equal(first('ONBUILD COPY --from'), '--from');
});

test('a heredoc whose lines end in lone CRs reads like one with LF line ends (it threw before)', () => {
  const withCr = hover('dockerfile', 'FROM alpine\nARG V=1\nRUN <<EOF\r  echo $¦V\rEOF\n');
  assert.equal(
    withCr,
    '**`$V`** — build variable\n\nDocker leaves it alone; the shell running this heredoc script replaces it, and the script may set the variable itself.\n\nDefined by `ARG V=1` on line 2.',
  );
  assert.equal(hover('dockerfile', 'FROM alpine\nARG V=1\nRUN <<EOF\n  echo $¦V\nEOF\n'), withCr);
});
