import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, openSync, readSync, closeSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isDigest, type Digest } from '../reference/digest.js';
import { parseImageReference, formatImageReference } from '../reference/image-reference.js';
import type { ImageStore, StoredImage } from '../store/image-store.js';
import { MEDIA_TYPES, REF_NAME, type Descriptor, type ImageConfig, type ImageIndex, type ImageManifest } from '../store/oci-types.js';
import type { StagedSnapshot } from '../store/snapshots.js';
import { chainIds } from '../unpack/chain-id.js';
import { detectCompression } from '../unpack/decompress.js';
import { DEFAULT_UNPACK_LIMITS } from '../unpack/unpack-layer.js';
import { ArchiveDir } from './archive-dir.js';
import { ImageError } from '../image-error.js';

interface DockerSaveEntry {
  Config: string;
  RepoTags: string[] | null;
  Layers: string[];
}

/** A file of the archive that becomes a blob, with the digest it was checked to have. */
interface PlannedBlob {
  path: string;
  digest: Digest;
}

/** One image of the archive, checked through and through, nothing of it stored yet. */
interface PlannedImage {
  names: string[];
  blobs: PlannedBlob[];
  /** The manifest the store will name: the archive's own (OCI) or made from its files (docker save). */
  manifest: { bytes?: Buffer; descriptor: Descriptor };
}

/**
 * Imports a `docker save` tarball or an OCI archive (detected by `manifest.json` or
 * `oci-layout`) in two phases. First everything is checked: every digest, and every layer
 * unpacked with the same checks a container's snapshot gets (paths, links, devices, sizes,
 * diff ID). Only then are blobs stored, names written and the unpacked layers kept as
 * snapshots. A bad archive leaves the store as it was: no name, no blob, no snapshot.
 */
