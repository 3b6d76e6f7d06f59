import type { Logger } from '@nestjs/common';
import { problemOf } from '../http/problem-of.js';

/**
 * An error as the Docker Engine API states it: a status and `{"message": …}`. Docker's
 * clients read only those two, so Berth's stable problem code goes into the message's
 * start (`CONTAINER_NOT_FOUND: no such container: web`) where a person still sees it.
 */
export class DockerError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const dockerErrors = {
  notFound: (what: string) => new DockerError(404, `No such ${what}`),
  notImplemented: (what: string) => new DockerError(501, `${what} is not supported by Berth's Docker API`),
  badRequest: (message: string) => new DockerError(400, message),
  conflict: (message: string) => new DockerError(409, message),
};

/** Any error a use case throws, as Docker's status and message. */
export function dockerErrorOf(error: unknown, logger: Logger): DockerError {
  if (error instanceof DockerError) return error;
  const problem = problemOf(error, undefined, logger);
  // A 404's detail already reads like Docker's ("no such container: web"); people and
  // scripts grep for "No such", so it keeps Docker's capital.
  if (problem.status === 404) return new DockerError(404, capitalise(problem.detail || problem.title));
  return new DockerError(problem.status, `${problem.code}: ${problem.detail || problem.title}`);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
