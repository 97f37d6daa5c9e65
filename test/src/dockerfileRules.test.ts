/**
 * Every Dockerfile rule: a literal positive and negative case (line:column, code and the message
 * a user reads), the check configuration, and each quick fix applied with the whole text after it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, MarkupContent } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/out/service/languageService';
import type { RuleLevel } from '../../server/out/service/rules/rules';
import { builtinNotes, service } from './helpers';

const URI = 'file:///w/Dockerfile';
const doc = (text: string): TextDocument => TextDocument.create(URI, 'dockerfile', 1, text);
const msg = (d: Diagnostic): string =>
  typeof d.message === 'string' ? d.message : d.message.value;

function diagnostics(
  text: string,
  opts: { dockerignore?: string; levels?: Record<string, RuleLevel> } = {},
): Diagnostic[] {
  let svc = service();
  if (opts.levels) {
    svc = new LanguageService({ notes: [builtinNotes()] });
    svc.configure({ rules: opts.levels });
  }
  const d = doc(text);
  return svc.doValidate(
    d,
    svc.parse(d),
    opts.dockerignore === undefined ? {} : { dockerignore: opts.dockerignore },
  );
}

/** `line:col CODE message` of each diagnostic. */
function lint(text: string, opts: Parameters<typeof diagnostics>[1] = {}): string[] {
  return diagnostics(text, opts).map(
    (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${msg(d)}`,
  );
}

/** Only the diagnostics of one rule. */
const only = (rule: string, text: string, opts: Parameters<typeof diagnostics>[1] = {}): string[] =>
  lint(text, opts).filter((l) => l.split(' ')[1] === rule);

/** Apply the code action with this title (offered for the diagnostics of the file) and return the text. */
function applyFix(text: string, title: string): string {
  const d = doc(text);
  const svc = service();
  const ds = svc.doValidate(d, svc.parse(d));
  const actions = svc.doCodeActions(
    d,
    { start: { line: 0, character: 0 }, end: { line: d.lineCount, character: 0 } },
    { diagnostics: ds },
  );
  const a = actions.find((x) => x.title === title);
  if (!a) throw new Error(`no action "${title}"; have: ${actions.map((x) => x.title).join(' | ')}`);
  return TextDocument.applyEdits(d, a.edit?.changes?.[URI] ?? []);
}

/* ------------------------------------------------------------------ BuildKit checks */

test('StageNameCasing', () => {
  assert.deepEqual(only('StageNameCasing', 'FROM alpine AS Build\n'), [
    "1:16 StageNameCasing Stage name 'Build' has capitals: stage names are lower case",
  ]);
  assert.deepEqual(only('StageNameCasing', 'FROM alpine AS build\n'), []);
});

test('FromAsCasing: AS in the case of FROM; a mixed-case FROM is left to the casing rule', () => {
  assert.deepEqual(only('FromAsCasing', 'FROM alpine as build\n'), [
    "1:13 FromAsCasing 'as' is not written in the case of 'FROM'",
  ]);
  assert.deepEqual(only('FromAsCasing', 'from alpine AS build\n'), [
    "1:13 FromAsCasing 'AS' is not written in the case of 'from'",
  ]);
  assert.deepEqual(only('FromAsCasing', 'from alpine as build\nFrom alpine as b2\n'), []);
});

test('NoEmptyContinuation: an empty line inside a continuation, not a comment line', () => {
  assert.deepEqual(only('NoEmptyContinuation', 'FROM alpine\nRUN a \\\n\n  b\n'), [
    '3:1 NoEmptyContinuation Empty line inside a continued instruction',
  ]);
  assert.deepEqual(only('NoEmptyContinuation', 'FROM alpine\nRUN a \\\n# note\n  b\n'), []);
});

test('ConsistentInstructionCasing: the majority wins, ties go to upper case', () => {
  assert.deepEqual(only('ConsistentInstructionCasing', 'FROM alpine\ncopy a b\nCOPY c d\n'), [
    "2:1 ConsistentInstructionCasing 'copy' is not upper case like most instructions of this file",
  ]);
  assert.deepEqual(only('ConsistentInstructionCasing', 'from alpine\ncopy a b\nRun x\n'), [
    "3:1 ConsistentInstructionCasing 'Run' is not lower case like most instructions of this file",
  ]);
  // global ARGs are not counted
  assert.deepEqual(only('ConsistentInstructionCasing', 'arg X=1\nFROM alpine\nCOPY a b\n'), []);
});

test('DuplicateStageName and ReservedStageName (names compared in lower case)', () => {
  assert.deepEqual(only('DuplicateStageName', 'FROM a AS b\nFROM c AS B\n'), [
    '2:11 DuplicateStageName Stage name "b" is already used by an earlier stage',
  ]);
  assert.deepEqual(only('DuplicateStageName', 'FROM a AS b1\nFROM c AS b2\n'), []);
  assert.deepEqual(only('ReservedStageName', 'FROM alpine AS scratch\nFROM a AS context\n'), [
    '1:16 ReservedStageName "scratch" is a reserved name and should not name a stage',
    '2:11 ReservedStageName "context" is a reserved name and should not name a stage',
  ]);
  assert.deepEqual(only('ReservedStageName', 'FROM scratch\nFROM scratch AS a\n'), []);
});

test('JSONArgsRecommended: shell form without a SHELL in the stage or the stages below it', () => {
  assert.deepEqual(only('JSONArgsRecommended', 'FROM alpine\nCMD node server.js\n'), [
    '2:1 JSONArgsRecommended CMD in shell form: the program will not receive stop signals; use the JSON (exec) form',
  ]);
  assert.deepEqual(
    only(
      'JSONArgsRecommended',
      'FROM alpine AS base\nSHELL ["/bin/bash", "-c"]\nFROM base\nENTRYPOINT run.sh\n',
    ),
    [],
  );
  assert.deepEqual(only('JSONArgsRecommended', 'FROM alpine\nCMD ["node", "server.js"]\n'), []);
});

test('MaintainerDeprecated', () => {
  assert.deepEqual(only('MaintainerDeprecated', 'FROM alpine\nMAINTAINER Jane <j@x.org>\n'), [
    '2:1 MaintainerDeprecated MAINTAINER is deprecated: record the image author in a label',
  ]);
  assert.deepEqual(
    only('MaintainerDeprecated', 'FROM alpine\nLABEL org.opencontainers.image.authors=j\n'),
    [],
  );
  // the diagnostic is tagged deprecated (shown struck through)
  assert.deepEqual(diagnostics('FROM alpine\nMAINTAINER j\n')[0].tags, [2]);
});

test('UndefinedArgInFrom, with a suggestion', () => {
  assert.deepEqual(only('UndefinedArgInFrom', 'FROM --platform=$BULIDPLATFORM scratch\n'), [
    "1:17 UndefinedArgInFrom FROM uses 'BULIDPLATFORM', which no ARG before the first FROM declares (did you mean BUILDPLATFORM?)",
  ]);
  assert.deepEqual(only('UndefinedArgInFrom', 'ARG tag=3\nFROM alpine:${tag}${v}\n'), [
    "2:19 UndefinedArgInFrom FROM uses 'v', which no ARG before the first FROM declares",
  ]);
  assert.deepEqual(
    only('UndefinedArgInFrom', 'ARG base=scratch\nARG DEBUG\nFROM $base${DEBUG}\n'),
    [],
  );
});

test('WorkdirRelativePath: the first WORKDIR of the stage chain', () => {
  assert.deepEqual(only('WorkdirRelativePath', 'FROM scratch\nWORKDIR app/\n'), [
    '2:9 WorkdirRelativePath Relative WORKDIR "app/" depends on the working directory of the base image',
  ]);
  assert.deepEqual(
    only('WorkdirRelativePath', 'FROM scratch AS a\nWORKDIR /app\nFROM a\nWORKDIR sub\n'),
    [],
  );
  assert.deepEqual(only('WorkdirRelativePath', 'FROM windows/servercore\nWORKDIR C:\\app\n'), []);
});

test('UndefinedVar: every undefined name on scratch, only certain ones on a registry image', () => {
  assert.deepEqual(only('UndefinedVar', 'FROM scratch\nCOPY $foo .\n'), [
    "2:6 UndefinedVar Variable '$foo' is not defined here",
  ]);
  assert.deepEqual(only('UndefinedVar', 'FROM scratch\nARG foo\nCOPY ${foo} .\n'), []);
  // a near miss of a name in scope
  assert.deepEqual(only('UndefinedVar', 'FROM scratch\nENV PATH=$PAHT:/app/bin\n'), [
    "2:10 UndefinedVar Variable '$PAHT' is not defined here (did you mean $PATH?)",
  ]);
  // on a registry image a near miss is no proof: the golang image sets GOPATH
  assert.deepEqual(only('UndefinedVar', 'FROM golang\nENV PATH=$GOPATH/bin:$PATH\n'), []);
  // used above the ARG that declares it; a global ARG not declared in the stage
  assert.deepEqual(only('UndefinedVar', 'FROM alpine\nCOPY $foo .\nARG foo=bar\n'), [
    "2:6 UndefinedVar Variable '$foo' is not defined here",
  ]);
  assert.deepEqual(only('UndefinedVar', 'ARG VERSION=1\nFROM alpine\nCOPY app-$VERSION.tgz /\n'), [
    "3:10 UndefinedVar Variable '$VERSION' is not defined here",
  ]);
  // the image may set these: not reported
  assert.deepEqual(
    only(
      'UndefinedVar',
      'FROM eclipse-temurin:21\nENV PATH=$JAVA_HOME/bin:$PATH\nENV LD_LIBRARY_PATH=${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}/opt/lib\n',
    ),
    [],
  );
  // RUN is expanded by the shell, not checked
  assert.deepEqual(only('UndefinedVar', 'FROM scratch\nRUN echo $foo\n'), []);
  // in one ENV, a later pair does not see an earlier one
  assert.deepEqual(only('UndefinedVar', 'FROM alpine\nENV A=/a B=$A/b\n'), [
    "2:12 UndefinedVar Variable '$A' is not defined here",
  ]);
});

test('MultipleInstructionsDisallowed: the earlier one is reported, per stage', () => {
  assert.deepEqual(
    only('MultipleInstructionsDisallowed', 'FROM scratch\nCMD ["a"]\nCOPY x y\nCMD ["b"]\n'),
    [
      '2:1 MultipleInstructionsDisallowed Only the last CMD of a stage takes effect: a later one replaces this one',
    ],
  );
  assert.deepEqual(
    only('MultipleInstructionsDisallowed', 'FROM scratch AS a\nCMD ["a"]\nFROM a\nCMD ["b"]\n'),
    [],
  );
});

test('LegacyKeyValueFormat', () => {
  assert.deepEqual(only('LegacyKeyValueFormat', 'FROM scratch\nENV key value\nLABEL k v\n'), [
    '2:5 LegacyKeyValueFormat Legacy "ENV key value" form: write "ENV key=value"',
    '3:7 LegacyKeyValueFormat Legacy "LABEL key value" form: write "LABEL key=value"',
  ]);
  assert.deepEqual(only('LegacyKeyValueFormat', 'FROM scratch\nENV key=value\nLABEL k=v\n'), []);
});

test('RedundantTargetPlatform', () => {
  assert.deepEqual(only('RedundantTargetPlatform', 'FROM --platform=${TARGETPLATFORM} alpine\n'), [
    '1:6 RedundantTargetPlatform --platform=${TARGETPLATFORM} is what FROM uses anyway: it can be left out',
  ]);
  assert.deepEqual(only('RedundantTargetPlatform', 'FROM --platform=$BUILDPLATFORM alpine\n'), []);
});

test('SecretsUsedInArgOrEnv: by name parts, in stages only', () => {
  assert.deepEqual(
    only('SecretsUsedInArgOrEnv', 'FROM scratch\nARG DB_PASSWORD\nENV api_token=x auth=y\n'),
    [
      '2:5 SecretsUsedInArgOrEnv ARG "DB_PASSWORD" looks like a secret: ARG and ENV values are kept in the image',
      '3:5 SecretsUsedInArgOrEnv ENV "api_token" looks like a secret: ARG and ENV values are kept in the image',
      '3:17 SecretsUsedInArgOrEnv ENV "auth" looks like a secret: ARG and ENV values are kept in the image',
    ],
  );
  assert.deepEqual(
    only(
      'SecretsUsedInArgOrEnv',
      'ARG PASSWORD\nFROM scratch\nARG PUBLIC_KEY\nARG GPG_KEY_FILE\nENV AUTH_MODULE_VERSION=1 passwordless=1\n',
    ),
    [],
  );
});

test('InvalidDefaultArgInFrom', () => {
  assert.deepEqual(only('InvalidDefaultArgInFrom', 'ARG VERSION\nFROM alpine:$VERSION\n'), [
    '2:6 InvalidDefaultArgInFrom With the defaults of the global ARGs, "alpine:$VERSION" is an empty or invalid image name',
  ]);
  assert.deepEqual(
    only('InvalidDefaultArgInFrom', 'ARG VERSION=3.21\nARG V=""\nFROM alpine:$VERSION$V\n'),
    [],
  );
});

test('FromPlatformFlagConstDisallowed: unless the stage name says the platform', () => {
  assert.deepEqual(
    only('FromPlatformFlagConstDisallowed', 'FROM --platform=linux/amd64 alpine\n'),
    [
      '1:17 FromPlatformFlagConstDisallowed FROM --platform is fixed to "linux/amd64": use $BUILDPLATFORM or leave it out',
    ],
  );
  assert.deepEqual(
    only(
      'FromPlatformFlagConstDisallowed',
      'FROM --platform=linux/amd64 alpine AS build-amd64\nFROM --platform=linux/arm64 alpine AS linux\n',
    ),
    [],
  );
});

test('ExposeProtoCasing and ExposeInvalidFormat', () => {
  assert.deepEqual(lint('FROM scratch\nEXPOSE 80/TcP 8080/udp 127.0.0.1:80:80 5000:5000 8000\n'), [
    "2:8 ExposeProtoCasing The protocol in '80/TcP' should be lower case",
    "2:24 ExposeInvalidFormat EXPOSE '127.0.0.1:80:80' names a host address or port, which EXPOSE does not use",
    "2:40 ExposeInvalidFormat EXPOSE '5000:5000' names a host address or port, which EXPOSE does not use",
  ]);
  assert.deepEqual(lint('FROM scratch\nEXPOSE 80/tcp 53/udp 8000-8010 $PORT\n'), []);
});

test('InvalidDefinitionDescription is experimental: off unless enabled', () => {
  const text = '# the app\nFROM scratch AS app\n# version number\nARG VERSION=1\n';
  assert.deepEqual(only('InvalidDefinitionDescription', text), []);
  assert.deepEqual(
    only(
      'InvalidDefinitionDescription',
      `# check=experimental=InvalidDefinitionDescription\n${text}`,
    ),
    [
      '2:1 InvalidDefinitionDescription The comment above this FROM should start with its name: # app <description>',
      '4:1 InvalidDefinitionDescription The comment above this ARG should start with its name: # VERSION <description>',
    ],
  );
  // a level in the settings enables it too; a comment starting with the name is a description
  assert.deepEqual(
    only('InvalidDefinitionDescription', '# version\nFROM scratch\n# version\nARG X\n', {
      levels: { InvalidDefinitionDescription: 'info' },
    }),
    [
      '3:1 InvalidDefinitionDescription The comment above this ARG should start with its name: # X <description>',
    ],
  );
  assert.deepEqual(
    only('InvalidDefinitionDescription', '# app builds it\nFROM scratch AS app\n#\nARG X\n', {
      levels: { InvalidDefinitionDescription: 'info' },
    }),
    [],
  );
});

