/**
 * Short cards: a hover on a note longer than a screen (20 lines) shows the note's card (headline,
 * syntax and facts, the body's first paragraph or what comes before `<!-- more -->`, a short
 * example) and a More… link that opens the whole note through the one command the client trusts.
 * `see:` names become one See also line. Command links from anywhere else stay disarmed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileNotes } from '../../server/out/compiler/compileNotes';
import { LanguageService } from '../../server/out/service/languageService';
import { builtinNotes, hover } from './helpers';

const CMD = 'dih.show';
/** The More… link target of a note, as the hover writes it. */
const link = (kind: string, name: string, context?: string): string =>
  `command:${CMD}?${encodeURIComponent(JSON.stringify([{ kind, name, ...(context ? { context } : {}) }])).replace(/\*/g, '%2A')}`;

function notes(...files: [string, string][]) {
  const { index, problems } = compileNotes(files.map(([path, text]) => ({ path, text })));
  assert.deepEqual(problems, []);
  return index;
}

const filler = Array.from({ length: 14 }, (_, i) => `Detail line ${i + 1}.`).join('\n');
const WORKDIR = `---
kind: dockerfile-instruction
name: WORKDIR
summary: Set the working directory
syntax: WORKDIR <path>
see: [build contexts, no such concept]
---
First paragraph, line one,
line two.

**Section.** The rest of the note.
${filler}

\`\`\`dockerfile
WORKDIR /app
\`\`\`

Run [this](command:workbench.action.terminal.new) or [that](${link('dockerfile-instruction', 'WORKDIR')}).

[r]: command:workbench.action.terminal.new
`;
const CONCEPT = `---
kind: concept
name: build context
aliases: [context of a build]
summary: The files a build can read
---
What the builder sees.
`;
const MARKED = `---
kind: dockerfile-instruction
name: USER
summary: Set the user
---
The hand-made lead.

\`\`\`dockerfile
USER app
\`\`\`

<!-- more -->

${filler}

\`\`\`dockerfile
USER 1000:1000
\`\`\`
`;
const SHORT = `---
kind: dockerfile-instruction
name: EXPOSE
summary: Document a port
see: [build context]
---
Short note.
`;

const svc = new LanguageService({
  notes: [notes(['w.md', WORKDIR], ['c.md', CONCEPT], ['u.md', MARKED], ['e.md', SHORT])],
  noteAccess: { command: CMD },
});

test('a long note leads with its card: first paragraph, first short example, More…, See also', () => {
  assert.equal(
    hover('dockerfile', 'WORK¦DIR /app\n', undefined, svc),
    [
      '**WORKDIR** — Set the working directory',
      '',
      '```dockerfile',
      'WORKDIR <path>',
      '```',
      '',
      'First paragraph, line one,',
      'line two.',
      '',
      '```dockerfile',
      'WORKDIR /app',
      '```',
      '',
      `[More…](${link('dockerfile-instruction', 'WORKDIR')})  `,
      `**See also:** [build contexts](${link('concept', 'build context')}) · no such concept`,
    ].join('\n'),
  );
});

