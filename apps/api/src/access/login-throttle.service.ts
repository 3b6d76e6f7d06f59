import { Injectable } from '@nestjs/common';
import { LoginThrottledException } from '../auth/access-errors.js';
import { LoginAttemptsRepository } from './login-attempts.repository.js';

/** Failures are counted over this window… */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
/** …and this many for one username (since its last success) stop further tries… */
export const MAX_FAILURES_PER_USER = 5;
/** …as do this many from one address, whatever the usernames (password spraying). */
export const MAX_FAILURES_PER_ADDRESS = 20;

/**
 * Slows password guessing: while a username or an address has too many recent failures,
 * sign-ins are refused with 429 before the password is even checked — the right password
 * included, or the refusal itself would confirm a guess. Kept in PostgreSQL, so every API
 * replica sees the same counts and a restart forgets nothing.
 */
@Injectable()
export class LoginThrottle {
  constructor(private readonly attempts: LoginAttemptsRepository) {}

  async check(username: string, ip: string, now = new Date()): Promise<void> {
    const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
    const byUser = await this.attempts.recentFailuresOfUser(username, since, MAX_FAILURES_PER_USER);
    const byAddress = await this.attempts.recentFailuresFrom(ip, since, MAX_FAILURES_PER_ADDRESS);
    const waits = [waitOf(byUser, MAX_FAILURES_PER_USER, now), waitOf(byAddress, MAX_FAILURES_PER_ADDRESS, now)];
    const wait = Math.max(...waits);
    if (wait > 0) throw new LoginThrottledException(Math.ceil(wait / 1000));
  }

  async record(username: string, ip: string, succeeded: boolean, now = new Date()): Promise<void> {
    await this.attempts.record(username, ip, succeeded);
    if (!succeeded) await this.attempts.forgetBefore(new Date(now.getTime() - THROTTLE_WINDOW_MS));
  }
}

/** Milliseconds until fewer than `max` of the failures (newest first) are inside the window. */
export function waitOf(failures: Date[], max: number, now: Date): number {
  if (failures.length < max) return 0;
  const oldestCounted = failures[max - 1]!;
  return Math.max(0, oldestCounted.getTime() + THROTTLE_WINDOW_MS - now.getTime());
}
