import type { ContainerDetail, ContainerSummary, ImageSummary } from '@berth/contracts';

/** Payloads shaped as the API answers them, for specs. */
export function sampleContainer(overrides: Partial<ContainerSummary> = {}): ContainerSummary {
  return {
    id: 'a'.repeat(64),
    name: 'web',
    image: 'busybox',
    imageId: 'sha256:' + 'b'.repeat(64),
    command: ['sh', '-c', 'sleep 1000'],
    status: 'running',
    exitCode: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: '2026-01-01T00:00:01.000Z',
    finishedAt: null,
    labels: {},
    ...overrides,
  };
}

export function sampleContainerDetail(overrides: Partial<ContainerDetail> = {}): ContainerDetail {
  return {
    ...sampleContainer(),
    pid: 4242,
    oomKilled: false,
    restartPolicy: { name: 'no' },
    restartCount: 0,
    autoRemove: false,
    config: { image: 'busybox', cmd: ['sh', '-c', 'sleep 1000'] },
    mounts: [],
    networkMode: 'bridge',
    networks: [],
    ports: [],
    ...overrides,
  };
}

export function sampleImage(overrides: Partial<ImageSummary> = {}): ImageSummary {
  return {
    id: 'sha256:' + 'c'.repeat(64),
    repoTags: ['busybox:latest'],
    repoDigests: [],
    size: 1_200_000,
    created: '2026-01-01T00:00:00.000Z',
    containers: 0,
    ...overrides,
  };
}
