/**
 * Each area of notes says which upstream versions it describes (docs-data/<area>/VERSIONS.md),
 * the build refuses an area without one, and the README states the same versions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compileVersions } from '../../server/out/compiler/compileVersions';
import { ROOT } from './helpers';

const NOTES = join(ROOT, 'docs-data');
const areas = readdirSync(NOTES)
  .filter((n) => statSync(join(NOTES, n)).isDirectory())
  .sort();
const files = areas
  .map((a) => `docs-data/${a}/VERSIONS.md`)
  .filter((p) => existsSync(join(ROOT, p)))
  .map((p) => ({ path: p, text: readFileSync(join(ROOT, p), 'utf8') }));

test('every area of notes has a valid VERSIONS.md', () => {
  assert.deepEqual(areas, ['cli', 'compose', 'concepts', 'dockerfile']);
  const { areas: read, problems } = compileVersions(files, areas);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    read.map((a) => a.area),
    areas,
  );
});

test('the README states the versions of every area', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const { areas: read } = compileVersions(files, areas);
  for (const a of read) {
    const row = new RegExp(`^\\| [^|]*\\(\`docs-data/${a.area}\`\\) \\| (.*) \\|$`, 'm').exec(
      readme,
    );
    assert.ok(row, `README has no row for docs-data/${a.area}`);
    assert.equal(
      row[1],
      a.versions.map((v) => `${v.upstream} ${v.version}`).join(', '),
      `README row of ${a.area}`,
    );
  }
});

test('a missing or malformed VERSIONS.md is a problem', () => {
  const ok = (area: string, body: string): { path: string; text: string } => ({
    path: `docs-data/${area}/VERSIONS.md`,
    text: `---\n${body}\n---\ntext\n`,
  });
  const messages = (fs: { path: string; text: string }[], as: string[]): string[] =>
    compileVersions(fs, as).problems.map((p) => `${p.file}: ${p.message}`);
  assert.deepEqual(messages([], ['dockerfile']), [
    'docs-data/dockerfile/VERSIONS.md: area `dockerfile` has no VERSIONS.md: say which upstream versions its notes describe (see docs/notes-format.md)',
  ]);
  assert.deepEqual(
    messages(
      [
        ok(
          'compose',
          'area: compose\nchecked: 2026-12-01\nversions:\n  - upstream: Docker Compose\n    version: 5.10',
        ),
      ],
      ['compose'],
    ),
    [
      'docs-data/compose/VERSIONS.md: each entry of `versions` needs `upstream` and `version` as strings (quote numbers: "1.20")',
    ],
  );
  assert.deepEqual(messages([ok('cli', 'area: docker\nchecked: soon\nversions: []')], ['cli']), [
    "docs-data/cli/VERSIONS.md: `area` must be `cli`, the folder's name",
    'docs-data/cli/VERSIONS.md: `checked` must be a date, YYYY-MM-DD',
    'docs-data/cli/VERSIONS.md: `versions` must be a non-empty list of {upstream, version, detail?}',
  ]);
});
