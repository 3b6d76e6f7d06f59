import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { printJson, withOutputOption } from '../../output/output-format.js';
import { act } from '../act.js';
import { eachTarget } from '../each-target.js';

/** `network inspect`: the full JSON of each network (with its containers and their addresses), as an array. */
export function defineNetworkInspect(parent: Command, context: CliContext): Command {
  const command = parent.command('inspect').description('full details of networks, as JSON').argument('<network...>');
  return withOutputOption(command, 'json').action(
    act(context, async (names: string[]) => {
      const found: unknown[] = [];
      const status = await eachTarget(context, names, async (name) => void found.push(await context.client().networks.inspect(name)));
      printJson(context, found);
      return status;
    }),
  );
}
