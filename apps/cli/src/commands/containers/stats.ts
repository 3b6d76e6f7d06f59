import type { ContainerStatsReading } from '@berth/contracts';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { printJson, withOutputOption, type OutputFormat } from '../../output/output-format.js';
import { act } from '../act.js';
import { renderStats, type StatsTarget } from './stats-table.js';

interface StatsFlags {
  /** false with --no-stream. */
  stream: boolean;
  output: OutputFormat;
}

/** Seconds between readings; the first CPU percent needs one interval. */
const INTERVAL_SECONDS = 1;
/** ANSI: clear the screen and go home, to redraw the table in place on a terminal. */
const CLEAR_SCREEN = '\x1b[2J\x1b[H';

export function registerStats(program: Command, context: CliContext): void {
  const command = program
    .command('stats')
    .description('live CPU, memory and process counts of containers (all running ones when none is named)')
    .argument('[container...]')
    .option('--no-stream', 'print one reading and exit');
  withOutputOption(command).action(act(context, (containers: string[], flags: StatsFlags) => stats(context, containers, flags)));
}

async function stats(context: CliContext, containers: string[], flags: StatsFlags): Promise<void> {
  const client = context.client();
  const targets: StatsTarget[] =
    containers.length > 0
      ? await Promise.all(containers.map((name) => client.containers.inspect(name)))
      : await client.containers.listAll({ status: ['running'] });
  const hostMemory = (await client.system.info()).memoryBytes;
  if (!flags.stream) {
    const readings = new Map<string, ContainerStatsReading>();
    await Promise.all(targets.map(async (target) => firstReading(context, target.id).then((reading) => reading && readings.set(target.id, reading))));
    if (flags.output === 'json')
      printJson(
        context,
        targets.filter((target) => readings.has(target.id)).map((target) => asJson(target, readings.get(target.id)!)),
      );
    else context.out(renderStats(targets, readings, hostMemory));
    return;
  }
  await streamAll(context, targets, flags.output, hostMemory);
}

/** One reading with a CPU percent: the first of a stream (a single GET has no interval to measure over). */
async function firstReading(context: CliContext, id: string): Promise<ContainerStatsReading | undefined> {
  const controller = new AbortController();
  try {
    for await (const reading of context.client().containers.streamStats(id, { intervalSeconds: INTERVAL_SECONDS, signal: controller.signal })) return reading;
    return undefined;
  } finally {
    controller.abort();
  }
}

/**
 * Every container's stream at once; the table is drawn again after each round of readings
 * (in place on a terminal), or JSON lines are printed as readings come. Ends when every
 * container has stopped.
 */
async function streamAll(context: CliContext, targets: readonly StatsTarget[], output: OutputFormat, hostMemory: number): Promise<void> {
  const readings = new Map<string, ContainerStatsReading>();
  const draw = () => context.out(`${context.stdoutIsTTY ? CLEAR_SCREEN : ''}${renderStats(targets, readings, hostMemory)}`);
  const timer = output === 'table' ? setInterval(draw, INTERVAL_SECONDS * 1000) : undefined;
  try {
    await Promise.all(
      targets.map(async (target) => {
        for await (const reading of context.client().containers.streamStats(target.id, { intervalSeconds: INTERVAL_SECONDS })) {
          readings.set(target.id, reading);
          if (output === 'json') context.out(`${JSON.stringify(asJson(target, reading))}\n`);
        }
      }),
    );
  } finally {
    clearInterval(timer);
  }
  if (output === 'table') draw();
}

/** A reading under the container's API id and name: the reading's own `id` is the runtime's (32 hex digits). */
function asJson(target: StatsTarget, reading: ContainerStatsReading): ContainerStatsReading & { name: string } {
  return { ...reading, id: target.id, name: target.name };
}