test('CopyIgnoredFile: sources of the build context that .dockerignore excludes', () => {
  const text =
    'FROM scratch AS a\nCOPY prod.env ./app /\nADD ./tmp/x /x\nCOPY --from=a prod.env /\nCOPY . /\n';
  assert.deepEqual(only('CopyIgnoredFile', text, { dockerignore: '# secrets\n*.env\n/tmp\n' }), [
    '2:6 CopyIgnoredFile "prod.env" is excluded by .dockerignore: COPY will not find it',
    '3:5 CopyIgnoredFile "tmp/x" is excluded by .dockerignore: ADD will not find it',
  ]);
  // no ignore file, an ignore file with exclusions (!): not checked; `.` only when all is ignored
  assert.deepEqual(only('CopyIgnoredFile', text), []);
  assert.deepEqual(only('CopyIgnoredFile', text, { dockerignore: '*.env\n!keep.env\n' }), []);
  assert.deepEqual(only('CopyIgnoredFile', 'FROM scratch\nCOPY . /\n', { dockerignore: '*\n' }), [
    '2:6 CopyIgnoredFile "." is excluded by .dockerignore: COPY will not find it',
  ]);
});

/* ------------------------------------------------------------------ the check directive */

test('# check=skip, skip=all, error=true, and check= comments above one instruction', () => {
  const body = 'FROM alpine as Build\nMAINTAINER j\nCMD run\n';
  assert.deepEqual(
    lint(`# check=skip=FromAsCasing,JSONArgsRecommended\n${body}`).map((l) => l.split(' ')[1]),
    ['StageNameCasing', 'MaintainerDeprecated'],
  );
  assert.deepEqual(lint(`# check=skip=all\n${body}RUNN x\n`), [
    '5:1 UnknownInstruction Unknown instruction "RUNN" (did you mean RUN?)',
  ]);
  assert.deepEqual(
    diagnostics(`# check=error=true\n${body}`).map((d) => `${String(d.code)} ${d.severity}`),
    ['FromAsCasing 1', 'StageNameCasing 1', 'MaintainerDeprecated 1', 'JSONArgsRecommended 1'],
  );
  // BuildKit applies a check= comment right above an instruction to that instruction only
  assert.deepEqual(
    lint(
      'FROM alpine\n# check=skip=MaintainerDeprecated // reason\nMAINTAINER j\nMAINTAINER k\n',
    ).map((l) => l.split(' ').slice(0, 2).join(' ')),
    ['4:1 MaintainerDeprecated'],
  );
  // an invalid directive is an error (the build fails) and configures nothing
  assert.deepEqual(lint('# check=skip\nFROM alpine as b\n').slice(0, 1), [
    '1:9 InvalidDirective Invalid check directive "skip": use skip=RULE[,RULE], skip=all, error=true|false or experimental=RULE|all, joined with ;',
  ]);
});

