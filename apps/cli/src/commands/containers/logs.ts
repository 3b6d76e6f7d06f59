import type { ContainerLogsQuery } from '@berth/contracts';
import { Option, type Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError } from '../../cli-error.js';
import { toApiTime } from '../../options/times.js';
import { act } from '../act.js';
import { writeRecord } from './follow-until-exit.js';

interface LogsFlags {
  follow?: boolean;
  tail?: string;
  since?: string;
  until?: string;
  timestamps?: boolean;
}

export function registerLogs(program: Command, context: CliContext): void {
  program
    .command('logs')
    .description("print a container's output (stdout here to stdout, stderr to stderr)")
    .argument('<container>')
    .option('-f, --follow', 'keep printing new output until the container stops')
    .addOption(new Option('-n, --tail <lines>', 'only the last N lines, or all').default('all'))
    .option('--since <time>', 'only output after this: a duration (10m), unix seconds or a date')
    .option('--until <time>', 'only output before this')
    .option('-t, --timestamps', 'prefix each line with its time')
    .action(act(context, (container: string, flags: LogsFlags) => logs(context, container, flags)));
}

async function logs(context: CliContext, container: string, flags: LogsFlags): Promise<void> {
  const query: ContainerLogsQuery = { tail: tailOf(flags.tail), timestamps: flags.timestamps };
  if (flags.since !== undefined) query.since = toApiTime('--since', flags.since);
  if (flags.until !== undefined) query.until = toApiTime('--until', flags.until);
  const containers = context.client().containers;
  const records = flags.follow ? containers.followLogs(container, query) : await containers.logs(container, query);
  for await (const record of records) writeRecord(context, record, flags.timestamps);
}

function tailOf(text: string | undefined): number | undefined {
  if (text === undefined || text === 'all') return undefined;
  if (!/^\d+$/.test(text)) throw new CliError('INVALID_OPTION', `--tail takes a number of lines or "all", not "${text}"`);
  return Number(text);
}
