import { describe, expect, it } from 'vitest';
import { createRequestOf } from './docker-create-request.js';

describe("Docker's Config.Healthcheck as the create request's healthcheck", () => {
  it('takes the test and converts nanoseconds to milliseconds, zero values meaning "not set"', () => {
    const request = createRequestOf(
      { Image: 'busybox', Healthcheck: { Test: ['CMD-SHELL', 'true'], Interval: 1e9, Timeout: 2.5e8, Retries: 2, StartPeriod: 0, StartInterval: 0 } },
      undefined,
    );
    expect(request.healthcheck).toEqual({ test: ['CMD-SHELL', 'true'], intervalMs: 1000, timeoutMs: 250, retries: 2 });
  });

  it('keeps NONE (docker run --no-healthcheck) and leaves an empty check out', () => {
    expect(createRequestOf({ Image: 'busybox', Healthcheck: { Test: ['NONE'] } }, undefined).healthcheck).toEqual({ test: ['NONE'] });
    expect(createRequestOf({ Image: 'busybox', Healthcheck: { Test: [], Interval: 0 } }, undefined).healthcheck).toBeUndefined();
    expect(createRequestOf({ Image: 'busybox', Healthcheck: null }, undefined).healthcheck).toBeUndefined();
  });

  it('tunes the image check when only durations are given', () => {
    expect(createRequestOf({ Image: 'busybox', Healthcheck: { Interval: 5e8 } }, undefined).healthcheck).toEqual({ intervalMs: 500 });
  });
});
