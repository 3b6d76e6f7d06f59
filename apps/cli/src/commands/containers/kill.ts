import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { act } from '../act.js';
import { eachTarget } from '../each-target.js';

export function registerKill(program: Command, context: CliContext): void {
  program
    .command('kill')
    .description('send a signal to running containers')
    .argument('<container...>')
    .option('-s, --signal <signal>', 'signal name or number', 'KILL')
    .action(
      act(context, (containers: string[], flags: { signal: string }) =>
        eachTarget(context, containers, async (container) => (await context.client().containers.kill(container, { signal: flags.signal }), container)),
      ),
    );
}
