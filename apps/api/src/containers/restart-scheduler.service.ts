import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HEALTHY_RUN_MS, restartDelayMs } from './restart-policy.js';

/** What the back-off needs of an exited container. */
interface ExitedRun {
  id: string;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/**
 * When each container the restart policy brings back runs again: Docker's back-off, 100 ms
 * doubling to a minute over restarts in a row, reset by a run that stayed up a while. It only
 * keeps time; whether to restart is restart-policy.ts', and the restart itself the caller's.
 */
@Injectable()
export class RestartScheduler implements OnApplicationShutdown {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Restarts in a row without a healthy run, per container: the back-off exponent. */
  private readonly attempts = new Map<string, number>();
  private closing = false;

  /** Calls `restart(id)` after the back-off; a pending restart of the same container is replaced. */
  schedule(run: ExitedRun, restart: (id: string) => Promise<void>): void {
    if (this.closing) return;
    this.cancel(run.id);
    const ranMs = run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : 0;
    const attempt = ranMs >= HEALTHY_RUN_MS ? 0 : (this.attempts.get(run.id) ?? 0);
    this.attempts.set(run.id, attempt + 1);
    const timer = setTimeout(() => {
      this.timers.delete(run.id);
      void restart(run.id);
    }, restartDelayMs(attempt));
    // A pending restart does not keep the process alive on its own.
    timer.unref();
    this.timers.set(run.id, timer);
  }

  /** A user's start, stop or remove takes over from a pending restart. */
  cancel(id: string): void {
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
  }

  /** The container is gone: its back-off count too. */
  forget(id: string): void {
    this.cancel(id);
    this.attempts.delete(id);
  }

  onApplicationShutdown(): void {
    this.closing = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
