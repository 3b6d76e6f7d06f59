import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { parseInteger } from '../../options/numbers.js';
import { act } from '../act.js';
import { eachTarget } from '../each-target.js';

export function registerStop(program: Command, context: CliContext): void {
  program
    .command('stop')
    .description('stop running containers: SIGTERM, then SIGKILL after the grace time')
    .argument('<container...>')
    .option('-t, --time <seconds>', 'grace time before SIGKILL (server default 10)', parseInteger('--time'))
    .action(
      act(context, (containers: string[], flags: { time?: number }) =>
        eachTarget(context, containers, async (container) => (await context.client().containers.stop(container, { timeoutSeconds: flags.time }), container)),
      ),
    );
}
