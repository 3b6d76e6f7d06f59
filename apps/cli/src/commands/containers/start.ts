import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError } from '../../cli-error.js';
import { act } from '../act.js';
import { eachTarget } from '../each-target.js';
import { followUntilExit } from './follow-until-exit.js';

export function registerStart(program: Command, context: CliContext): void {
  program
    .command('start')
    .description('start stopped or created containers')
    .argument('<container...>')
    .option('-a, --attach', "print the container's output and exit with its exit code (one container)")
    .action(
      act(context, async (containers: string[], flags: { attach?: boolean }) => {
        const client = context.client();
        if (!flags.attach) return eachTarget(context, containers, async (container) => (await client.containers.start(container), container));
        if (containers.length !== 1) throw new CliError('INVALID_OPTION', 'start -a attaches to one container at a time');
        const started = await client.containers.start(containers[0]!);
        return (await followUntilExit(context, started.id)).exitCode;
      }),
    );
}
