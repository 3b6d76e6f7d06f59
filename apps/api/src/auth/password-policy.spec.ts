import { describe, expect, it } from 'vitest';
import { ProblemException } from '../http/problem.js';
import { checkPasswordStrength, MIN_PASSWORD_LENGTH } from './password-policy.js';

describe('password policy', () => {
  it(`accepts ${MIN_PASSWORD_LENGTH} characters`, () => {
    expect(() => checkPasswordStrength('x'.repeat(MIN_PASSWORD_LENGTH))).not.toThrow();
  });

  it('refuses a shorter one with a 400 that names the field', () => {
    let refusal: unknown;
    try {
      checkPasswordStrength('x'.repeat(MIN_PASSWORD_LENGTH - 1));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ProblemException);
    expect((refusal as ProblemException).getStatus()).toBe(400);
    expect((refusal as ProblemException).getResponse()).toMatchObject({ code: 'PASSWORD_TOO_SHORT', errors: [{ field: 'password' }] });
  });
});
