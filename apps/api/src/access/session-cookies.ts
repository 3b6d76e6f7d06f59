import { parseCookie, stringifySetCookie, type SetCookie } from 'cookie';
import type { Request, Response } from 'express';
import { csrfTokenOf } from '../auth/secrets.js';

export const SESSION_COOKIE = 'berth_session';
/** Readable by the console's script, which echoes it in CSRF_HEADER on every change. */
export const CSRF_COOKIE = 'berth_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Sessions end after this much idleness, and after SESSION_MAX_AGE_MS whatever happens. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export function sessionSecretOf(request: Request): string | undefined {
  const header = request.headers.cookie;
  return header ? parseCookie(header)[SESSION_COOKIE] || undefined : undefined;
}

export function setSessionCookies(request: Request, response: Response, secret: string): void {
  const base = cookieOptions(request);
  const maxAge = SESSION_MAX_AGE_MS / 1000;
  response.append('Set-Cookie', stringifySetCookie({ ...base, name: SESSION_COOKIE, value: secret, httpOnly: true, maxAge }));
  response.append('Set-Cookie', stringifySetCookie({ ...base, name: CSRF_COOKIE, value: csrfTokenOf(secret), httpOnly: false, maxAge }));
}

export function clearSessionCookies(request: Request, response: Response): void {
  const base = cookieOptions(request);
  response.append('Set-Cookie', stringifySetCookie({ ...base, name: SESSION_COOKIE, value: '', httpOnly: true, maxAge: 0 }));
  response.append('Set-Cookie', stringifySetCookie({ ...base, name: CSRF_COOKIE, value: '', httpOnly: false, maxAge: 0 }));
}

function cookieOptions(request: Request): Omit<SetCookie, 'name' | 'value'> {
  // Strict: the console is one origin; no other site has a reason to send our cookie along.
  return { path: '/', sameSite: 'strict', secure: request.secure };
}