test('the settings: a level per rule, off', () => {
  assert.deepEqual(
    diagnostics('FROM alpine as b\nMAINTAINER j\n', {
      levels: { FromAsCasing: 'off', MaintainerDeprecated: 'error' },
    }).map((d) => `${String(d.code)} ${d.severity}`),
    ['MaintainerDeprecated 1'],
  );
});

/* ------------------------------------------------------------------ what the frontend rejects */

test('instructions without their required arguments', () => {
  assert.deepEqual(lint('FROM\nFROM a AS\nCOPY a\nEXPOSE\nWORKDIR\nARG\nHEALTHCHECK CMD\n'), [
    '1:1 MissingArguments FROM requires an image, optionally followed by AS and a stage name',
    '2:1 MissingArguments FROM requires an image, optionally followed by AS and a stage name',
    '3:1 MissingArguments COPY requires a source and a destination: only one path is given',
    '4:1 MissingArguments EXPOSE requires at least one argument',
    '5:1 MissingArguments WORKDIR requires exactly one argument',
    '6:1 MissingArguments ARG requires at least one argument',
    '7:1 MissingArguments HEALTHCHECK CMD needs a command',
  ]);
});

test('flag values the frontend rejects', () => {
  assert.deepEqual(
    lint(
      [
        'FROM --platform=linux/*/x alpine',
        'RUN --network=bridge --security=insecure true',
        'COPY --chmod=999 --link=maybe --from a b',
        'COPY --from=$STAGE a b',
        'HEALTHCHECK --interval=30 --timeout=500us --start-period=1m --retries=-1 CMD true',
        '',
      ].join('\n'),
    ),
    [
      '1:17 InvalidFlagValue Invalid platform "linux/*/x": write os/arch[/variant], like linux/arm64',
      '2:15 InvalidFlagValue Invalid value "bridge" for --network: use one of default, none, host',
      '3:14 InvalidFlagValue Invalid --chmod value "999": use octal digits up to 7777 (755) or a symbolic mode (u+x)',
      '3:25 InvalidFlagValue --link takes true or false, not "maybe"',
      '3:31 InvalidFlagValue --from needs a value (--from=...)',
      '4:13 InvalidFlagValue --from does not expand variables: use a stage name (define a stage FROM the image)',
      '5:24 InvalidFlagValue --interval=30 has no unit: write it like 30s, 1m30s or 500ms',
      '5:37 InvalidFlagValue --timeout=500us is below the minimum of 1ms (0 means the default)',
      '5:71 InvalidFlagValue --retries cannot be negative',
    ],
  );
});

