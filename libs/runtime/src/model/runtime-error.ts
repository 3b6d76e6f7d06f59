/**
 * Every refusal the runtime makes carries a stable code (for programs) and a message
 * that says what to change (for people). Kernel failures carry the errno name.
 */
export class RuntimeError extends Error {
  override readonly name = 'RuntimeError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
