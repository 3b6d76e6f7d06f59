import { describe, expect, it } from 'vitest';
import { familiarName, formatImageReference, parseImageReference } from './image-reference.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('parseImageReference', () => {
  it.each([
    ['busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
    ['busybox:1.36', 'docker.io/library/busybox:1.36', 'busybox:1.36'],
    ['org/app', 'docker.io/org/app:latest', 'org/app:latest'],
    ['ghcr.io/org/team/app:v1.2.3', 'ghcr.io/org/team/app:v1.2.3', 'ghcr.io/org/team/app:v1.2.3'],
    ['localhost:5000/app', 'localhost:5000/app:latest', 'localhost:5000/app:latest'],
    ['localhost/app', 'localhost/app:latest', 'localhost/app:latest'],
    [`app@${DIGEST}`, `docker.io/library/app@${DIGEST}`, `app@${DIGEST}`],
    [`app:1@${DIGEST}`, `docker.io/library/app:1@${DIGEST}`, `app:1@${DIGEST}`],
  ])('normalises %s', (text, canonical, familiar) => {
    const reference = parseImageReference(text);
    expect(formatImageReference(reference)).toBe(canonical);
    expect(familiarName(reference)).toBe(familiar);
  });

  it.each(['', 'Busybox', 'app:', 'app@sha256:123', 'a//b', '-app', 'app:bad tag', `app:${'x'.repeat(129)}`])('refuses %j', (text) => {
    expect(() => parseImageReference(text)).toThrow(expect.objectContaining({ code: 'INVALID_REFERENCE' }));
  });
});