test('unknown instructions, flags, mount types and options; mount option values', () => {
  assert.deepEqual(
    lint(
      [
        'FROM alpine',
        'RUNN x',
        'COPY --From=a b c',
        'RUN --mount=type=caches,target=/x true',
        'RUN --mount=type=cache,target=/x,sharing=lock,mode=999,size=1g true',
        'RUN --mount=type=secret,required=true true',
        'RUN --mount=type=bind,source=x,id=cache-id,ro true',
        '',
      ].join('\n'),
    ),
    [
      '2:1 UnknownInstruction Unknown instruction "RUNN" (did you mean RUN?)',
      '3:6 UnknownFlag Unknown flag "--From" for COPY (did you mean --from?)',
      '4:18 UnknownMountType Unknown mount type "caches" (did you mean cache?)',
      '5:42 InvalidMountOption Invalid value "lock" for mount option sharing (did you mean locked?)',
      '5:52 InvalidMountOption Mount option mode takes an octal mode such as 0755, not "999"',
      '5:56 UnknownMountOption "size" is not an option of type=cache mounts.',
      '6:5 InvalidMountOption A secret mount needs id, source or target; it cannot have from or sharing, nor both source and id',
    ],
  );
});

test('directives, heredocs and arguments the frontend cannot read', () => {
  assert.deepEqual(
    lint('# syntax=Docker/Dockerfile:1\n# escape=x\n# syntax=docker/dockerfile:1\nFROM a\n'),
    [
      '1:10 InvalidDirective Invalid syntax directive "Docker/Dockerfile:1": it must name a frontend image, like docker/dockerfile:1',
      '2:3 InvalidDirective Invalid escape character "x": use \\ or `',
      '3:3 InvalidDirective The syntax directive is given twice: only one is allowed',
    ],
  );
  assert.deepEqual(lint('FROM a\nRUN <<EOF\necho hi\n EOF\n'), [
    '2:1 UnterminatedHeredoc Unterminated heredoc: no line with the closing word before the end of the file',
  ]);
  assert.deepEqual(
    lint(
      'FROM a AS 1st\nENV A=1 B\nSHELL /bin/bash -c\nVOLUME [""]\nEXPOSE 80/xtp\nCMD [1]\nONBUILD FROM x\n',
    ),
    [
      '1:11 InvalidArguments Invalid stage name "1st": it must start with a letter and hold only letters, digits, -, _ and .',
      '2:1 InvalidArguments ENV: no = in "B"; write name=value',
      '3:1 InvalidArguments SHELL must be written as a JSON array, like ["/bin/sh", "-c"]',
      '4:8 InvalidArguments VOLUME cannot be an empty string',
      '5:8 InvalidArguments Invalid port "80/xtp" in EXPOSE: use PORT, PORT/PROTOCOL or a range PORT-PORT (protocol tcp, udp or sctp)',
      '6:1 InvalidArguments CMD: a JSON array may only hold strings',
      '7:9 InvalidArguments FROM cannot be used as an ONBUILD trigger',
    ],
  );
});

