import { describe, expect, it } from 'vitest';
import { csrfMatches, csrfTokenOf, displayPrefix, hashSecret, newSecret, TOKEN_PREFIX } from './secrets.js';

describe('secrets', () => {
  it('makes recognisable, distinct bearer secrets kept only as their SHA-256', () => {
    const [a, b] = [newSecret(), newSecret()];
    expect(a.startsWith(TOKEN_PREFIX)).toBe(true);
    expect(a).not.toBe(b);
    expect(hashSecret(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(a)).toBe(hashSecret(a));
    expect(displayPrefix(a)).toBe(a.slice(0, TOKEN_PREFIX.length + 6));
  });

  it('accepts the CSRF token of the session and nothing else', () => {
    const session = newSecret();
    const token = csrfTokenOf(session);
    expect(csrfMatches(token, session)).toBe(true);
    expect(csrfMatches(csrfTokenOf(newSecret()), session)).toBe(false);
    expect(csrfMatches(token.slice(1), session)).toBe(false);
    expect(csrfMatches([token, token], session)).toBe(false);
    expect(csrfMatches(undefined, session)).toBe(false);
  });
});
