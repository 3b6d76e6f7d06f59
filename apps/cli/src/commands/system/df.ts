import type { DiskUsage, DiskUsageTotals } from '@berth/contracts';
import { formatBytes } from '@berth/runtime/model';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { printJson, withOutputOption, type OutputFormat } from '../../output/output-format.js';
import { shortId } from '../../output/short-id.js';
import { renderTable } from '../../output/table.js';
import { act } from '../act.js';

/** `system df [-v]`: what images, containers and volumes take on disk, like docker's. */
export function defineDf(parent: Command, context: CliContext): Command {
  const command = parent
    .command('df')
    .description('disk usage of images, containers and volumes')
    .option('-v, --verbose', 'one line per image, container and volume');
  return withOutputOption(command).action(
    act(context, async (flags: { verbose?: boolean; output: OutputFormat }) => {
      const usage = await context.client().system.df();
      if (flags.output === 'json') return printJson(context, usage);
      context.out(summary(usage));
      if (flags.verbose) context.out(details(usage));
    }),
  );
}

function summary(usage: DiskUsage): string {
  const row = (type: string, totals: DiskUsageTotals) => {
    const percent = totals.totalBytes > 0 ? ` (${Math.round((totals.reclaimableBytes / totals.totalBytes) * 100)}%)` : '';
    // A size from a walk that stopped at its bound is at least this much.
    const size = `${totals.truncated ? '≥' : ''}${formatBytes(totals.totalBytes)}`;
    return [type, String(totals.count), String(totals.active), size, `${formatBytes(totals.reclaimableBytes)}${percent}`];
  };
  return renderTable(
    ['TYPE', 'TOTAL', 'ACTIVE', 'SIZE', 'RECLAIMABLE'],
    [row('Images', usage.images), row('Containers', usage.containers), row('Local Volumes', usage.volumes)],
  );
}

function details(usage: DiskUsage): string {
  const images = renderTable(
    ['IMAGE ID', 'NAMES', 'SIZE', 'CONTAINERS'],
    usage.images.items.map((image) => [shortId(image.digest), image.repoTags.join(', ') || '<none>', formatBytes(image.sizeBytes), String(image.containers)]),
  );
  const containers = renderTable(
    ['CONTAINER ID', 'NAME', 'STATUS', 'SIZE'],
    usage.containers.items.map((container) => [shortId(container.id), container.name, container.status, formatBytes(container.sizeBytes)]),
  );
  const volumes = renderTable(
    ['VOLUME NAME', 'LINKS', 'SIZE'],
    usage.volumes.items.map((volume) => [volume.name, String(volume.refCount), formatBytes(volume.sizeBytes)]),
  );
  return `\nImages space usage:\n\n${images}\nContainers space usage:\n\n${containers}\nLocal Volumes space usage:\n\n${volumes}`;
}