test('a Dockerfile that uses every feature correctly has no diagnostics', () => {
  const text = `# syntax=docker/dockerfile:1
# check=error=true
ARG GO_VERSION=1.23
ARG BASE=alpine:3.21
FROM --platform=$BUILDPLATFORM golang:\${GO_VERSION} AS build
WORKDIR /src
ARG TARGETOS TARGETARCH
RUN --mount=type=bind,target=. \\
    --mount=type=cache,target=/root/.cache/go-build,sharing=locked,id=go \\
    # a comment inside the continuation
    GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .

FROM \${BASE}
ARG APP_HOME=/srv/app
ENV PATH=$APP_HOME/bin:$PATH \\
    LANG=C.UTF-8
LABEL org.opencontainers.image.authors="Jane <j@example.org>"
WORKDIR $APP_HOME
COPY --from=build --chmod=755 /out/app ./bin/
COPY --link --chown=1000:1000 <<EOF ./etc/app.conf
home=$APP_HOME
EOF
RUN --mount=type=secret,id=token,env=TOKEN --network=none <<-SCRIPT
\techo building
\tSCRIPT
EXPOSE 8080/tcp 9000-9010/udp
HEALTHCHECK --interval=30s --timeout=3s --start-period=0 --retries=3 CMD ["app", "health"]
USER 1000
ONBUILD COPY . /srv/app/src
STOPSIGNAL SIGTERM
ENTRYPOINT ["app"]
CMD ["serve"]
`;
  assert.deepEqual(lint(text, { dockerignore: '.git\nnode_modules\n' }), []);
});

