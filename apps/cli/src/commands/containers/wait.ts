import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { act } from '../act.js';
import { eachTarget } from '../each-target.js';

export function registerWait(program: Command, context: CliContext): void {
  program
    .command('wait')
    .description('wait for containers to stop; prints each exit code')
    .argument('<container...>')
    .action(
      act(context, (containers: string[]) =>
        eachTarget(context, containers, async (container) => String((await context.client().containers.wait(container)).exitCode)),
      ),
    );
}
