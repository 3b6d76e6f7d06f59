import { EVENT_FILTER_KEYS, type BerthEvent, type EventFilters } from '@berth/contracts';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { filters } from '../../options/key-values.js';
import { repeatable } from '../../options/repeatable.js';
import { toApiTime } from '../../options/times.js';
import { withOutputOption, type OutputFormat } from '../../output/output-format.js';
import { act } from '../act.js';

interface EventsFlags {
  since?: string;
  until?: string;
  filter?: string[];
  output: OutputFormat;
}

/**
 * `events`: what happens, live, as `docker events` shows it; with --since the past first.
 * Runs until --until or Ctrl-C. `-o json` prints one JSON event per line.
 */
export function registerEvents(program: Command, context: CliContext): void {
  const command = program
    .command('events')
    .description('stream events (containers, images, volumes) until --until or Ctrl-C')
    .option('--since <time>', 'replay events after this: a duration (10m), unix seconds or a date')
    .option('--until <time>', 'stop at this time')
    .option('-f, --filter <key=value>', `filter: ${EVENT_FILTER_KEYS.join(', ')}; repeatable`, repeatable);
  withOutputOption(command).action(
    act(context, async (flags: EventsFlags) => {
      const request = {
        since: flags.since === undefined ? undefined : toApiTime('--since', flags.since),
        until: flags.until === undefined ? undefined : toApiTime('--until', flags.until),
        filters: filters(flags.filter, EVENT_FILTER_KEYS) as EventFilters,
      };
      const notice = (skipped: string) => context.err(`berth: older events were skipped; the first shown is ${skipped}\n`);
      for await (const event of context.client().events.stream(request, { onTruncated: (truncated) => notice(truncated.firstId) })) {
        context.out(flags.output === 'json' ? `${JSON.stringify(event)}\n` : `${eventLine(event)}\n`);
      }
    }),
  );
}

/** `2024-05-01T12:00:00.000Z container start 3f2a… (image=busybox, name=web)`, as docker prints it. */
export function eventLine(event: BerthEvent): string {
  const attributes = Object.entries(event.attributes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return `${event.at} ${event.type} ${event.action} ${event.actorId}${attributes.length > 0 ? ` (${attributes.join(', ')})` : ''}`;
}