/* ------------------------------------------------------------------ quick fixes */

test('quick fix: did you mean, for instructions, flags, mount options and values', () => {
  assert.equal(applyFix('FROM alpine\nRUNN x\n', 'Change to RUN'), 'FROM alpine\nRUN x\n');
  assert.equal(
    applyFix('FROM alpine\nCOPY --chmood=755 a b\n', 'Change to --chmod'),
    'FROM alpine\nCOPY --chmod=755 a b\n',
  );
  assert.equal(
    applyFix(
      'FROM alpine\nRUN --mount=type=cache,sharng=locked,target=/x ls\n',
      'Change to sharing',
    ),
    'FROM alpine\nRUN --mount=type=cache,sharing=locked,target=/x ls\n',
  );
  assert.equal(
    applyFix('FROM alpine\nRUN --mount=type=caches,target=/x ls\n', 'Change to cache'),
    'FROM alpine\nRUN --mount=type=cache,target=/x ls\n',
  );
  assert.equal(
    applyFix('FROM alpine\nRUN --mount=type=cache,target=/x,sharing=lock ls\n', 'Change to locked'),
    'FROM alpine\nRUN --mount=type=cache,target=/x,sharing=locked ls\n',
  );
  assert.equal(
    applyFix('FROM alpine\nRUN --network=hots ls\n', 'Change to host'),
    'FROM alpine\nRUN --network=host ls\n',
  );
  assert.equal(
    applyFix('FROM scratch\nENV PATH=${PAHT}:/x\n', 'Change to $PATH'),
    'FROM scratch\nENV PATH=${PATH}:/x\n',
  );
});

