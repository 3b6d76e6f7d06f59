import type { UpdateContainerRequest } from '@berth/contracts';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError } from '../../cli-error.js';
import { parseInteger } from '../../options/numbers.js';
import { act } from '../act.js';
import { eachTarget } from '../each-target.js';
import { resourcesOf } from './create-flags/create-options.js';
import { restartFlag } from './create-flags/restart-flag.js';

interface UpdateFlags {
  memory?: string;
  memorySwap?: string;
  cpus?: string;
  pidsLimit?: number;
  restart?: string;
}

export function registerUpdate(program: Command, context: CliContext): void {
  program
    .command('update')
    .description("change containers' limits or restart policy, running or not")
    .argument('<container...>')
    .option('-m, --memory <size>', 'memory limit (512m, 1g)')
    .option('--memory-swap <size>', 'memory plus swap limit; -1 for unlimited swap')
    .option('--cpus <number>', 'CPU limit (1.5)')
    .option('--pids-limit <number>', 'most processes at once; -1 for unlimited', parseInteger('--pids-limit', -1))
    .option('--restart <policy>', 'no, always, unless-stopped or on-failure[:max-retries]')
    .action(
      act(context, (containers: string[], flags: UpdateFlags) => {
        const request: UpdateContainerRequest = {};
        const resources = resourcesOf(flags);
        if (resources) request.resources = resources;
        if (flags.restart !== undefined) request.restartPolicy = restartFlag(flags.restart);
        if (!request.resources && !request.restartPolicy)
          throw new CliError('INVALID_OPTION', 'say what to change: --memory, --memory-swap, --cpus, --pids-limit or --restart');
        return eachTarget(context, containers, async (container) => (await context.client().containers.update(container, request), container));
      }),
    );
}
