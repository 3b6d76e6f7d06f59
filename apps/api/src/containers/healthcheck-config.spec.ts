import { describe, expect, it } from 'vitest';
import type { ProblemException } from '../http/problem.js';
import { checkHealthcheck, probeArgs, resolveHealthcheck } from './healthcheck-config.js';

describe('healthcheck config', () => {
  it('fills Docker defaults, takes what the image sets, and lets the request override it', () => {
    expect(resolveHealthcheck({ test: ['CMD', 'true'] }, undefined)).toEqual({
      test: ['CMD', 'true'],
      intervalMs: 30_000,
      timeoutMs: 30_000,
      retries: 3,
      startPeriodMs: 0,
      startIntervalMs: 5_000,
    });
    const image = { Test: ['CMD-SHELL', 'test -f /ok'], Interval: 2e9, Retries: 5 };
    expect(resolveHealthcheck(undefined, image)).toMatchObject({ test: ['CMD-SHELL', 'test -f /ok'], intervalMs: 2000, retries: 5 });
    expect(resolveHealthcheck({ intervalMs: 500 }, image)).toMatchObject({ test: ['CMD-SHELL', 'test -f /ok'], intervalMs: 500, retries: 5 });
    expect(resolveHealthcheck({ test: ['NONE'] }, image)?.test).toEqual(['NONE']);
    expect(resolveHealthcheck(undefined, undefined)).toBeUndefined();
  });

  it('runs CMD as given and CMD-SHELL through /bin/sh -c', () => {
    const base = { intervalMs: 1, timeoutMs: 1, retries: 1, startPeriodMs: 0, startIntervalMs: 1 };
    expect(probeArgs({ ...base, test: ['CMD', 'ls', '-l'] })).toEqual(['ls', '-l']);
    expect(probeArgs({ ...base, test: ['CMD-SHELL', 'exit 3'] })).toEqual(['/bin/sh', '-c', 'exit 3']);
  });

  it.each([
    [{ test: ['curl'] }, /must start with "CMD", "CMD-SHELL" or "NONE"/],
    [{ test: ['CMD'] }, /needs a program/],
    [{ test: ['CMD-SHELL', 'a', 'b'] }, /takes one non-empty command/],
    [{ test: ['NONE', 'x'] }, /takes no arguments/],
    [{ test: ['CMD', 'true'], intervalMs: 10 }, /intervalMs must be between 100 ms/],
    [{ test: ['CMD', 'true'], timeoutMs: -5 }, /timeoutMs must be a whole number/],
    [{ test: ['CMD', 'true'], retries: 1.5 }, /retries must be a whole number/],
  ])('refuses %j with INVALID_HEALTHCHECK', (request, message) => {
    let refusal: ProblemException | undefined;
    try {
      checkHealthcheck(request);
    } catch (error) {
      refusal = error as ProblemException;
    }
    expect(refusal?.getStatus()).toBe(400);
    expect(refusal?.getResponse()).toMatchObject({ code: 'INVALID_HEALTHCHECK', detail: expect.stringMatching(message) });
  });
});
