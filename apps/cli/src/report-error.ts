import { BerthApiError } from '@berth/contracts';
import { CliError } from './cli-error.js';

/**
 * The one line a failure prints, `berth: CODE: detail`, and the exit status it gives. A
 * server that cannot be reached gets a hint, since that is the most common first failure.
 */
export function describeFailure(error: unknown): { line: string; exitCode: number } | undefined {
  if (error instanceof CliError) return { line: `berth: ${error.code}: ${error.message}`, exitCode: error.exitCode };
  if (error instanceof BerthApiError) {
    const hint = error.code === 'UNREACHABLE' ? '; start it with `npm start` or set BERTH_URL' : '';
    return { line: `berth: ${error.code}: ${oneLine(error.detail)}${hint}`, exitCode: 1 };
  }
  return undefined;
}

/** The same failure with another exit status (`run` reports its own failures as 125). */
export function withExitCode(error: unknown, exitCode: number): unknown {
  if (error instanceof CliError) return new CliError(error.code, error.message, exitCode);
  if (error instanceof BerthApiError) return new CliError(error.code, error.detail, exitCode);
  return error;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, '; ');
}
