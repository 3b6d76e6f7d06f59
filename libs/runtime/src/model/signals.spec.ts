import { describe, expect, it } from 'vitest';
import { exitCodeForSignal, parseSignal, signalName } from './signals.js';

describe('signals', () => {
  it.each([
    ['SIGKILL', 9],
    ['KILL', 9],
    ['sigterm', 15],
    ['9', 9],
    ['SIGRTMIN', 34],
    ['RTMIN+3', 37],
  ])('parses %s as %d', (text, number) => {
    expect(parseSignal(text)).toBe(number);
  });

  it.each(['SIGNOPE', '0', '65', 'RTMIN+31', ''])('refuses %j', (text) => {
    expect(() => parseSignal(text)).toThrow(expect.objectContaining({ code: 'INVALID_SIGNAL' }));
  });

  it('names numbers back', () => {
    expect(signalName(9)).toBe('SIGKILL');
    expect(signalName(36)).toBe('SIGRTMIN+2');
  });

  it('follows the shell convention for exit codes', () => {
    expect(exitCodeForSignal(9)).toBe(137);
  });
});
