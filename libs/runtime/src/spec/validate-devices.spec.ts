import { describe, expect, it } from 'vitest';
import { validateDevices } from './validate-devices.js';

describe('linux.devices validation (pure)', () => {
  it('returns the allow rules runc adds for the nodes (none for a fifo)', () => {
    expect(
      validateDevices([
        { path: '/dev/fuse', type: 'c', major: 10, minor: 229 },
        { path: '/dev/loop9', type: 'b', major: 7, minor: 9, fileMode: 0o660, uid: 0, gid: 6 },
        { path: '/dev/u', type: 'u', major: 4, minor: 1 },
        { path: '/dev/p', type: 'p' },
      ]),
    ).toEqual([
      { allow: true, type: 'c', major: 10, minor: 229, access: 'rwm' },
      { allow: true, type: 'b', major: 7, minor: 9, access: 'rwm' },
      { allow: true, type: 'c', major: 4, minor: 1, access: 'rwm' },
    ]);
    expect(validateDevices(undefined)).toEqual([]);
  });

  it.each([
    ['not an array', {}, /^linux\.devices: must be an array/],
    ['a relative path', [{ path: 'dev/x', type: 'c', major: 1, minor: 3 }], /\[0\]\.path: must be an absolute/],
    ['a path with ..', [{ path: '/dev/../etc/x', type: 'c', major: 1, minor: 3 }], /\[0\]\.path/],
    ['a directory path', [{ path: '/dev/', type: 'c', major: 1, minor: 3 }], /\[0\]\.path/],
    [
      'a path twice',
      [
        { path: '/dev/x', type: 'c', major: 1, minor: 3 },
        { path: '/dev/x', type: 'c', major: 1, minor: 5 },
      ],
      /\[1\]\.path: \/dev\/x is listed twice/,
    ],
    ['an unknown type', [{ path: '/dev/x', type: 'a', major: 1, minor: 3 }], /\[0\]\.type: must be c, b, u or p/],
    ['a char device without major', [{ path: '/dev/x', type: 'c', minor: 3 }], /\[0\]\.major: is required/],
    ['a minor out of range', [{ path: '/dev/x', type: 'c', major: 1, minor: 2 ** 20 }], /\[0\]\.minor/],
    ['a mode with file type bits', [{ path: '/dev/x', type: 'c', major: 1, minor: 3, fileMode: 0o20666 }], /\[0\]\.fileMode/],
    ['a negative uid', [{ path: '/dev/x', type: 'c', major: 1, minor: 3, uid: -1 }], /\[0\]\.uid/],
  ])('refuses %s', (_name, input, message) => {
    expect(() => validateDevices(input)).toThrow(expect.objectContaining({ code: 'INVALID_SPEC', message: expect.stringMatching(message) }));
  });
});
