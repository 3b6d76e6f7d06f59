import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../http/problem.js';

/** The refusals of copying to and from a container, each with its stable code. */
const REFUSALS: Record<string, [HttpStatus, string, (path: string) => string]> = {
  ENOENT: [HttpStatus.NOT_FOUND, 'PATH_NOT_FOUND', (path) => `no such file or directory in the container: ${path}`],
  ENOTDIR: [HttpStatus.BAD_REQUEST, 'NOT_A_DIRECTORY', (path) => `${path} is not a directory in the container; copy into a directory`],
  ELOOP: [HttpStatus.BAD_REQUEST, 'TOO_MANY_LINKS', (path) => `${path} has too many levels of symbolic links in the container`],
  EROFS: [HttpStatus.FORBIDDEN, 'READ_ONLY_PATH', (path) => `${path} is on a read-only file system in the container (read-only root or mount)`],
  EISDIR: [
    HttpStatus.CONFLICT,
    'WOULD_REPLACE',
    (path) => `${path}: the archive would replace a directory with a non-directory or the other way round (noOverwriteDirNonDir)`,
  ],
  EINVAL: [HttpStatus.BAD_REQUEST, 'INVALID_ARCHIVE', (path) => `the archive is not a readable tar, or an entry is unsafe: ${path}`],
  ENOTSUP: [
    HttpStatus.BAD_REQUEST,
    'UNSUPPORTED_ENTRY',
    (path) => `the archive holds ${path}, a device node or FIFO; Berth copies files, directories and links only`,
  ],
};

/** One of the refusals above by its errno name; the path is the container's, as the caller wrote it. */
export function containerFileError(errno: keyof typeof REFUSALS, path: string): ProblemException {
  const [status, code, detail] = REFUSALS[errno]!;
  return new ProblemException(status, code, detail(path));
}

/** A file-system error met while copying, as the refusal it stands for; anything else stays as it was. */
export function asContainerFileError(error: unknown, path: string): unknown {
  const errno = (error as NodeJS.ErrnoException).code;
  return errno && errno in REFUSALS ? containerFileError(errno, path) : error;
}
