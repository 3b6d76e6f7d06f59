import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONTEXT, type AppContext } from '../app-context.js';
import { DefaultTeamService } from '../teams/default-team.service.js';
import { TeamsRepository } from '../teams/teams.repository.js';
import { TokensRepository } from '../tokens/tokens.repository.js';
import { displayPrefix, hashSecret, newSecret } from '../auth/secrets.js';

export const ADMIN_USERNAME = 'admin';
/** The name of the token made from BERTH_ADMIN_TOKEN or printed at first start. */
export const BOOTSTRAP_TOKEN_NAME = 'bootstrap';

/**
 * A fresh install has no way in, so the first start makes one: user `admin`, admin of the
 * default team, with an API token — BERTH_ADMIN_TOKEN when set, otherwise a new one printed
 * once on stdout. The admin signs in to the console with that token and sets a password.
 */
@Injectable()
export class BootstrapAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('BootstrapAdmin');

  constructor(
    @Inject(APP_CONTEXT) private readonly context: AppContext,
    private readonly defaultTeam: DefaultTeamService,
    private readonly teams: TeamsRepository,
    private readonly tokens: TokensRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const team = await this.defaultTeam.ensure();
    const firstStart = (await this.teams.countUsers()) === 0;
    const admin = firstStart ? await this.createAdmin(team.id) : await this.teams.userByUsername(ADMIN_USERNAME);
    const configured = this.context.config.adminToken;
    if (configured !== undefined) {
      if (!admin) return this.logger.warn(`BERTH_ADMIN_TOKEN is set but there is no user "${ADMIN_USERNAME}" to give it to; it is ignored`);
      await this.install(configured, admin.id, team.id);
    } else if (firstStart && admin) {
      const secret = newSecret();
      await this.install(secret, admin.id, team.id);
      announce(secret);
    }
  }

  private async createAdmin(teamId: string) {
    const admin = await this.teams.createUser({ username: ADMIN_USERNAME, displayName: 'Administrator', passwordHash: null });
    await this.teams.addMember(teamId, admin.id, 'admin');
    return admin;
  }

  /** Makes the secret a valid admin token (once), and retires an earlier bootstrap token it replaces. */
  private async install(secret: string, userId: string, teamId: string): Promise<void> {
    const tokenHash = hashSecret(secret);
    await this.tokens.revokeBootstrapExcept(userId, tokenHash, BOOTSTRAP_TOKEN_NAME);
    if (await this.tokens.existsWithHash(tokenHash)) return;
    await this.tokens.create({ name: BOOTSTRAP_TOKEN_NAME, tokenHash, prefix: displayPrefix(secret), role: 'admin', teamId, userId, expiresAt: null });
  }
}

/** Straight to stdout, whatever the log level: this is the only time the secret exists in the clear. */
function announce(secret: string): void {
  process.stdout.write(
    [
      '',
      '  Berth made its first administrator, "admin", with this API token (shown once; only its hash is kept):',
      '',
      `      ${secret}`,
      '',
      '  Sign in to the console with it ("Sign in with a token"), then set a password on the Team page,',
      '  or use it from scripts: BERTH_TOKEN=<token> npx berth ps',
      '',
      '',
    ].join('\n'),
  );
}
