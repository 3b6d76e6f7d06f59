import { Injectable } from '@nestjs/common';
import { readMigrationFiles } from '@berth/db';
import type { ReadinessCheck, ReadinessResponse } from '@berth/contracts';
import { DatabaseService } from '../database/database.service.js';

/** Ready = the database answers and every migration shipped with this build is applied. */
@Injectable()
export class ReadinessService {
  private shipped: Promise<string[]> | undefined;

  constructor(private readonly database: DatabaseService) {}

  async check(): Promise<ReadinessResponse> {
    const database = await this.checkDatabase();
    const migrations = database.ok ? await this.checkMigrations() : { name: 'migrations' as const, ok: false, detail: 'database unreachable' };
    const checks = [database, migrations];
    return { status: checks.every((check) => check.ok) ? 'ready' : 'not-ready', checks };
  }

  private async checkDatabase(): Promise<ReadinessCheck> {
    try {
      await this.database.client.$queryRaw`SELECT 1`;
      return { name: 'database', ok: true };
    } catch (error) {
      return { name: 'database', ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  private async checkMigrations(): Promise<ReadinessCheck> {
    try {
      this.shipped ??= readMigrationFiles().then((files) => files.map((file) => file.name));
      const rows = await this.database.client.$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
      const applied = new Set(rows.map((row) => row.migration_name));
      const pending = (await this.shipped).filter((name) => !applied.has(name));
      return pending.length === 0 ? { name: 'migrations', ok: true } : { name: 'migrations', ok: false, detail: `pending: ${pending.join(', ')}` };
    } catch (error) {
      return { name: 'migrations', ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }
}
