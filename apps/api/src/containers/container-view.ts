import type { ContainerDetail, ContainerSummary, CreateContainerRequest, RestartPolicyName } from '@berth/contracts';
import { networkModeOf } from '../networks/container-networking.service.js';
import type { ContainerListRow, ContainerRow } from './containers.repository.js';

export function toSummary(row: ContainerListRow): ContainerSummary {
  return {
    id: row.id,
    name: row.name,
    image: row.imageRef,
    imageId: row.image?.digest ?? null,
    command: row.command,
    status: row.status,
    exitCode: row.exitCode,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    labels: (row.labels ?? {}) as Record<string, string>,
    health: row.health?.status ?? null,
  };
}

export function toDetail(row: ContainerRow, mounts: ContainerDetail['mounts'], network: Pick<ContainerDetail, 'networks' | 'ports'>): ContainerDetail {
  return {
    ...toSummary(row),
    pid: row.pid,
    oomKilled: row.oomKilled,
    restartPolicy: { name: row.restartPolicy as RestartPolicyName, maximumRetryCount: row.restartMaxRetries },
    restartCount: row.restartCount,
    autoRemove: row.autoRemove,
    config: row.config as CreateContainerRequest,
    mounts,
    networkMode: networkModeOf(row.config as CreateContainerRequest),
    networks: network.networks,
    ports: network.ports,
    healthState: row.health,
  };
}
