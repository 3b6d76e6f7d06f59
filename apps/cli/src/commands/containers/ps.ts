import type { ContainerSummary } from '@berth/contracts';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { repeatable } from '../../options/repeatable.js';
import { containerStateText } from '@berth/contracts';
import { timeAgo } from '@berth/contracts';
import { printJson, withOutputOption, type OutputFormat } from '../../output/output-format.js';
import { shortId } from '../../output/short-id.js';
import { renderTable } from '../../output/table.js';
import { act } from '../act.js';
import { PS_FILTER_KEYS, psSelection } from './ps-filters.js';

interface PsFlags {
  all?: boolean;
  quiet?: boolean;
  /** false with --no-trunc. */
  trunc: boolean;
  filter?: string[];
  output: OutputFormat;
}

/** docker cuts the COMMAND column at 20 characters. */
const COMMAND_WIDTH = 20;

export function registerPs(program: Command, context: CliContext): void {
  const command = program
    .command('ps')
    .description('list containers (running ones; -a for all)')
    .option('-a, --all', 'also created and stopped containers')
    .option('-q, --quiet', 'only ids')
    .option('--no-trunc', 'full ids and commands')
    .option('-f, --filter <key=value>', `filter: ${PS_FILTER_KEYS.join(', ')}; repeatable`, repeatable);
  withOutputOption(command).action(act(context, (flags: PsFlags) => ps(context, flags)));
}

async function ps(context: CliContext, flags: PsFlags): Promise<void> {
  const selection = psSelection(flags.all ?? false, flags.filter);
  const containers = (await context.client().containers.listAll(selection.query)).filter(selection.keep);
  const truncate = flags.trunc;
  if (flags.output === 'json') return printJson(context, containers);
  if (flags.quiet) return context.out(containers.map((container) => `${truncate ? shortId(container.id) : container.id}\n`).join(''));
  context.out(
    renderTable(
      ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'NAMES'],
      containers.map((container) => row(container, truncate)),
    ),
  );
}

function row(container: ContainerSummary, truncate: boolean): string[] {
  const command = container.command.join(' ');
  const shown = truncate && command.length > COMMAND_WIDTH ? `${command.slice(0, COMMAND_WIDTH - 1)}…` : command;
  return [
    truncate ? shortId(container.id) : container.id,
    container.image,
    `"${shown}"`,
    timeAgo(container.createdAt),
    containerStateText(container),
    container.name,
  ];
}
