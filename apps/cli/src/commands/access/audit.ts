import type { AuditOutcomeName, AuditQuery } from '@berth/contracts';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError } from '../../cli-error.js';
import { parseInteger } from '../../options/numbers.js';
import { printJson, withOutputOption, type OutputFormat } from '../../output/output-format.js';
import { renderTable } from '../../output/table.js';
import { act } from '../act.js';

const OUTCOMES: readonly AuditOutcomeName[] = ['success', 'failure', 'denied'];

interface AuditFlags {
  actor?: string;
  action?: string;
  target?: string;
  outcome?: string;
  since?: string;
  until?: string;
  limit: number;
  jsonl?: boolean;
  output: OutputFormat;
}

/** `audit`: who did what in the team, newest first (admin role); `--jsonl` exports every match. */
export function registerAudit(program: Command, context: CliContext): void {
  const command = program
    .command('audit')
    .description("the team's audit records: who, through which token or session, what, on what, from where, with what outcome")
    .option('--actor <name>', 'a username, or "token <name>"')
    .option('--action <name>', 'a route ("containers.start") or a feature ("containers")')
    .option('--target <id-or-name>', 'what was acted on')
    .option('--outcome <outcome>', OUTCOMES.join(', '))
    .option('--since <time>', 'ISO 8601 time')
    .option('--until <time>', 'ISO 8601 time')
    .option('-n, --limit <n>', 'at most this many (not with --jsonl)', parseInteger('--limit', 1), 50)
    .option('--jsonl', 'every matching record, oldest first, one JSON object a line (for export)');
  withOutputOption(command).action(
    act(context, async (flags: AuditFlags) => {
      const query = queryOf(flags);
      if (flags.jsonl) return context.out(await context.client().audit.export(query));
      const { items, total } = await context.client().audit.list({ ...query, limit: flags.limit });
      if (flags.output === 'json') return printJson(context, { items, total });
      context.out(
        renderTable(
          ['TIME', 'ACTOR', 'ACTION', 'TARGET', 'OUTCOME', 'STATUS', 'FROM'],
          items.map((r) => [
            r.at,
            r.actor ?? '-',
            r.action,
            r.target ?? '-',
            r.errorCode ? `${r.outcome} (${r.errorCode})` : r.outcome,
            String(r.status),
            r.ip ?? '-',
          ]),
        ),
      );
      if (total > items.length) context.err(`${items.length} of ${total} records; narrow the filters or raise --limit\n`);
    }),
  );
}

function queryOf(flags: AuditFlags): AuditQuery {
  if (flags.outcome !== undefined && !(OUTCOMES as readonly string[]).includes(flags.outcome)) {
    throw new CliError('INVALID_OPTION', `--outcome takes ${OUTCOMES.join(', ')}, not "${flags.outcome}"`);
  }
  for (const [flag, value] of [
    ['--since', flags.since],
    ['--until', flags.until],
  ] as const) {
    if (value !== undefined && Number.isNaN(Date.parse(value))) throw new CliError('INVALID_OPTION', `${flag} takes an ISO 8601 time, not "${value}"`);
  }
  return {
    actor: flags.actor,
    action: flags.action,
    target: flags.target,
    outcome: flags.outcome as AuditOutcomeName | undefined,
    since: flags.since,
    until: flags.until,
  };
}
