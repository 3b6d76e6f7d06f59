import { describe, expect, it } from 'vitest';
import { DOCKER_API_VERSION, isSupportedVersion, splitVersion } from './docker-versions.js';

describe('splitVersion', () => {
  it('takes the version off a versioned path', () => {
    expect(splitVersion('/v1.41/containers/json?all=1')).toEqual({ version: '1.41', url: '/containers/json?all=1' });
  });

  it('reads an unversioned path as the newest version', () => {
    expect(splitVersion('/_ping')).toEqual({ version: DOCKER_API_VERSION, url: '/_ping' });
  });
});

describe('isSupportedVersion', () => {
  it.each([
    ['1.24', true],
    ['1.43', true],
    ['1.9', false],
    ['1.23', false],
    ['1.44', false],
    ['2.0', false],
  ])('%s → %s', (version, supported) => expect(isSupportedVersion(version)).toBe(supported));
});
