import { createInterface } from 'node:readline/promises';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';

/**
 * Asks before something that cannot be undone, unless `--force` said yes already. Without a
 * terminal to ask on (a script, a pipe) it refuses rather than guess, and says which flag to add.
 */
export async function confirmOrForce(context: CliContext, question: string, force: boolean | undefined): Promise<boolean> {
  if (force) return true;
  if (!context.stdinIsTTY) throw new CliError('CONFIRMATION_NEEDED', `${question.replace(/\?$/, '')}: add -f (--force) to go ahead without a question`);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}
