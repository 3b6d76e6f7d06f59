import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { printJson, withOutputOption, type OutputFormat } from '../../output/output-format.js';
import { renderTable } from '../../output/table.js';
import { act } from '../act.js';

export function registerTop(program: Command, context: CliContext): void {
  withOutputOption(program.command('top').description("a container's processes").argument('<container>')).action(
    act(context, async (container: string, flags: { output: OutputFormat }) => {
      const top = await context.client().containers.top(container);
      if (flags.output === 'json') printJson(context, top);
      else context.out(renderTable(top.titles, top.processes));
    }),
  );
}
