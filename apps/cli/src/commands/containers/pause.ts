import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { act } from '../act.js';
import { eachTarget } from '../each-target.js';

/** `pause` and `unpause`: the cgroup freezer, both ways. */
export function registerPause(program: Command, context: CliContext): void {
  program
    .command('pause')
    .description('freeze every process of running containers')
    .argument('<container...>')
    .action(
      act(context, (containers: string[]) =>
        eachTarget(context, containers, async (container) => (await context.client().containers.pause(container), container)),
      ),
    );
  program
    .command('unpause')
    .description('thaw paused containers')
    .argument('<container...>')
    .action(
      act(context, (containers: string[]) =>
        eachTarget(context, containers, async (container) => (await context.client().containers.unpause(container), container)),
      ),
    );
}
