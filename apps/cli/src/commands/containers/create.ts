import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { act } from '../act.js';
import { addCreateOptions, toCreateRequest, type CreateFlags } from './create-flags/create-options.js';

export function registerCreate(program: Command, context: CliContext): void {
  const command = program
    .command('create')
    .description('create a container without starting it; prints its id')
    .argument('<image>')
    .argument('[command...]')
    .passThroughOptions();
  addCreateOptions(command).action(
    act(context, async (image: string, args: string[], flags: CreateFlags) => {
      const created = await context.client().containers.create(toCreateRequest(image, args, flags, context.env));
      context.out(`${created.id}\n`);
    }),
  );
}
