import { describe, expect, it } from 'vitest';
import { compileGlob, IgnoreMatcher } from './dockerignore.js';

describe('.dockerignore', () => {
  const matcher = IgnoreMatcher.fromText(
    ['# comment', '', '/secret.txt', '*.log', '!keep.log', 'build/', '**/node_modules', 'docs/**/*.md', '!docs/README.md', 'tmp?', 'cache/[ab]*'].join('\n'),
  );

  it.each([
    ['secret.txt', true],
    ['sub/secret.txt', false],
    ['debug.log', true],
    ['keep.log', false],
    ['sub/debug.log', false],
    ['build', true],
    ['build/out/app', true],
    ['node_modules/x/index.js', true],
    ['a/b/node_modules', true],
    ['docs/guide/intro.md', true],
    ['docs/intro.md', true],
    ['docs/README.md', false],
    ['docs/image.png', false],
    ['tmp1', true],
    ['tmp12', false],
    ['cache/apple', true],
    ['cache/cherry', false],
    ['Dockerfile', false],
  ])('%s excluded: %s', (path, excluded) => {
    expect(matcher.excludes(path)).toBe(excluded);
  });

  it('lets the last matching pattern win', () => {
    const reinclude = IgnoreMatcher.fromText('*\n!app\napp/secret\n');
    expect(reinclude.excludes('other')).toBe(true);
    expect(reinclude.excludes('app/main.js')).toBe(false);
    expect(reinclude.excludes('app/secret')).toBe(true);
    // With a negation around, an excluded directory may still hold included files.
    expect(reinclude.canSkipDirectory('other')).toBe(false);
    expect(IgnoreMatcher.fromText('build\n').canSkipDirectory('build')).toBe(true);
  });

  it('keeps * and ? inside one path segment', () => {
    expect(compileGlob('src/*.ts').test('src/a.ts')).toBe(true);
    expect(compileGlob('src/*.ts').test('src/x/a.ts')).toBe(false);
    expect(compileGlob('**/*.ts').test('a.ts')).toBe(true);
    expect(compileGlob('**/*.ts').test('x/y/a.ts')).toBe(true);
    expect(compileGlob('a?c').test('a/c')).toBe(false);
  });

  it('matches whole paths only, with regular-expression characters taken literally', () => {
    expect(compileGlob('a.c').test('abc')).toBe(false);
    expect(compileGlob('(a+)+b').test('(a+)+b')).toBe(true);
    expect(compileGlob('(a+)+b').test('aab')).toBe(false);
    expect(compileGlob('src').test('src/x')).toBe(false);
    expect(compileGlob('x{1,2}|y').test('x{1,2}|y')).toBe(true);
  });

  // Patterns that make a backtracking engine take seconds to hours on a long name (measured:
  // `(a+)+b` against 26 a's took 4.4 s in @balena/dockerignore, which hands such text to RegExp;
  // there `*a*a*a*b` took 5.2 s on one 255-byte name, and `**/x` 86 ms on each path 2,040
  // directories deep, because it matches every parent of the path again).
  it.each([
    ['*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000)],
    ['(a+)+b', 'a'.repeat(5000)],
    ['**/**/**/**/**/**/**/**/x', `${'a/'.repeat(2500)}y`],
    ['*?*?*?*?*?*?*?*?*?*?*?*?!', 'ab'.repeat(2500)],
    ['**/node_modules', `${'a/'.repeat(2040)}y`],
  ])('matches the pathological pattern %s in milliseconds', (pattern, path) => {
    const matcher = IgnoreMatcher.fromText(`${pattern}\n`);
    const started = performance.now();
    expect(matcher.excludes(path)).toBe(false);
    expect(compileGlob(pattern).test(path)).toBe(false);
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('refuses a pattern it cannot compile with a stable code', () => {
    expect(() => IgnoreMatcher.fromText('[z-a]\n')).toThrow(expect.objectContaining({ code: 'INVALID_DOCKERIGNORE' }));
  });
});
