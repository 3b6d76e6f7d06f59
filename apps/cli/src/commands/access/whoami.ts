import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { printJson, withOutputOption, type OutputFormat } from '../../output/output-format.js';
import { renderFacts } from '../../output/table.js';
import { act } from '../act.js';

/** `whoami`: the user or token, team and role the credentials stand for. */
export function registerWhoami(program: Command, context: CliContext): void {
  const command = program.command('whoami').description('show who the token is, in which team, with which role');
  withOutputOption(command).action(
    act(context, async (flags: { output: OutputFormat }) => {
      const me = await context.client().auth.me();
      if (flags.output === 'json') return printJson(context, me);
      context.out(
        renderFacts([
          ['User', me.user?.username ?? '-'],
          ['Token', me.token?.name ?? '-'],
          ['Team', me.team.name],
          ['Role', me.role],
          ['Teams', me.teams.map((team) => `${team.name} (${team.role})`).join(', ')],
        ]),
      );
    }),
  );
}
