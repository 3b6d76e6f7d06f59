import { describe, expect, it } from 'vitest';
import { globToRegExp, IgnoreMatcher } from './dockerignore.js';

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
    expect(globToRegExp('src/*.ts').test('src/a.ts')).toBe(true);
    expect(globToRegExp('src/*.ts').test('src/x/a.ts')).toBe(false);
    expect(globToRegExp('**/*.ts').test('a.ts')).toBe(true);
    expect(globToRegExp('**/*.ts').test('x/y/a.ts')).toBe(true);
    expect(globToRegExp('a?c').test('a/c')).toBe(false);
  });
});
