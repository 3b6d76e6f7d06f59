/**
 * A reason Berth cannot start, with a stable code and one line that says what to do.
 * main.ts prints `berth: <code>: <message>` and exits non-zero.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