export async function importArchive(store: ImageStore, source: Readable, options: { tag?: string } = {}): Promise<StoredImage[]> {
  const dir = join(store.root, 'tmp', `import-${randomBytes(8).toString('hex')}`);
  const staged: StagedSnapshot[] = [];
  try {
    const archive = await ArchiveDir.unpack(source, dir, DEFAULT_UNPACK_LIMITS);
    let planned: PlannedImage[];
    if (archive.has('manifest.json')) planned = await planDockerSave(store, archive, staged, options.tag);
    else if (archive.has('oci-layout')) planned = await planOci(store, archive, staged, options.tag);
    else throw new ImageError('INVALID_ARCHIVE', 'neither a docker save archive (manifest.json) nor an OCI archive (oci-layout)');
    const imported = await storePlanned(store, planned);
    for (const snapshot of staged.splice(0)) snapshot.commit();
    return imported;
  } finally {
    for (const snapshot of staged) snapshot.discard();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function planDockerSave(store: ImageStore, archive: ArchiveDir, staged: StagedSnapshot[], tag?: string): Promise<PlannedImage[]> {
  const entries = archive.json<DockerSaveEntry[]>('manifest.json');
  if (!Array.isArray(entries)) throw new ImageError('INVALID_ARCHIVE', 'manifest.json is not a list of images');
  const planned: PlannedImage[] = [];
  for (const entry of entries) {
    const names = tag ? [tag] : (entry.RepoTags ?? []);
    if (names.length === 0) throw new ImageError('INVALID_ARCHIVE', 'the archive names no image (no RepoTags); import it with a tag');
    const configPath = archive.file(entry.Config);
    const config = { path: configPath, digest: await hashFile(configPath) };
    const diffIds = diffIdsOf(archive.json<ImageConfig>(entry.Config), entry.Config, entry.Layers.length);
    const layers: Descriptor[] = [];
    const blobs: PlannedBlob[] = [config];
    for (const [index, name] of entry.Layers.entries()) {
      const path = archive.file(name);
      await stageLayer(store, path, diffIds, index, staged, name);
      const blob = { path, digest: await hashFile(path) };
      blobs.push(blob);
      const compression = detectCompression(readHead(path));
      const mediaType = compression === 'gzip' ? MEDIA_TYPES.layerGzip : compression === 'zstd' ? MEDIA_TYPES.layerZstd : MEDIA_TYPES.layer;
      layers.push({ mediaType, digest: blob.digest, size: statSync(path).size });
    }
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.manifest,
      config: { mediaType: MEDIA_TYPES.config, digest: config.digest, size: statSync(configPath).size },
      layers,
    };
    const bytes = Buffer.from(JSON.stringify(manifest));
    const descriptor = { mediaType: MEDIA_TYPES.manifest, digest: sha256(bytes), size: bytes.length };
    planned.push({ names, blobs, manifest: { bytes, descriptor } });
  }
  return planned;
}

async function planOci(store: ImageStore, archive: ArchiveDir, staged: StagedSnapshot[], tag?: string): Promise<PlannedImage[]> {
  const index = archive.json<ImageIndex>('index.json');
  if (!Array.isArray(index.manifests)) throw new ImageError('INVALID_ARCHIVE', 'index.json lists no manifests');
  const planned: PlannedImage[] = [];
  for (const entry of index.manifests) {
    const name = tag ?? refName(entry);
    if (!name) throw new ImageError('INVALID_ARCHIVE', `manifest ${entry.digest} has no ${REF_NAME}; import it with a tag`);
    const manifestBlob = await verifiedBlob(archive, entry.digest);
    const manifest = parseJson<ImageManifest>(manifestBlob.path, `manifest ${entry.digest}`);
    if (!Array.isArray(manifest.layers) || !manifest.config) {
      throw new ImageError('INVALID_ARCHIVE', `${entry.digest} is not an image manifest (an index of platforms is not supported by load)`);
    }
    const configBlob = await verifiedBlob(archive, manifest.config.digest);
    const diffIds = diffIdsOf(parseJson<ImageConfig>(configBlob.path, `config ${manifest.config.digest}`), manifest.config.digest, manifest.layers.length);
    const blobs = [manifestBlob, configBlob];
    for (const [layerIndex, layer] of manifest.layers.entries()) {
      const blob = await verifiedBlob(archive, layer.digest);
      await stageLayer(store, blob.path, diffIds, layerIndex, staged, layer.digest);
      blobs.push(blob);
    }
    planned.push({ names: [name], blobs, manifest: { descriptor: { mediaType: entry.mediaType, digest: entry.digest, size: entry.size } } });
  }
  return planned;
}

/** The second phase: blobs in, then names. */
async function storePlanned(store: ImageStore, planned: PlannedImage[]): Promise<StoredImage[]> {
  const imported: StoredImage[] = [];
  for (const image of planned) {
    for (const blob of image.blobs) if (!store.blobs.has(blob.digest)) await store.blobs.put(createReadStream(blob.path), blob.digest);
    if (image.manifest.bytes) await store.blobs.put(image.manifest.bytes, image.manifest.descriptor.digest);
    for (const name of image.names) imported.push(store.tag(name, image.manifest.descriptor));
  }
  return imported;
}

/** Unpacks a layer as its snapshot would be, checking it against its diff ID; kept staged until everything passed. */
async function stageLayer(store: ImageStore, path: string, diffIds: Digest[], index: number, staged: StagedSnapshot[], what: string): Promise<void> {
  const chainId = chainIds(diffIds.slice(0, index + 1)).at(-1)!;
  staged.push(await store.snapshots.stage(createReadStream(path), diffIds[index]!, chainId, `layer ${what}`));
}

function diffIdsOf(config: ImageConfig, what: string, layers: number): Digest[] {
  const diffIds = config?.rootfs?.diff_ids;
  if (!Array.isArray(diffIds) || !diffIds.every((id) => isDigest(id))) throw new ImageError('INVALID_ARCHIVE', `${what} has no valid rootfs.diff_ids`);
  if (diffIds.length !== layers) throw new ImageError('INVALID_ARCHIVE', `${what} lists ${diffIds.length} diff IDs for ${layers} layers`);
  return diffIds;
}

/** An OCI archive's blob, which must hash to its name. */
async function verifiedBlob(archive: ArchiveDir, digest: Digest): Promise<PlannedBlob> {
  if (!isDigest(digest)) throw new ImageError('INVALID_ARCHIVE', `"${digest}" is not a sha256 digest`);
  const path = archive.file(`blobs/sha256/${digest.slice(7)}`);
  const actual = await hashFile(path);
  if (actual !== digest) throw new ImageError('DIGEST_MISMATCH', `content claimed to be ${digest} hashes to ${actual}; refused`);
  return { path, digest };
}

function parseJson<T>(path: string, what: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new ImageError('INVALID_ARCHIVE', `${what} is not valid JSON: ${(error as Error).message}`);
  }
}

/** OCI archives made by skopeo name images by a bare tag or a full reference. */
function refName(entry: Descriptor): string | undefined {
  const name = entry.annotations?.[REF_NAME];
  if (!name) return undefined;
  return formatImageReference(parseImageReference(name));
}

async function hashFile(path: string): Promise<Digest> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return `sha256:${hash.digest('hex')}`;
}

function sha256(bytes: Buffer): Digest {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function readHead(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    return head;
  } finally {
    closeSync(fd);
  }
}
