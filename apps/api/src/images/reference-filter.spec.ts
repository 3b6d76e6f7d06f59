import { describe, expect, it } from 'vitest';
import { referenceMatcher } from './reference-filter.js';

describe('referenceMatcher', () => {
  it.each([
    ['busybox', 'docker.io/library/busybox:latest', true],
    ['busybox:latest', 'docker.io/library/busybox:latest', true],
    ['busy*', 'docker.io/library/busybox:1.36', true],
    ['busybox:1.*', 'docker.io/library/busybox:1.36', true],
    ['busybox:1.*', 'docker.io/library/busybox:latest', false],
    ['*:latest', 'docker.io/library/busybox:latest', true],
    ['*', 'docker.io/team/app:1', false],
    ['team/*', 'docker.io/team/app:1', true],
    ['127.0.0.1:5000/app', '127.0.0.1:5000/app:1', true],
    ['docker.io/library/busybox', 'docker.io/library/busybox:latest', true],
    ['alpine', 'docker.io/library/busybox:latest', false],
    ['busybox.', 'docker.io/library/busyboxx:latest', false],
  ])('%s against %s: %s', (pattern, name, expected) => {
    expect(referenceMatcher(pattern)(name)).toBe(expected);
  });
});
