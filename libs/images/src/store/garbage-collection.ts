import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Digest } from '../reference/digest.js';
import { chainIds } from '../unpack/chain-id.js';
import type { ImageStore } from './image-store.js';
import type { ImageConfig, ImageIndex, ImageManifest } from './oci-types.js';
import { ImageError } from '../image-error.js';

/** Which snapshot directories running or stopped containers still use as lower dirs. */
export type SnapshotsInUse = () => Set<string> | Promise<Set<string>>;

/**
 * Untags an image. Refused (IMAGE_IN_USE) while a container uses one of its snapshots
 * that no other image shares — like `docker rmi` without --force. Blobs and snapshots are
 * freed by `prune`, which sees every image at once.
 */
export async function removeImage(store: ImageStore, reference: string, inUse: SnapshotsInUse = () => new Set()): Promise<void> {
  const image = store.resolve(reference);
  const used = await inUse();
  const own = await snapshotsOf(store, image.manifest.digest);
  const others = new Set<string>();
  for (const other of store.list()) if (other.reference !== image.reference) for (const dir of await snapshotsOf(store, other.manifest.digest)) others.add(dir);
  const blocking = own.filter((dir) => used.has(dir) && !others.has(dir));
  if (blocking.length > 0) throw new ImageError('IMAGE_IN_USE', `image ${image.reference} is used by a container; remove the container first`);
  store.untag(image.reference);
}

export interface PruneReport {
  blobs: number;
  snapshots: number;
  bytes: number;
}

/** Deletes blobs no named image reaches and snapshots no image or container uses. */
export async function prune(store: ImageStore, inUse: SnapshotsInUse = () => new Set()): Promise<PruneReport> {
  const reachable = new Set<string>();
  const keepSnapshots = new Set(await inUse());
  for (const image of store.list()) {
    for (const digest of await reachableFrom(store, image.manifest.digest)) reachable.add(digest);
    for (const dir of await snapshotsOf(store, image.manifest.digest)) keepSnapshots.add(dir);
  }
  const report: PruneReport = { blobs: 0, snapshots: 0, bytes: 0 };
  const blobDir = join(store.root, 'blobs', 'sha256');
  for (const hex of readdirSync(blobDir)) {
    if (reachable.has(`sha256:${hex}`)) continue;
    report.bytes += statSync(join(blobDir, hex)).size;
    rmSync(join(blobDir, hex), { force: true });
    report.blobs += 1;
  }
  const snapshotDir = join(store.root, 'snapshots');
  for (const hex of readdirSync(snapshotDir)) {
    if (keepSnapshots.has(join(snapshotDir, hex))) continue;
    rmSync(join(snapshotDir, hex), { recursive: true, force: true });
    report.snapshots += 1;
  }
  return report;
}

async function reachableFrom(store: ImageStore, digest: Digest): Promise<Digest[]> {
  if (!store.blobs.has(digest)) return [];
  const document = await store.blobs.readJson<ImageManifest & ImageIndex>(digest);
  if (Array.isArray(document.manifests)) {
    const children = await Promise.all(document.manifests.map((entry) => reachableFrom(store, entry.digest)));
    return [digest, ...children.flat()];
  }
  return [digest, document.config.digest, ...document.layers.map((layer) => layer.digest)];
}

async function snapshotsOf(store: ImageStore, manifestDigest: Digest): Promise<string[]> {
  if (!store.blobs.has(manifestDigest)) return [];
  const manifest = await store.blobs.readJson<ImageManifest>(manifestDigest);
  if (!manifest.config || !store.blobs.has(manifest.config.digest)) return [];
  const config = await store.blobs.readJson<ImageConfig>(manifest.config.digest);
  return chainIds(config.rootfs.diff_ids).map((id) => store.snapshots.path(id));
}
