import { BerthApiError } from '@berth/contracts';
import { Option, type Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { describeFailure } from '../report-error.js';
import { printJson, withOutputOption } from '../output/output-format.js';
import { act } from './act.js';

const TYPES = ['container', 'image', 'volume'] as const;
type ObjectType = (typeof TYPES)[number];

/**
 * `inspect NAME…`: the full JSON of each, as an array like docker's. Without --type a name is
 * looked up as a container, then an image, then a volume. JSON is the only shape; `-o json`
 * is accepted so scripts can pass it to every command alike.
 */
export function registerInspect(program: Command, context: CliContext): void {
  const command = program
    .command('inspect')
    .description('full details of containers, images or volumes, as JSON')
    .argument('<name...>')
    .addOption(new Option('--type <type>', 'look only among these').choices([...TYPES]));
  withOutputOption(command, 'json').action(
    act(context, async (names: string[], flags: { type?: ObjectType }) => {
      const found: unknown[] = [];
      let status = 0;
      for (const name of names) {
        try {
          found.push(await inspectOne(context, name, flags.type ? [flags.type] : TYPES));
        } catch (error) {
          const failure = describeFailure(error);
          if (!failure) throw error;
          context.err(`${failure.line}\n`);
          status = 1;
        }
      }
      printJson(context, found);
      return status;
    }),
  );
}

async function inspectOne(context: CliContext, name: string, types: readonly ObjectType[]): Promise<unknown> {
  const client = context.client();
  const lookups: Record<ObjectType, () => Promise<unknown>> = {
    container: () => client.containers.inspect(name),
    image: () => client.images.inspect(name),
    volume: () => client.volumes.inspect(name),
  };
  for (const type of types) {
    try {
      return await lookups[type]();
    } catch (error) {
      // Not this kind of object (or not a valid name for it): try the next kind.
      if (types.length > 1 && error instanceof BerthApiError && (error.status === 404 || error.status === 400)) continue;
      throw error;
    }
  }
  throw new CliError('NOT_FOUND', `no container, image or volume is called ${name}`);
}
