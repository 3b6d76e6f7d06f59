import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { act } from '../act.js';

/** `status`: is the server up and ready (database reachable and migrated)? Exit 0 only when ready, for scripts. */
export function registerStatus(program: Command, context: CliContext): void {
  program
    .command('status')
    .description('is the server up and ready (database reachable and migrated)?')
    .option('--json', 'print JSON')
    .action(
      act(context, async (flags: { json?: boolean }) => {
        const system = context.client().system;
        const health = await system.health();
        const readiness = await system.readiness();
        const url = context.config().url;
        if (flags.json) {
          context.out(`${JSON.stringify({ url, version: health.version, ...readiness }, null, 2)}\n`);
        } else {
          context.out(`Berth ${health.version} at ${url}: ${readiness.status}\n`);
          for (const check of readiness.checks) context.out(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}${check.detail ? `: ${check.detail}` : ''}\n`);
        }
        return readiness.status === 'ready' ? 0 : 1;
      }),
    );
}
