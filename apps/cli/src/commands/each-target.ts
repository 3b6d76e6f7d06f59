import type { CliContext } from '../cli-context.js';
import { describeFailure } from '../report-error.js';

/**
 * Applies `action` to each named container (or image, volume) in turn, as `docker stop a b`
 * does: a failure is reported on its line and the rest still run; the status is 1 if any failed.
 */
export async function eachTarget(context: CliContext, targets: readonly string[], action: (target: string) => Promise<string | undefined>): Promise<number> {
  let status = 0;
  for (const target of targets) {
    try {
      const line = await action(target);
      if (line !== undefined) context.out(`${line}\n`);
    } catch (error) {
      const failure = describeFailure(error);
      if (!failure) throw error;
      context.err(`${failure.line}\n`);
      status = 1;
    }
  }
  return status;
}
