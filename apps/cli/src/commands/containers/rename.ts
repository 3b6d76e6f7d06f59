import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { act } from '../act.js';

export function registerRename(program: Command, context: CliContext): void {
  program
    .command('rename')
    .description('rename a container')
    .argument('<container>')
    .argument('<new-name>')
    .action(
      act(context, async (container: string, name: string) => {
        await context.client().containers.rename(container, name);
      }),
    );
}