test('quick fix: MAINTAINER becomes the OCI authors label', () => {
  assert.equal(
    applyFix(
      'FROM alpine\nMAINTAINER Jane Doe <jane@example.org>\n',
      'Replace with LABEL org.opencontainers.image.authors',
    ),
    'FROM alpine\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.org>"\n',
  );
});

test('quick fix: legacy ENV and LABEL become KEY=value', () => {
  assert.equal(
    applyFix('FROM alpine\nENV APP_HOME /srv/app\n', 'Write APP_HOME=/srv/app'),
    'FROM alpine\nENV APP_HOME=/srv/app\n',
  );
  assert.equal(
    applyFix('FROM alpine\nLABEL description A small API\n', 'Write description="A small API"'),
    'FROM alpine\nLABEL description="A small API"\n',
  );
});

test('quick fix: as -> AS, EXPOSE protocol, instruction casing', () => {
  assert.equal(applyFix('FROM alpine as build\n', "Write 'AS'"), 'FROM alpine AS build\n');
  assert.equal(
    applyFix('FROM alpine\nEXPOSE 80/TCP\n', 'Write 80/tcp'),
    'FROM alpine\nEXPOSE 80/tcp\n',
  );
  assert.equal(
    applyFix('FROM alpine\ncopy a b\nRUN x\n', "Write 'COPY'"),
    'FROM alpine\nCOPY a b\nRUN x\n',
  );
});

test('quick fix: a stage renamed to lower case, with its references', () => {
  assert.equal(
    applyFix(
      'FROM golang AS Build\nRUN go build\nFROM Build AS test\nFROM alpine\nCOPY --from=Build /out /\n',
      "Rename the stage to 'build'",
    ),
    'FROM golang AS build\nRUN go build\nFROM build AS test\nFROM alpine\nCOPY --from=build /out /\n',
  );
});

test('quick fix: remove a redundant --platform; exec form for CMD', () => {
  assert.equal(
    applyFix('FROM --platform=$TARGETPLATFORM alpine\n', 'Remove the --platform flag'),
    'FROM alpine\n',
  );
  assert.equal(
    applyFix('FROM alpine\nCMD node server.js\n', 'Use the exec form ["node", "server.js"]'),
    'FROM alpine\nCMD ["node", "server.js"]\n',
  );
});

test('quick fix: disable a rule for this file', () => {
  assert.equal(
    applyFix('FROM alpine\nCMD node server.js\n', 'Disable JSONArgsRecommended for this file'),
    '# check=skip=JSONArgsRecommended\nFROM alpine\nCMD node server.js\n',
  );
  assert.equal(
    applyFix(
      '# syntax=docker/dockerfile:1\n# check=skip=StageNameCasing\nFROM alpine\nMAINTAINER j\n',
      'Disable MaintainerDeprecated for this file',
    ),
    '# syntax=docker/dockerfile:1\n# check=skip=StageNameCasing,MaintainerDeprecated\nFROM alpine\nMAINTAINER j\n',
  );
  // not for what the frontend rejects
  const d = doc('FROM alpine\nRUNN x\n');
  const ds = service().doValidate(d);
  const titles = service()
    .doCodeActions(d, ds[0].range, { diagnostics: ds })
    .map((a) => a.title);
  assert.deepEqual(titles, ['Change to RUN']);
});

