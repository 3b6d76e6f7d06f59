import { HttpStatus } from '@nestjs/common';
import { ImageError } from '@berth/images';
import { RuntimeError } from '@berth/runtime/model';
import { ProblemException } from '../http/problem.js';

/** Where a library error came from: the same code can be the caller's fault or the registry's. */
export type ImageOperation = 'pull' | 'push' | 'load' | 'build' | 'store';

const STATUS: Record<string, HttpStatus> = {
  INVALID_REFERENCE: HttpStatus.BAD_REQUEST,
  INVALID_PLATFORM: HttpStatus.BAD_REQUEST,
  INVALID_DIGEST: HttpStatus.BAD_REQUEST,
  INVALID_ARCHIVE: HttpStatus.BAD_REQUEST,
  INVALID_DOCKERFILE: HttpStatus.BAD_REQUEST,
  INVALID_DOCKERIGNORE: HttpStatus.BAD_REQUEST,
  // A container changed its files while they were read (commit without pause): retry, or pause it.
  CONTENT_CHANGED: HttpStatus.CONFLICT,
  UNSAFE_LAYER: HttpStatus.BAD_REQUEST,
  CORRUPT_LAYER: HttpStatus.BAD_REQUEST,
  ELOOP: HttpStatus.BAD_REQUEST,
  LAYER_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  IMAGE_NOT_FOUND: HttpStatus.NOT_FOUND,
  MANIFEST_NOT_FOUND: HttpStatus.NOT_FOUND,
  PLATFORM_NOT_FOUND: HttpStatus.NOT_FOUND,
  IMAGE_IN_USE: HttpStatus.CONFLICT,
  // Berth (or the caller) is not refused; the registry refused the credentials it was given.
  // 401 would read as "your Berth token is wrong", so 403 with its own code.
  REGISTRY_AUTH_FAILED: HttpStatus.FORBIDDEN,
  REGISTRY_UNREACHABLE: HttpStatus.BAD_GATEWAY,
  REGISTRY_ERROR: HttpStatus.BAD_GATEWAY,
  BUILD_FAILED: HttpStatus.UNPROCESSABLE_ENTITY,
};

/**
 * Turns the image library's refusals (ImageError with a stable code; a RuntimeError from the
 * runtime below it is mapped the same way) into problem
 * documents with the same code. Content that fails verification is the registry's fault in
 * a pull (502) and the uploader's in a load (400). Anything else is rethrown as is: the
 * problem filter answers 500 and logs it.
 */
export function imageProblem(error: unknown, operation: ImageOperation): unknown {
  if ((operation === 'load' || operation === 'build') && isUnreadableTar(error)) {
    const what = operation === 'load' ? 'the image archive' : 'the build context';
    return new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_ARCHIVE', `${what} is not a readable tar archive: ${(error as Error).message}`);
  }
  if (!(error instanceof ImageError || error instanceof RuntimeError)) return error;
  if (error.code === 'DIGEST_MISMATCH' || error.code === 'INVALID_IMAGE') {
    const fromRegistry = operation === 'pull' || operation === 'push';
    return new ProblemException(fromRegistry ? HttpStatus.BAD_GATEWAY : HttpStatus.BAD_REQUEST, error.code, error.message);
  }
  if (error.code === 'BLOB_NOT_FOUND') {
    return new ProblemException(
      HttpStatus.INTERNAL_SERVER_ERROR,
      'IMAGE_CONTENT_MISSING',
      `${error.message}; the image store lost content of this image: pull or load it again`,
    );
  }
  const status = STATUS[error.code];
  return status === undefined ? error : new ProblemException(status, error.code, error.message);
}

/**
 * The tar parser and zlib reject malformed input with plain Errors (`Invalid tar header`,
 * `Unexpected end of data`; zlib's carry a `Z_…` code). System errors (ENOSPC, EACCES) carry
 * an errno code and programming errors are TypeErrors and the like: those stay 500s.
 */
function isUnreadableTar(error: unknown): boolean {
  if (!(error instanceof Error) || error.constructor !== Error) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return code === undefined || code.startsWith('Z_');
}

/** Runs library work and rethrows its refusals as problems. */
export async function asProblem<T>(operation: ImageOperation, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw imageProblem(error, operation);
  }
}
