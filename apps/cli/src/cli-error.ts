/**
 * A failure the CLI finds itself (a bad flag value, an unreadable file), printed like the
 * server's: `berth: CODE: detail`. `exitCode` is 1 unless the command says otherwise
 * (`run` uses 125 for failures before the container started, as docker does).
 */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** docker's status for `run` failures of the tool itself, before the container ran. */
export const RUN_FAILED_EXIT_CODE = 125;
