import { Injectable } from '@nestjs/common';
import type { ContainerHealth } from '@berth/contracts';
import { Models } from '@berth/db';
import type { ContainerStatus } from '@berth/runtime/model';
import { DatabaseService } from '../database/database.service.js';

export type ContainerRow = {
  id: string;
  name: string;
  teamId: string;
  imageId: string | null;
  imageRef: string;
  status: ContainerStatus;
  /** The spec's process.args. */
  command: string[];
  spec: unknown;
  config: unknown;
  labels: unknown;
  restartPolicy: string;
  restartMaxRetries: number;
  restartCount: number;
  autoRemove: boolean;
  stoppedByUser: boolean;
  pid: number | null;
  exitCode: number | null;
  oomKilled: boolean;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** The healthcheck's state, written by the health monitor; null without a check. */
  health: ContainerHealth | null;
  /** The image's manifest digest (its id in the images API); null once the image row is gone. */
  image: { digest: string } | null;
};

/** What a list shows: everything but the two large JSON documents, which lists never need. */
export type ContainerListRow = Omit<ContainerRow, 'spec' | 'config'>;

/** Every read brings the image digest along: containers show their image by it, as Docker does. */
const WITH_IMAGE = { image: { select: { digest: true } } } as const;

export interface NewContainer {
  id: string;
  name: string;
  teamId: string;
  imageId: string;
  imageRef: string;
  command: string[];
  spec: object;
  config: object;
  labels: Record<string, string>;
  restartPolicy: string;
  restartMaxRetries: number;
  autoRemove: boolean;
  volumes: { volumeId: string; destination: string; readOnly: boolean }[];
}

export interface ContainerFilter {
  teamId: string;
  statuses?: ContainerStatus[];
  name?: string;
  /** `key` or `key=value`. */
  labels?: string[];
  imageId?: string;
  offset: number;
  limit: number;
}

/** The containers of the catalogue; the runtime's state dirs are the truth about what runs. */
@Injectable()
export class ContainersRepository {
  constructor(private readonly database: DatabaseService) {}

  /**
   * One INSERT … RETURNING when the container mounts no volume (the create path of most
   * containers): the image digest comes from the caller, who resolved the image, instead of a
   * transaction that reads the row back with its image.
   */
  async insert(container: NewContainer, image: ContainerRow['image']): Promise<ContainerRow> {
    const { volumes, ...row } = container;
    if (volumes.length === 0) return { ...(await this.database.client.container.create({ data: { ...row, status: 'created' } })), image } as ContainerRow;
    return this.database.client.container.create({
      data: { ...row, status: 'created', volumes: { create: volumes } },
      include: WITH_IMAGE,
    }) as Promise<ContainerRow>;
  }

  /** By full id, unique id prefix (12+ hex, as `docker ps` shows) or name; in the team only. */
  async find(teamId: string, idOrName: string): Promise<ContainerRow | null> {
    const byName = await this.database.client.container.findFirst({ where: { teamId, OR: [{ id: idOrName }, { name: idOrName }] }, include: WITH_IMAGE });
    if (byName || !/^[0-9a-f]{4,63}$/.test(idOrName)) return byName as ContainerRow | null;
    const byPrefix = await this.database.client.container.findMany({ where: { teamId, id: { startsWith: idOrName } }, take: 2, include: WITH_IMAGE });
    return byPrefix.length === 1 ? (byPrefix[0] as ContainerRow) : null;
  }

  nameTaken(teamId: string, name: string): Promise<boolean> {
    return this.database.client.container.count({ where: { teamId, name } }).then((count) => count > 0);
  }

  async list(filter: ContainerFilter): Promise<{ rows: ContainerListRow[]; total: number }> {
    const where = {
      teamId: filter.teamId,
      ...(filter.statuses ? { status: { in: filter.statuses } } : {}),
      ...(filter.name ? { name: { contains: filter.name } } : {}),
      ...(filter.imageId ? { imageId: filter.imageId } : {}),
      ...(filter.labels?.length
        ? {
            AND: filter.labels.map((label) => {
              const at = label.indexOf('=');
              // A missing key reads as SQL NULL, which no comparison matches: `not` any value selects rows that have the key.
              return at < 0 ? { labels: { path: [label], not: 'null' as never } } : { labels: { path: [label.slice(0, at)], equals: label.slice(at + 1) } };
            }),
          }
        : {}),
    };
    const [rows, total] = await Promise.all([
      this.database.client.container.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        skip: filter.offset,
        take: filter.limit,
        include: WITH_IMAGE,
        // Decoding each row's spec and config was most of a list's time (100 rows: 19 → 5 ms).
        omit: { spec: true, config: true },
      }),
      this.database.client.container.count({ where }),
    ]);
    return { rows: rows as ContainerListRow[], total };
  }

  /** Every container of every team that may be running: what supervision watches. */
  live(): Promise<ContainerRow[]> {
    return this.database.client.container.findMany({ where: { status: { in: ['created', 'running', 'paused', 'creating'] } }, include: WITH_IMAGE }) as Promise<
      ContainerRow[]
    >;
  }

  async ids(): Promise<string[]> {
    return (await this.database.client.container.findMany({ select: { id: true } })).map((row) => row.id);
  }

  byId(id: string): Promise<ContainerRow | null> {
    return this.database.client.container.findUnique({ where: { id }, include: WITH_IMAGE }) as Promise<ContainerRow | null>;
  }

  /** The manifest digest of a container's image (its row may be gone: null). */
  async imageDigest(imageId: string): Promise<string | null> {
    return (await this.database.client.image.findUnique({ where: { id: imageId }, select: { digest: true } }))?.digest ?? null;
  }

  /**
   * Changes a row and answers it. An update never changes the image, so a caller holding the
   * row passes it (`known`) and the answer is one UPDATE … RETURNING, not a transaction that
   * reads the row back with its image.
   */
  async update(
    id: string,
    data: Partial<Omit<ContainerRow, 'id' | 'teamId' | 'spec' | 'config' | 'labels' | 'image' | 'health'>> & {
      spec?: object;
      config?: object;
      health?: object;
    },
    known?: Pick<ContainerRow, 'image'>,
  ): Promise<ContainerRow> {
    if (known) return { ...(await this.database.client.container.update({ where: { id }, data })), image: known.image } as ContainerRow;
    return this.database.client.container.update({ where: { id }, data, include: WITH_IMAGE }) as Promise<ContainerRow>;
  }

  /** As `update`, but answers undefined instead of failing when the row is gone (removed meanwhile). */
  async updateIfExists(id: string, data: Parameters<ContainersRepository['update']>[1], known: Pick<ContainerRow, 'image'>): Promise<ContainerRow | undefined> {
    try {
      return await this.update(id, data, known);
    } catch (error) {
      if (error instanceof Models.Prisma.PrismaClientKnownRequestError && error.code === 'P2025') return undefined;
      throw error;
    }
  }

  async remove(id: string): Promise<void> {
    await this.database.client.container.deleteMany({ where: { id } });
  }

  mounts(containerId: string): Promise<{ destination: string; readOnly: boolean; volume: { name: string; mountpoint: string } }[]> {
    return this.database.client.containerVolume.findMany({ where: { containerId }, include: { volume: { select: { name: true, mountpoint: true } } } });
  }
}
