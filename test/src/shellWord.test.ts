/**
 * Dockerfile word expansion (server/src/service/dockerfile/shellWord.ts, BuildKit's shell lexer):
 * words with nothing to expand take a short way that must answer as the lexer does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_ENV, mapEnv, processWord } from '../../server/out/service/dockerfile/shellWord';

const expand = (
  word: string,
  opts: { escape?: string; skipProcessQuotes?: boolean } = {},
  env = EMPTY_ENV,
): { result: string; words: string[]; matched: string[]; unmatched: string[]; error?: string } => {
  const r = processWord(word, env, { escape: '\\', ...opts });
  return {
    result: r.result,
    words: r.words,
    matched: [...r.matched],
    unmatched: [...r.unmatched],
    ...(r.error ? { error: r.error } : {}),
  };
};

test('a word with nothing to expand stands for itself, split at any white space Go knows', () => {
  assert.deepEqual(expand('  apt-get  install\tcurl\u00a0git\u3000vim  '), {
    result: '  apt-get  install\tcurl\u00a0git\u3000vim  ',
    words: ['apt-get', 'install', 'curl', 'git', 'vim'],
    matched: [],
    unmatched: [],
  });
  assert.deepEqual(expand(''), { result: '', words: [], matched: [], unmatched: [] });
  assert.deepEqual(expand('日本 語 🐳x'), {
    result: '日本 語 🐳x',
    words: ['日本', '語', '🐳x'],
    matched: [],
    unmatched: [],
  });
  // quotes are ordinary characters when the caller says so
  assert.deepEqual(expand('"a b"', { skipProcessQuotes: true }), {
    result: '"a b"',
    words: ['"a', 'b"'],
    matched: [],
    unmatched: [],
  });
});

test('quotes, escapes, variables and heredoc openers still go through the lexer', () => {
  assert.deepEqual(expand('"a b" c'), {
    result: 'a b c',
    words: ['a b', 'c'],
    matched: [],
    unmatched: [],
  });
  assert.deepEqual(expand("'x y'"), { result: 'x y', words: ['x y'], matched: [], unmatched: [] });
  assert.deepEqual(expand('a\\ b'), { result: 'a b', words: ['a b'], matched: [], unmatched: [] });
  assert.deepEqual(expand('a` b', { escape: '`' }), {
    result: 'a b',
    words: ['a b'],
    matched: [],
    unmatched: [],
  });
  // with the backtick as the escape character, a backslash is an ordinary character
  assert.deepEqual(expand('C:\\dir x', { escape: '`' }), {
    result: 'C:\\dir x',
    words: ['C:\\dir', 'x'],
    matched: [],
    unmatched: [],
  });
  assert.deepEqual(expand('$HOME/bin ${NOPE}', {}, mapEnv(new Map([['HOME', '/root']]))), {
    result: '/root/bin ',
    words: ['/root/bin'],
    matched: ['HOME'],
    unmatched: ['NOPE'],
  });
  assert.deepEqual(expand('"open'), {
    result: '',
    words: [],
    matched: [],
    unmatched: [],
    error:
      'failed to process ""open": unexpected end of statement while looking for matching double-quote',
  });
});
