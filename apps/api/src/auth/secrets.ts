import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** API tokens and session cookies start with this, so a leaked one is recognisable (secret scanners). */
export const TOKEN_PREFIX = 'berth_';

/** A new bearer secret: 256 random bits, URL-safe. */
export function newSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * Secrets are kept only as SHA-256: they are long random strings, so a slow password hash
 * would add latency to every request without adding safety.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** What listings show of a token: enough to tell tokens apart, useless to an attacker. */
export function displayPrefix(secret: string): string {
  return secret.slice(0, TOKEN_PREFIX.length + 6);
}

/**
 * The CSRF token is derived from the session secret, so nothing more is stored and a page on
 * another origin (which can make the browser send the cookie but cannot read it) cannot
 * produce it.
 */
export function csrfTokenOf(sessionSecret: string): string {
  return createHmac('sha256', sessionSecret).update('berth csrf').digest('base64url');
}

/** Whether a request's CSRF header is the token of its session, compared in constant time. */
export function csrfMatches(header: string | string[] | undefined, sessionSecret: string): boolean {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(csrfTokenOf(sessionSecret));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
