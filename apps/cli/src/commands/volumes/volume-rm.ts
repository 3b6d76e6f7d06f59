import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { act } from '../act.js';
import { eachTarget } from '../each-target.js';

export function defineVolumeRm(parent: Command, context: CliContext): Command {
  return parent
    .command('rm')
    .alias('remove')
    .description('remove volumes and their data (refused while a container mounts one)')
    .argument('<volume...>')
    .option('-f, --force', 'no error for a volume that does not exist')
    .action(
      act(context, (names: string[], flags: { force?: boolean }) =>
        eachTarget(context, names, async (name) => (await context.client().volumes.remove(name, { force: flags.force }), name)),
      ),
    );
}
