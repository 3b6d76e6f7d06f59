import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { act } from '../act.js';
import { copyIn } from './cp/copy-in.js';
import { copyOut } from './cp/copy-out.js';
import { cpDirection, parseCpTarget } from './cp/cp-target.js';

/** `berth cp`: files between a container (running or stopped) and here, as `docker cp`. */
export function registerCp(program: Command, context: CliContext): void {
  program
    .command('cp')
    .description('copy files between a container and the local file system (- is a tar on stdin or stdout)')
    .argument('<source>', 'CONTAINER:SRC_PATH, or a local path or -')
    .argument('<destination>', 'a local path or -, or CONTAINER:DEST_PATH')
    .action(
      act(context, async (sourceArg: string, destinationArg: string) => {
        const source = parseCpTarget(sourceArg);
        const destination = parseCpTarget(destinationArg);
        if (cpDirection(source, destination) === 'out' && source.kind === 'container') return copyOut(context, source.container, source.path, destination.path);
        if (destination.kind === 'container') return copyIn(context, source.path, destination.container, destination.path);
      }),
    );
}
