import type { SystemInfo } from '@berth/contracts';
import { formatBytes } from '@berth/runtime/model';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { printJson, withOutputOption, type OutputFormat } from '../../output/output-format.js';
import { renderFacts } from '../../output/table.js';
import { act } from '../act.js';

/** `info` and `system info`: host facts, like `docker info`. `--json` is kept from the first CLI. */
export function defineInfo(parent: Command, name: string, context: CliContext): Command {
  const command = parent.command(name).description('show facts about the host Berth runs on').option('--json', 'print JSON (same as -o json)');
  return withOutputOption(command).action(
    act(context, async (flags: { json?: boolean; output: OutputFormat }) => {
      const info = await context.client().system.info();
      if (flags.json || flags.output === 'json') return printJson(context, info);
      context.out(renderFacts(facts(info)));
    }),
  );
}

function facts(info: SystemInfo): [string, string][] {
  const { containers } = info;
  return [
    ['Berth version', info.version],
    ['Hostname', info.hostname],
    ['Operating system', info.os],
    ['Kernel', info.kernel],
    ['Architecture', info.architecture],
    ['CPUs', String(info.cpus)],
    ['Memory', formatBytes(info.memoryBytes)],
    ['Cgroups', info.cgroupVersion],
    ['Database', info.database],
    ['State root', info.stateRoot],
    ['Containers', `${containers.total} (${containers.running} running, ${containers.paused} paused, ${containers.stopped} stopped)`],
    ['Images', String(info.images)],
    ['Volumes', String(info.volumes)],
    ...info.capabilities
      .filter((capability) => !capability.available)
      .map((capability): [string, string] => [`Off: ${capability.name}`, `${capability.missingTools.join(', ')} missing; ${capability.install ?? ''}`]),
  ];
}
