import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { act } from '../act.js';
import { eachTarget } from '../each-target.js';

export function registerRm(program: Command, context: CliContext): void {
  program
    .command('rm')
    .description('remove containers')
    .argument('<container...>')
    .option('-f, --force', 'kill running containers first')
    .action(
      act(context, (containers: string[], flags: { force?: boolean }) =>
        eachTarget(context, containers, async (container) => (await context.client().containers.remove(container, { force: flags.force }), container)),
      ),
    );
}
