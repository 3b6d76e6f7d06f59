import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../http/problem.js';

/** Long enough to resist guessing at the throttled login rate, short enough to type. */
export const MIN_PASSWORD_LENGTH = 10;

/** Refuses a new password the policy does not accept: 400, naming the field. */
export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'PASSWORD_TOO_SHORT', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`, [
      { field: 'password', message: `at least ${MIN_PASSWORD_LENGTH} characters` },
    ]);
  }
}
