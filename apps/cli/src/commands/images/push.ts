import type { PushImageResponse } from '@berth/contracts';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { act } from '../act.js';
import { TransferProgressView } from './transfer-progress.js';

interface PushFlags {
  insecure?: boolean;
  quiet?: boolean;
}

/** `push` and `image push`: to the registry the name says (tag it first to push elsewhere). */
export function definePush(parent: Command, name: string, context: CliContext): Command {
  return parent
    .command(name)
    .description('push an image to a registry')
    .argument('<image>', 'the image, named with its registry: 127.0.0.1:5000/app:1')
    .argument('[target]', 'push under this name instead (default the name given)')
    .option('--insecure', 'speak plain HTTP to the registry (loopback registries always do)')
    .option('-q, --quiet', 'print only the pushed digest')
    .action(act(context, (image: string, target: string | undefined, flags: PushFlags) => push(context, image, target, flags)));
}

async function push(context: CliContext, image: string, target: string | undefined, flags: PushFlags): Promise<void> {
  const view = new TransferProgressView(context.out, context.stdoutIsTTY, { active: 'Pushing', finished: 'Pushed', skipped: 'Layer already exists' });
  let result: PushImageResponse | undefined;
  for await (const event of context.client().images.pushStream(image, { target, insecure: flags.insecure })) {
    if (event.event === 'progress' && !flags.quiet) view.update(event.data);
    if (event.event === 'done') result = event.data;
  }
  if (flags.quiet) return context.out(`${result!.digest}\n`);
  view.finish();
  context.out(`${result!.reference}: digest: ${result!.digest}\n`);
}
