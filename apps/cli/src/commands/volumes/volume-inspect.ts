import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { printJson, withOutputOption } from '../../output/output-format.js';
import { act } from '../act.js';
import { eachTarget } from '../each-target.js';

/** `volume inspect`: the full JSON of each volume (with the containers mounting it), as an array. */
export function defineVolumeInspect(parent: Command, context: CliContext): Command {
  const command = parent.command('inspect').description('full details of volumes, as JSON').argument('<volume...>');
  return withOutputOption(command, 'json').action(
    act(context, async (names: string[]) => {
      const found: unknown[] = [];
      const status = await eachTarget(context, names, async (name) => void found.push(await context.client().volumes.inspect(name)));
      printJson(context, found);
      return status;
    }),
  );
}
