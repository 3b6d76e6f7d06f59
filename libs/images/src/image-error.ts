/**
 * The codes the image library refuses with. Stable: the API answers with them as problem
 * `code`s, and clients branch on them; add codes, never rename one.
 */
export const IMAGE_ERROR_CODES = [
  'BLOB_NOT_FOUND',
  'BUILD_FAILED',
  'CONTENT_CHANGED',
  'CORRUPT_LAYER',
  'DIGEST_MISMATCH',
  'EINVAL',
  'ELOOP',
  'IMAGE_IN_USE',
  'IMAGE_NOT_FOUND',
  'INVALID_ARCHIVE',
  'INVALID_DIGEST',
  'INVALID_DOCKERFILE',
  'INVALID_DOCKERIGNORE',
  'INVALID_IMAGE',
  'INVALID_PLATFORM',
  'INVALID_REFERENCE',
  'LAYER_TOO_LARGE',
  'MANIFEST_NOT_FOUND',
  'PLATFORM_NOT_FOUND',
  'REGISTRY_AUTH_FAILED',
  'REGISTRY_ERROR',
  'REGISTRY_UNREACHABLE',
  'UNPACK_FAILED',
  'UNSAFE_LAYER',
] as const;

export type ImageErrorCode = (typeof IMAGE_ERROR_CODES)[number];

/** A refusal of the image library: a stable `code` and a message that says what to do. */
export class ImageError extends Error {
  override readonly name: string = 'ImageError';
  constructor(
    readonly code: ImageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
