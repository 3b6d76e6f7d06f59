import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { defineDf } from './df.js';
import { defineInfo } from './info.js';

/** `system info|df`, and `info` on its own as the first CLI had it. */
export function registerSystem(program: Command, context: CliContext): void {
  const system = program.command('system').description('the host and what Berth keeps on it');
  defineInfo(system, 'info', context);
  defineDf(system, context);
  defineInfo(program, 'info', context);
}