test('<!-- more --> cuts the card by hand; the whole note leaves the marker out', () => {
  assert.equal(
    hover('dockerfile', 'US¦ER app\n', undefined, svc),
    [
      '**USER** — Set the user',
      '',
      'The hand-made lead.',
      '',
      '```dockerfile',
      'USER app',
      '```',
      '',
      `[More…](${link('dockerfile-instruction', 'USER')})`,
    ].join('\n'),
  );
  const whole = svc.note({ kind: 'dockerfile-instruction', name: 'USER' });
  assert.equal(whole?.title, 'USER');
  assert.match(whole?.markdown ?? '', /```\n\nDetail line 1\.\n/);
  assert.doesNotMatch(whole?.markdown ?? '', /more -->|&lt;!--/);
});

test('a note that fits on a screen is shown whole, with its See also line', () => {
  assert.equal(
    hover('dockerfile', 'EXP¦OSE 80\n', undefined, svc),
    [
      '**EXPOSE** — Document a port',
      '',
      'Short note.',
      '',
      `**See also:** [build context](${link('concept', 'build context')})`,
    ].join('\n'),
  );
});

test('command links from a note or a document stay disarmed; the whole note opened by More…', () => {
  const full = svc.note({ kind: 'dockerfile-instruction', name: 'WORKDIR' })?.markdown ?? '';
  assert.match(full, /Run \[this\]\(#workbench\.action\.terminal\.new\) or \[that\]\(#dih\.show\?/);
  assert.match(full, /^\[r\]: #workbench\.action\.terminal\.new$/m);
  assert.match(full, /^Detail line 14\.$/m);
  // a word of the document that closes the hover's code span and writes a link: disarmed too
  const s = new LanguageService({ notes: [builtinNotes()], noteAccess: { command: CMD } });
  const target = link('dockerfile-instruction', 'USER');
  const h =
    hover(
      'dockerfile',
      `FROM a\nRUN --mount=type=cache,a\`[x](${target})\`=1 m¦ake\n`,
      undefined,
      s,
    ) ?? '';
  assert.equal(h, '');
  const opt =
    hover(
      'dockerfile',
      `FROM a\nRUN --mount=type=cache,a¦\`[x](${target})\`=1 make\n`,
      undefined,
      s,
    ) ?? '';
  assert.match(opt, /is not an option of `type=cache` mounts\./);
  assert.ok(!opt.includes(`](${target})`), opt);
  assert.ok(opt.includes(`[x](#${target.slice('command:'.length)})`), opt);
  // the card's own More… link is kept
  assert.match(opt, /^\[More…\]\(command:dih\.show\?/m);
});

test('without a way to open the whole note (no command, no pointer), hovers show whole notes', () => {
  const plainSvc = new LanguageService({ notes: [notes(['w.md', WORKDIR], ['c.md', CONCEPT])] });
  const h = hover('dockerfile', 'WORK¦DIR /app\n', undefined, plainSvc) ?? '';
  assert.match(h, /^Detail line 14\.$/m);
  assert.doesNotMatch(h, /More…/);
  assert.match(h, /^\*\*See also:\*\* build contexts · no such concept$/m);
});

test('a card lists long value lists by name, the value under the cursor with its summary', () => {
  const values = Array.from({ length: 8 }, (_, i) => `  - { value: v${i}, summary: Value ${i} }`);
  const key = `---
kind: compose-key
name: services.*.mode_x
shape: scalar
summary: A key with many values
values:
${values.join('\n')}
---
Lead.

${filler}
${filler}
`;
  const s = new LanguageService({
    notes: [builtinNotes(), notes(['k.md', key])],
    noteAccess: { command: CMD },
  });
  assert.equal(
    hover('dockercompose', 'services:\n  web:\n    mode_x: v¦3\n', undefined, s),
    [
      '**mode_x** (`services.<service>.mode_x`) — A key with many values',
      '',
      '- **`v3`** ◀ — Value 3',
      '**Values:** `v0`, `v1`, `v2`, `v3`, `v4`, `v5`, `v6`, `v7`',
      '',
      'Lead.',
      '',
      `[More…](${link('compose-key', 'services.*.mode_x')})`,
    ].join('\n'),
  );
});

/* ---- the hovers people see most, from the built-in notes ---- */

const builtin = new LanguageService({ notes: [builtinNotes()], noteAccess: { command: CMD } });
const read = (lang: string, text: string): string[] =>
  (hover(lang, text, undefined, builtin) ?? '').split('\n');

test('ENTRYPOINT: a 20-line card (was 52 lines) with its hand-made cut', () => {
  assert.deepEqual(read('dockerfile', 'FROM alpine\nENTRY¦POINT ["x"]\n'), [
    '**ENTRYPOINT** — Fixed executable a container runs; CMD and docker run arguments become its parameters',
    '',
    '```dockerfile',
    'ENTRYPOINT ["executable", "param1", "param2"]',
    'ENTRYPOINT command param1 param2',
    '```',
    '',
    'Makes the container behave like an executable: `ENTRYPOINT` is always run, and `CMD` or the',
    'arguments after the image name in `docker run` are passed to it. Only the last `ENTRYPOINT`',
    'counts.',
    '',
    'Write it as a JSON array (exec form): the program then runs as PID 1 and receives the `SIGTERM` of',
    '`docker stop`, and `CMD` holds its default arguments, which `docker run IMAGE args…` replaces.',
    '',
    '```dockerfile',
    'ENTRYPOINT ["redis-server"]',
    'CMD ["--appendonly", "yes"]',
    '```',
    '',
    `[More…](${link('dockerfile-instruction', 'ENTRYPOINT')}) · [Reference](https://docs.docker.com/reference/dockerfile/#entrypoint)`,
  ]);
});

test('FROM, RUN, CMD, COPY, depends_on, docker run: cards of at most 20 lines', () => {
  const cases: [string, string, number, string, string][] = [
    [
      'dockerfile',
      'FR¦OM alpine\n',
      12,
      '**FROM** — Start a new build stage from a base image (or from scratch)',
      'FROM',
    ],
    [
      'dockerfile',
      'FROM a\nR¦UN make\n',
      15,
      '**RUN** — Execute a command at build time and commit the result as a new image layer',
      'RUN',
    ],
    [
      'dockerfile',
      'FROM a\nC¦MD ["x"]\n',
      19,
      '**CMD** — Default command, or default arguments for ENTRYPOINT, when a container starts',
      'CMD',
    ],
    [
      'dockerfile',
      'FROM a\nCO¦PY . .\n',
      14,
      '**COPY** — Copy files from the build context, another stage or an image into the image',
      'COPY',
    ],
    [
      'dockercompose',
      'services:\n  web:\n    depends¦_on: [db]\n',
      18,
      '**depends_on** (`services.<service>.depends_on`) — Services to start before this one (and optionally wait for healthy/completed)',
      'services.*.depends_on',
    ],
    [
      'shellscript',
      'docker r¦un nginx\n',
      12,
      '**docker run** — Create and start a new container from an image, pulling the image first if needed',
      'docker run',
    ],
  ];
  for (const [lang, text, lines, head, name] of cases) {
    const h = read(lang, text);
    assert.equal(h.length, lines, `${name}: ${lines} lines\n${h.join('\n')}`);
    assert.equal(h[0], head);
    const kind =
      lang === 'dockercompose'
        ? 'compose-key'
        : lang === 'shellscript'
          ? 'cli-command'
          : 'dockerfile-instruction';
    // the last line, or the one before the See also line
    const more = h[h.length - (h[h.length - 1].startsWith('**See also:**') ? 2 : 1)];
    assert.ok(more.startsWith(`[More…](${link(kind, name)}) · [Reference](`), more);
  }
  // docker run names four concept notes: one line of links to them
  assert.equal(
    read('shellscript', 'docker r¦un nginx\n')[11],
    `**See also:** ${['namespaces', 'cgroups', 'networking', 'container links']
      .map((n) => `[${n}](${link('concept', n)})`)
      .join(' · ')}`,
  );
  // what the card leaves out is in the whole note
  assert.ok(
    !read('dockerfile', 'FROM a\nR¦UN make\n').includes(
      '**Layers and cache.** Each `RUN` adds a layer with only its changes. Files deleted in a later `RUN`',
    ),
  );
  assert.match(
    builtin.note({ kind: 'dockerfile-instruction', name: 'RUN' })?.markdown ?? '',
    /\*\*Layers and cache\.\*\*/,
  );
});

test('a command with subcommands lists their names in the card, with their summaries in the note', () => {
  const h = read('shellscript', 'docker comp¦ose up\n');
  assert.ok(
    h.some((l) => l.startsWith('**Subcommands:** `alpha`, `attach`, `bridge`, `build`,')),
    h.join('\n'),
  );
  const full = builtin.note({ kind: 'cli-command', name: 'docker compose' })?.markdown ?? '';
  assert.match(full, /^`up` — Create \(or recreate\) and start the project's containers/m);
});
