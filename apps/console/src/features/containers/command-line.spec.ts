import { describe, expect, it } from 'vitest';
import { joinCommandLine, splitCommandLine } from './command-line';

describe('splitCommandLine', () => {
  it('splits on spaces and keeps quoted spaces together', () => {
    expect(splitCommandLine(`sh -c 'echo hello; sleep 1000'`)).toEqual(['sh', '-c', 'echo hello; sleep 1000']);
    expect(splitCommandLine(`  echo  "a \\"b\\"" c\\ d ''`)).toEqual(['echo', 'a "b"', 'c d', '']);
    expect(splitCommandLine('')).toEqual([]);
  });

  it('refuses an unclosed quote rather than guess', () => {
    expect(() => splitCommandLine(`sh -c 'echo`)).toThrow(/unclosed ' quote/);
  });

  it('joins back into a line that splits to the same words', () => {
    const words = ['sh', '-c', "echo it's ok", ''];
    expect(splitCommandLine(joinCommandLine(words))).toEqual(words);
    expect(joinCommandLine(['sleep', '1000'])).toBe('sleep 1000');
  });
});
