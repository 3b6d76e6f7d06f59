import type { PullImageResponse } from '@berth/contracts';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { act } from '../act.js';
import { TransferProgressView } from './transfer-progress.js';

interface PullFlags {
  platform?: string;
  insecure?: boolean;
  quiet?: boolean;
}

/** `pull` and `image pull`: from a registry into Berth's store, with progress. */
export function definePull(parent: Command, name: string, context: CliContext): Command {
  return parent
    .command(name)
    .description('pull an image from a registry')
    .argument('<reference>', 'busybox, ghcr.io/org/app:1.2, 127.0.0.1:5000/app@sha256:…')
    .option('--platform <os/arch[/variant]>', "which platform of a multi-platform image (default the server's)")
    .option('--insecure', 'speak plain HTTP to the registry (loopback registries always do)')
    .option('-q, --quiet', 'print only the pulled reference')
    .action(act(context, (reference: string, flags: PullFlags) => pull(context, reference, flags)));
}

async function pull(context: CliContext, reference: string, flags: PullFlags): Promise<void> {
  const view = new TransferProgressView(context.out, context.stdoutIsTTY, { active: 'Downloading', finished: 'Pull complete', skipped: 'Already exists' });
  let result: PullImageResponse | undefined;
  for await (const event of context.client().images.pullStream({ reference, platform: flags.platform, insecure: flags.insecure })) {
    if (event.event === 'progress' && !flags.quiet) view.update(event.data);
    if (event.event === 'done') result = event.data;
  }
  if (!flags.quiet) {
    view.finish();
    context.out(`Digest: ${result!.registryDigest}\nStatus: Downloaded ${result!.reference}${result!.platform ? ` (${result!.platform})` : ''}\n`);
  }
  context.out(`${result!.reference}\n`);
}
