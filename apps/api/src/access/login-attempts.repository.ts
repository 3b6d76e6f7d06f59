import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service.js';

@Injectable()
export class LoginAttemptsRepository {
  constructor(private readonly database: DatabaseService) {}

  async record(username: string, ip: string, succeeded: boolean): Promise<void> {
    await this.database.client.loginAttempt.create({ data: { username, ip, succeeded } });
  }

  /** Failed attempts for the username since `since` and after its last success, newest first. */
  async recentFailuresOfUser(username: string, since: Date, limit: number): Promise<Date[]> {
    const lastSuccess = await this.database.client.loginAttempt.findFirst({
      where: { username, succeeded: true, at: { gte: since } },
      orderBy: { at: 'desc' },
      select: { at: true },
    });
    const rows = await this.database.client.loginAttempt.findMany({
      where: { username, succeeded: false, at: { gte: lastSuccess && lastSuccess.at > since ? lastSuccess.at : since } },
      orderBy: { at: 'desc' },
      take: limit,
      select: { at: true },
    });
    return rows.map((row) => row.at);
  }

  /** Failed attempts from the address since `since`, newest first. */
  async recentFailuresFrom(ip: string, since: Date, limit: number): Promise<Date[]> {
    const rows = await this.database.client.loginAttempt.findMany({
      where: { ip, succeeded: false, at: { gte: since } },
      orderBy: { at: 'desc' },
      take: limit,
      select: { at: true },
    });
    return rows.map((row) => row.at);
  }

  /** Attempts older than the window are no use to anyone. */
  async forgetBefore(before: Date): Promise<void> {
    await this.database.client.loginAttempt.deleteMany({ where: { at: { lt: before } } });
  }
}
