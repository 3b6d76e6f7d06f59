import { ROLE_NAMES, type RoleName } from '@berth/contracts';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError } from '../../cli-error.js';
import { parseInteger } from '../../options/numbers.js';
import { timeAgo } from '@berth/contracts';
import { printJson, withOutputOption, type OutputFormat } from '../../output/output-format.js';
import { renderTable } from '../../output/table.js';
import { act } from '../act.js';

/** `token create|ls|rm`: the team's API tokens (admins only). */
export function registerToken(program: Command, context: CliContext): void {
  const token = program.command('token').description("manage the team's API tokens (admin role)");

  withOutputOption(
    token
      .command('create')
      .description('create a token; prints its secret, which is shown only this once')
      .argument('<name>', 'what it is for, e.g. ci-deploy')
      .option('--role <role>', `one of ${ROLE_NAMES.join(', ')}`, 'viewer')
      .option('--expires-days <days>', 'days until it expires (default: never)', parseInteger('--expires-days', 1)),
  ).action(
    act(context, async (name: string, flags: { role: string; expiresDays?: number; output: OutputFormat }) => {
      const role = roleOf(flags.role);
      const created = await context.client().tokens.create({ name, role, expiresInDays: flags.expiresDays });
      if (flags.output === 'json') return printJson(context, created);
      context.out(`${created.token}\n`);
    }),
  );

  withOutputOption(token.command('ls').alias('list').description('list the tokens (never their secrets)')).action(
    act(context, async (flags: { output: OutputFormat }) => {
      const tokens = await context.client().tokens.listAll();
      if (flags.output === 'json') return printJson(context, tokens);
      context.out(
        renderTable(
          ['ID', 'NAME', 'ROLE', 'PREFIX', 'OWNER', 'CREATED', 'LAST USED', 'EXPIRES', 'STATE'],
          tokens.map((t) => [
            t.id,
            t.name,
            t.role,
            t.prefix,
            t.owner ?? '-',
            timeAgo(t.createdAt),
            t.lastUsedAt ? timeAgo(t.lastUsedAt) : 'never',
            t.expiresAt ?? 'never',
            t.revokedAt ? 'revoked' : t.expiresAt && new Date(t.expiresAt) <= new Date() ? 'expired' : 'active',
          ]),
        ),
      );
    }),
  );

  token
    .command('rm')
    .alias('revoke')
    .description('revoke tokens: refused from the next request on')
    .argument('<id...>')
    .action(
      act(context, async (ids: string[]) => {
        for (const id of ids) {
          await context.client().tokens.revoke(id);
          context.out(`${id}\n`);
        }
      }),
    );
}

export function roleOf(value: string): RoleName {
  if (!(ROLE_NAMES as readonly string[]).includes(value)) throw new CliError('INVALID_OPTION', `role must be one of ${ROLE_NAMES.join(', ')}, not "${value}"`);
  return value as RoleName;
}
