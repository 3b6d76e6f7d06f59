import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError } from '../../cli-error.js';
import { timeAgo } from '@berth/contracts';
import { printJson, withOutputOption, type OutputFormat } from '../../output/output-format.js';
import { renderTable } from '../../output/table.js';
import { act } from '../act.js';
import { roleOf } from './token-command.js';

/** `team ls|create` and `team member ls|add|set-role|rm` (members of the token's team). */
export function registerTeam(program: Command, context: CliContext): void {
  const team = program.command('team').description('teams and their members');

  withOutputOption(team.command('ls').alias('list').description('the teams you belong to')).action(
    act(context, async (flags: { output: OutputFormat }) => {
      const teams = await context.client().teams.allMine();
      if (flags.output === 'json') return printJson(context, teams);
      context.out(
        renderTable(
          ['TEAM', 'ROLE'],
          teams.map((t) => [t.name, t.role]),
        ),
      );
    }),
  );

  team
    .command('create')
    .description('create a team; you become its admin (needs a user, not a team token)')
    .argument('<name>')
    .action(
      act(context, async (name: string) => {
        context.out(`${(await context.client().teams.create(name)).name}\n`);
      }),
    );

  const member = team.command('member').description("members of the token's team");

  withOutputOption(member.command('ls').alias('list').description('members and their roles')).action(
    act(context, async (flags: { output: OutputFormat }) => {
      const members = await context.client().teams.allMembers();
      if (flags.output === 'json') return printJson(context, members);
      context.out(
        renderTable(
          ['USERNAME', 'NAME', 'ROLE', 'SINCE'],
          members.map((m) => [m.username, m.displayName ?? '', m.role, timeAgo(m.since)]),
        ),
      );
    }),
  );

  member
    .command('add')
    .description('add a user; a new username needs --password-stdin to create the account')
    .argument('<username>')
    .requiredOption('--role <role>', 'viewer, operator or admin')
    .option('--password-stdin', 'read the new user’s password from stdin (never from the command line)')
    .option('--name <display name>', 'shown in the console')
    .action(
      act(context, async (username: string, flags: { role: string; passwordStdin?: boolean; name?: string }) => {
        const password = flags.passwordStdin ? await readPassword() : undefined;
        const added = await context.client().teams.addMember({ username, role: roleOf(flags.role), password, displayName: flags.name });
        context.out(`${added.username}\n`);
      }),
    );

  member
    .command('set-role')
    .description("change a member's role (applies from their next request)")
    .argument('<username>')
    .argument('<role>')
    .action(
      act(context, async (username: string, role: string) => {
        context.out(`${(await context.client().teams.changeRole(username, roleOf(role))).username}\n`);
      }),
    );

  member
    .command('rm')
    .description('remove members from the team; their sessions and tokens stop working in it at once')
    .argument('<username...>')
    .action(
      act(context, async (usernames: string[]) => {
        for (const username of usernames) {
          await context.client().teams.removeMember(username);
          context.out(`${username}\n`);
        }
      }),
    );
}

async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (!password) throw new CliError('INVALID_OPTION', '--password-stdin read an empty password');
  return password;
}
