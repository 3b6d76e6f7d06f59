import { describe, expect, it } from 'vitest';
import { NulCharacterPipe } from './nul-character-pipe.js';

describe('NulCharacterPipe', () => {
  const pipe = new NulCharacterPipe();

  it('passes input without NUL unchanged', () => {
    const body = { name: 'web', env: ['A=1'], labels: { tier: 'x' } };
    expect(pipe.transform(body, { type: 'body' })).toBe(body);
    expect(pipe.transform('web', { type: 'param', data: 'id' })).toBe('web');
  });

  it('refuses NUL in a parameter, a nested body field or a key, naming where', () => {
    expect(() => pipe.transform('\u0000', { type: 'param', data: 'id' })).toThrow(
      expect.objectContaining({ response: expect.objectContaining({ code: 'INVALID_CHARACTER', detail: 'id: NUL characters are not allowed' }) }),
    );
    expect(() => pipe.transform({ env: ['A=1', 'B=\u0000'] }, { type: 'body' })).toThrow(
      expect.objectContaining({ response: expect.objectContaining({ detail: 'body.env[1]: NUL characters are not allowed' }) }),
    );
    expect(() => pipe.transform({ labels: { 'k\u0000': 'v' } }, { type: 'body' })).toThrow(expect.objectContaining({ status: 400 }));
  });
});