test('fix all: every safe fix of the file at once', () => {
  const d = doc(
    'FROM alpine as Build\nMAINTAINER j\nENV A 1\nLABEL b 2\ncopy x y\nEXPOSE 80/UDP\nRUNN z\n',
  );
  const actions = service().doCodeActions(
    d,
    { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    { diagnostics: [], only: ['source.fixAll'] },
  );
  assert.deepEqual(
    actions.map((a) => [a.title, a.kind]),
    [['Fix all auto-fixable Dockerfile problems', 'source.fixAll.dockerInlineHelp']],
  );
  assert.equal(
    TextDocument.applyEdits(d, actions[0].edit?.changes?.[URI] ?? []),
    'FROM alpine AS build\nLABEL org.opencontainers.image.authors="j"\nENV A=1\nLABEL b=2\nCOPY x y\nEXPOSE 80/udp\nRUNN z\n',
  );
  // not computed for the light bulb (no `only`)
  assert.deepEqual(
    service()
      .doCodeActions(
        d,
        { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        {
          diagnostics: [],
        },
      )
      .map((a) => a.title),
    [],
  );
});

test('hovering a rule name in a check= line shows the rule', () => {
  const text =
    '# check=skip=StageNameCasing,JSONArgsRecommended\nFROM alpine\n# check=skip=UndefinedVar\nCOPY a b\n';
  const d = doc(text);
  const at = (line: number, character: number): string =>
    (
      (service().doHover(d, { line, character })?.contents as MarkupContent | undefined)?.value ??
      ''
    ).split('\n')[0];
  assert.equal(at(0, 20), '**StageNameCasing** — Stage names should be written in lower case');
  assert.equal(
    at(0, 35),
    '**JSONArgsRecommended** — CMD and ENTRYPOINT in shell form: signals do not reach the program',
  );
  assert.equal(
    at(2, 16),
    '**UndefinedVar** — A variable used before any ARG or ENV defines it in the stage',
  );
});

test('the parse follows BuildKit: backtick escape, CRLF, BOM, escaped escapes, heredocs, ONBUILD', () => {
  const windows =
    '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nSHELL ["powershell", "-Command"]\r\nRUN Write-Host `\r\n    hello\r\nWORKDIR C:\\app\r\nCOPY app.ps1 C:\\app\\\r\nENV APP_HOME=C:\\app\r\nCMD powershell -File app.ps1\r\n';
  assert.deepEqual(lint(windows), []);
  assert.deepEqual(lint('\uFEFF# check=skip=all\nFROM alpine as x\n'), []);
  // an escaped escape at the end of a line does not continue it: "x" is an instruction
  assert.deepEqual(lint('FROM alpine\nRUN echo \\\\\nx\n'), [
    '3:1 UnknownInstruction Unknown instruction "x".',
  ]);
  // heredoc bodies are not instructions; <<- strips leading tabs before the terminator
  assert.deepEqual(
    lint('FROM alpine\nRUN <<-EOT bash\n\tNOT AN INSTRUCTION\n\tEOT\nCOPY <<EOF /x\nFROM\nEOF\n'),
    [],
  );
  // ONBUILD triggers are read as instructions
  assert.deepEqual(lint('FROM alpine\nONBUILD RUNN x\nONBUILD COPY --chmood=1 a b\n'), [
    '2:9 UnknownInstruction Unknown instruction "RUNN" (did you mean RUN?)',
    '3:14 UnknownFlag Unknown flag "--chmood" for COPY (did you mean --chmod?)',
  ]);
  // binary junk and half-typed lines give no exception
  assert.doesNotThrow(() =>
    lint('FROM \u0000\u0001 ${\nRUN --mount=type="cache\nENV "a\nCOPY <<\n'),
  );
});

test('a Dockerfile for another frontend (# syntax= naming another image) is not checked', () => {
  const body = 'INCLUDE ./base.Dockerfile\nFROM alpine as b\nRUNN x\n';
  assert.deepEqual(lint(`# syntax=devthefuture/dockerfile-x\n${body}`), []);
  assert.deepEqual(
    lint(`# syntax=docker.io/docker/dockerfile:1.7-labs\n${body}`).map((l) => l.split(' ')[1]),
    ['UnknownInstruction', 'FromAsCasing', 'UnknownInstruction'],
  );
});

test('a large Dockerfile is checked in many small steps (bounded work between yields)', () => {
  const lines = ['FROM alpine AS base'];
  for (let i = 0; i < 2500; i++) lines.push(`RUN echo ${i}`, `ENV V${i}=${i}`);
  const d = doc(`${lines.join('\n')}\n`);
  const steps = service().validateSteps(d, service().parse(d));
  let n = 0;
  for (let r = steps.next(); !r.done; r = steps.next()) n++;
  // 5,001 lines: parsed 96 lines a step (52 steps), checked 24 instructions a step (2 x 208)
  assert.ok(n >= 52 + 2 * 208, `only ${n} steps`);
});

test('a tmpfs size is read as docker/go-units reads it (.5m and 1.m are sizes, 1ki is not)', () => {
  const out = lint(
    [
      'FROM alpine',
      'RUN --mount=type=tmpfs,target=/t,size=.5m true',
      'RUN --mount=type=tmpfs,target=/t,size=1.m true',
      'RUN --mount=type=tmpfs,target=/t,size=1ki true',
      '',
    ].join('\n'),
  );
  assert.deepEqual(out, [
    '4:39 InvalidMountOption Mount option size takes a size such as 64m or 1g, not "1ki"',
  ]);
});
