import { HttpStatus } from '@nestjs/common';
import { familiarName, parseImageReference, formatImageReference, type ImageReference } from '@berth/images';
import { ProblemException } from '../http/problem.js';

/**
 * Image names in the catalogue are canonical (`docker.io/library/busybox:latest`), so that
 * `busybox`, `busybox:latest` and `library/busybox` are one name; people see them familiar
 * (`busybox:latest`), as `docker images` shows them.
 */
export function parseName(text: string): ImageReference {
  try {
    return parseImageReference(text);
  } catch (error) {
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'INVALID_REFERENCE',
      `${(error as Error).message}; write it like busybox, busybox:1.36 or 127.0.0.1:5000/app:1`,
    );
  }
}

export function canonicalName(text: string): string {
  return formatImageReference(parseName(text));
}

/** A tag (`…:latest`) rather than a repository digest (`…@sha256:…`). */
export function isTagName(name: string): boolean {
  return !name.includes('@');
}

export function familiar(name: string): string {
  return familiarName(parseImageReference(name));
}

/** The repository digest a registry knows the image by: `docker.io/library/busybox@sha256:…`. */
export function repositoryDigest(name: string, digest: string): string {
  const reference = parseImageReference(name);
  return formatImageReference({ ...reference, tag: undefined, digest: digest as ImageReference['digest'] });
}
