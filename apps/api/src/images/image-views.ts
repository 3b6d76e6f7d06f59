import { chainIds, type ImageConfig, type ImageManifest } from '@berth/images';
import type { HealthcheckRequest, ImageDetail, ImageHistoryEntry, ImageRunConfig, ImageSummary } from '@berth/contracts';
import { familiar, isTagName } from './image-names.js';
import type { ImageRow } from './images.repository.js';

/** What the API shows of catalogue rows and the store's documents: pure mapping, no I/O. */

export function summaryOf(row: ImageRow, containers: number): ImageSummary {
  const config = row.config as Partial<ImageConfig>;
  return {
    id: row.digest,
    repoTags: row.repoTags.filter(isTagName).map(familiar),
    repoDigests: row.repoTags.filter((name) => !isTagName(name)).map(familiar),
    size: Number(row.sizeBytes),
    created: validDate(config.created) ?? row.createdAt.toISOString(),
    containers,
  };
}

export function detailOf(row: ImageRow, containers: number, manifest: ImageManifest, config: ImageConfig): ImageDetail {
  const chain = chainIds(config.rootfs.diff_ids);
  const platform = config as ImageConfig & { variant?: string; author?: string };
  return {
    ...summaryOf(row, containers),
    architecture: config.architecture,
    os: config.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    ...(platform.author ? { author: platform.author } : {}),
    config: runConfigOf(config),
    layers: manifest.layers.map((layer, index) => ({
      digest: layer.digest,
      diffId: config.rootfs.diff_ids[index] ?? '',
      chainId: chain[index] ?? '',
      mediaType: layer.mediaType,
      size: layer.size,
    })),
  };
}

function runConfigOf(image: ImageConfig): ImageRunConfig {
  const config = image.config ?? {};
  return {
    env: config.Env ?? [],
    cmd: config.Cmd ?? null,
    entrypoint: config.Entrypoint ?? null,
    workingDir: config.WorkingDir ?? '',
    user: config.User ?? '',
    exposedPorts: Object.keys(config.ExposedPorts ?? {}),
    volumes: Object.keys(config.Volumes ?? {}),
    labels: config.Labels ?? {},
    ...(config.Healthcheck ? { healthcheck: healthcheckOf(config.Healthcheck) } : {}),
  };
}

/** Docker's nanoseconds (0 or absent: the default) as the contracts' milliseconds. */
function healthcheckOf(check: NonNullable<NonNullable<ImageConfig['config']>['Healthcheck']>): HealthcheckRequest {
  const ms = (nanos: number | undefined) => Math.round((nanos ?? 0) / 1_000_000);
  return {
    test: check.Test ?? [],
    intervalMs: ms(check.Interval),
    timeoutMs: ms(check.Timeout),
    retries: check.Retries ?? 0,
    startPeriodMs: ms(check.StartPeriod),
    startIntervalMs: ms(check.StartInterval),
  };
}

/**
 * `docker history`: the config's history, newest first, with each non-empty entry paired to
 * the next layer up. When the history does not pair up with the layers (missing, or written
 * by a tool that got it wrong), one entry per layer instead, so sizes are never misattributed.
 */
export function historyOf(row: ImageRow, manifest: ImageManifest, config: ImageConfig): ImageHistoryEntry[] {
  const history = config.history ?? [];
  const layered = history.filter((entry) => !entry.empty_layer).length;
  let entries: ImageHistoryEntry[];
  if (history.length > 0 && layered === manifest.layers.length) {
    let next = 0;
    entries = history.map((entry) => {
      const empty = entry.empty_layer === true;
      const index = empty ? -1 : next++;
      return {
        layer: empty ? null : (config.rootfs.diff_ids[index] ?? null),
        created: validDate(entry.created) ?? null,
        createdBy: entry.created_by ?? '',
        ...((entry as { comment?: string }).comment ? { comment: (entry as { comment?: string }).comment } : {}),
        size: empty ? 0 : (manifest.layers[index]?.size ?? 0),
        emptyLayer: empty,
        tags: [],
      };
    });
  } else {
    entries = manifest.layers.map((layer, index) => ({
      layer: config.rootfs.diff_ids[index] ?? null,
      created: validDate(config.created) ?? null,
      createdBy: `layer ${layer.digest}`,
      size: layer.size,
      emptyLayer: false,
      tags: [],
    }));
  }
  entries.reverse();
  if (entries[0]) entries[0].tags = summaryOf(row, 0).repoTags;
  return entries;
}

function validDate(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
