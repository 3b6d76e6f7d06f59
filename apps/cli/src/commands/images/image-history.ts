import { formatBytes } from '@berth/runtime/model';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { timeAgo } from '@berth/contracts';
import { printJson, withOutputOption, type OutputFormat } from '../../output/output-format.js';
import { shortId } from '../../output/short-id.js';
import { renderTable } from '../../output/table.js';
import { act } from '../act.js';

/** docker cuts CREATED BY at 45 characters. */
const CREATED_BY_WIDTH = 45;

/** `history` and `image history`: the steps that made an image, newest first. */
export function defineImageHistory(parent: Command, name: string, context: CliContext): Command {
  const command = parent
    .command(name)
    .description('the steps that made an image, newest first')
    .argument('<image>')
    .option('--no-trunc', 'full step text and ids');
  return withOutputOption(command).action(
    act(context, async (image: string, flags: { trunc: boolean; output: OutputFormat }) => {
      const history = await context.client().images.history(image);
      if (flags.output === 'json') return printJson(context, history);
      const cut = (text: string) => (flags.trunc && text.length > CREATED_BY_WIDTH ? `${text.slice(0, CREATED_BY_WIDTH - 1)}…` : text);
      const rows = history.map((step) => [
        step.layer ? (flags.trunc ? shortId(step.layer) : step.layer) : '<missing>',
        timeAgo(step.created),
        cut(step.createdBy),
        formatBytes(step.size),
        step.comment ?? '',
      ]);
      context.out(renderTable(['LAYER', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT'], rows));
    }),
  );
}
