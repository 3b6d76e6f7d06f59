import { Logger } from '@nestjs/common';
import { IMAGE_ERROR_CODES, ImageError } from '@berth/images';
import { RuntimeError } from '@berth/runtime/model';
import { describe, expect, it } from 'vitest';
import { problemOf } from '../http/problem-of.js';
import { imageProblem, type ImageOperation } from './image-errors.js';

/** Quiet: the 500s are logged in full by design. */
const logger = new Logger('image-errors.spec');
logger.error = () => undefined;

const problem = (error: unknown, operation?: ImageOperation) => problemOf(operation ? imageProblem(error, operation) : error, '/api/v1/images', logger);

describe('the image library errors as problems', () => {
  it.each(['pull', 'push', 'load', 'build', 'store'] as const)(
    'answer every ImageError code of a %s with the status and code a RuntimeError of that code had',
    (operation) => {
      for (const code of IMAGE_ERROR_CODES) {
        expect(problem(new ImageError(code, 'why'), operation), code).toEqual(problem(new RuntimeError(code, 'why'), operation));
        expect(problem(new ImageError(code, 'why')), code).toEqual(problem(new RuntimeError(code, 'why')));
      }
    },
  );

  it.each([
    ['IMAGE_NOT_FOUND', 'pull', 404, 'IMAGE_NOT_FOUND'],
    ['INVALID_DOCKERIGNORE', 'build', 400, 'INVALID_DOCKERIGNORE'],
    ['DIGEST_MISMATCH', 'pull', 502, 'DIGEST_MISMATCH'],
    ['DIGEST_MISMATCH', 'load', 400, 'DIGEST_MISMATCH'],
    ['REGISTRY_AUTH_FAILED', 'push', 403, 'REGISTRY_AUTH_FAILED'],
    ['LAYER_TOO_LARGE', 'load', 413, 'LAYER_TOO_LARGE'],
    ['BUILD_FAILED', 'build', 422, 'BUILD_FAILED'],
    ['BLOB_NOT_FOUND', 'store', 500, 'IMAGE_CONTENT_MISSING'],
  ] as const)('%s in a %s is %i %s', (code, operation, status, answered) => {
    expect(problem(new ImageError(code, 'why'), operation)).toMatchObject({ status, code: answered });
  });

  it('keeps the status an ImageError had outside the image routes (problem filter)', () => {
    expect(problem(new ImageError('IMAGE_NOT_FOUND', 'no such image'))).toMatchObject({ status: 404, code: 'IMAGE_NOT_FOUND', detail: 'no such image' });
    expect(problem(new ImageError('INVALID_REFERENCE', 'bad'))).toMatchObject({ status: 400, code: 'INVALID_REFERENCE' });
    expect(problem(new ImageError('UNPACK_FAILED', 'disk'))).toMatchObject({ status: 500, code: 'UNPACK_FAILED' });
  });
});
