import { Injectable, Logger } from '@nestjs/common';
import { DatabaseService } from '../database/database.service.js';
import { WriteBehind } from '../database/write-behind.js';

/** Last-used times are written at most this often per credential, so a busy token costs one write a minute. */
export const TOUCH_INTERVAL_MS = 60_000;

export type CredentialKind = 'token' | 'session';

interface Touch {
  kind: CredentialKind;
  id: string;
  at: Date;
}

/**
 * When each API token and console session was last used: written behind the request that
 * used it (write-behind.ts), never on its critical path, and at most once a minute per
 * credential even while earlier writes are still under way. Lives beside the tokens (whose
 * list shows it) and serves sessions too; written before the database closes on a clean stop.
 */
@Injectable()
export class LastUsedTimes {
  private readonly queue: WriteBehind<Touch>;
  /** What this process last asked to write per credential, so concurrent requests ask once. */
  private readonly asked = new Map<string, number>();

  constructor(private readonly database: DatabaseService) {
    this.queue = new WriteBehind<Touch>({ what: 'last-used time', logger: new Logger('LastUsed'), write: (batch) => this.write(batch) });
    database.beforeDisconnect(() => this.queue.close());
  }

  /** Records a use at `now` when the stored time (`lastUsedAt`) is a minute old or missing. */
  touch(kind: CredentialKind, id: string, lastUsedAt: Date | null, now: Date): void {
    const key = `${kind}:${id}`;
    const known = Math.max(lastUsedAt?.getTime() ?? 0, this.asked.get(key) ?? 0);
    if (now.getTime() - known < TOUCH_INTERVAL_MS) return;
    this.asked.set(key, now.getTime());
    this.queue.push({ kind, id, at: now });
  }

  /** Resolves once every use recorded before the call is written (the token list shows them). */
  written(): Promise<void> {
    return this.queue.written();
  }

  private async write(batch: Touch[]): Promise<void> {
    // Never backwards, and a credential deleted meanwhile is no error: updateMany with a guard.
    for (const { kind, id, at } of batch) {
      if (kind === 'token') {
        await this.database.client.apiToken.updateMany({ where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: at } }] }, data: { lastUsedAt: at } });
      } else {
        await this.database.client.session.updateMany({ where: { id, lastUsedAt: { lt: at } }, data: { lastUsedAt: at } });
      }
    }
    this.forgetOld(Date.now());
  }

  /** The map holds only credentials used within the interval: older entries decide nothing. */
  private forgetOld(now: number): void {
    for (const [key, at] of this.asked) if (now - at >= TOUCH_INTERVAL_MS) this.asked.delete(key);
  }
}
