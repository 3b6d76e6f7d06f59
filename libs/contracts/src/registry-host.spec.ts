import { describe, expect, it } from 'vitest';
import { registryHostOf } from './registry-host.js';

describe('registryHostOf', () => {
  it.each([
    ['127.0.0.1:5000', '127.0.0.1:5000'],
    ['https://Ghcr.io/v2/', 'ghcr.io'],
    ['http://localhost:5000', 'localhost:5000'],
    ['https://index.docker.io/v1/', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['[::1]:5000', '[::1]:5000'],
    [' quay.io ', 'quay.io'],
  ])('%s → %s', (input, host) => {
    expect(registryHostOf(input)).toBe(host);
  });

  it.each(['', 'https://', 'ghcr.io:port', 'a b', '-bad.example', 'user@host'])('refuses %j', (input) => {
    expect(registryHostOf(input)).toBeUndefined();
  });
});
