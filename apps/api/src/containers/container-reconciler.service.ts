import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { RuntimeError } from '@berth/runtime/model';
import { ContainerBundles } from '../engine/container-bundle.js';
import { RuntimeAdapter, type ExitStatus } from '../engine/runtime-adapter.js';
import { NetworkReconciler } from '../networks/network-reconciler.service.js';
import { ContainerSupervisor } from './container-supervisor.service.js';
import { ContainersRepository, type ContainerRow } from './containers.repository.js';
import { HealthMonitor } from './health-monitor.service.js';

/**
 * At start-up, the catalogue against what the runtime says: containers ran on (or exited)
 * while the API was down, and a crash may have left half-made ones behind. Exits found here
 * are recorded as if watched (so restart policies and auto-remove apply); live containers
 * are watched from now on.
 */
@Injectable()
export class ContainerReconciler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Reconciler');

  constructor(
    private readonly runtime: RuntimeAdapter,
    private readonly bundles: ContainerBundles,
    private readonly repository: ContainersRepository,
    private readonly supervisor: ContainerSupervisor,
    private readonly networkReconciler: NetworkReconciler,
    private readonly health: HealthMonitor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reconcile();
  }

  /** Every container the catalogue thinks may be alive, against what the runtime says. */
  async reconcile(): Promise<void> {
    await this.removeOrphans();
    for (const row of await this.repository.live()) await this.reconcileOne(row);
    // After the exits above released their ports: what is still marked and not live is swept.
    await this.networkReconciler.reconcile();
  }

  private async reconcileOne(row: ContainerRow): Promise<void> {
    let status: string;
    try {
      status = (await this.runtime.state(row.id)).status;
    } catch (error) {
      if (!(error instanceof RuntimeError) || error.code !== 'ENOENT') throw error;
      // Its runtime container is gone (removed behind our back, or a wiped state root).
      return this.supervisor.recordExit(row.id, lost());
    }
    if (status === 'stopped') {
      const exit = (await this.runtime.inspect(row.id)).exit;
      await this.supervisor.recordExit(row.id, exit ?? lost());
    } else if (status === 'running' || status === 'paused') {
      if (row.status !== status) await this.repository.update(row.id, { status });
      this.supervisor.watch(row.id);
      // Probing resumes from the stored state (a paused container's rounds are skipped until it thaws).
      this.health.watch(row);
    }
  }

  /**
   * What a crash left half-made: runtime containers and bundles with no catalogue row (a
   * create that died between the runtime and the database), and cgroups no container owns.
   */
  private async removeOrphans(): Promise<void> {
    const known = await this.repository.ids();
    for (const id of await this.runtime.removeUnknown(known)) this.logger.warn(`removed runtime container ${id}: no catalogue row`);
    for (const id of this.bundles.orphans(known)) this.bundles.discard(id);
    const swept = await this.runtime.sweepOrphans({ killProcesses: true });
    if (swept.removed.length > 0) this.logger.warn(`removed ${swept.removed.length} orphan cgroup(s)`);
  }
}

/** The exit of a container whose runtime record is gone: code 255, as Docker reports a lost one. */
function lost(): ExitStatus {
  return { exitCode: 255, signal: null, oomKilled: false, finishedAt: new Date().toISOString(), lost: true };
}
