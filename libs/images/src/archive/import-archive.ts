import { randomBytes } from 'node:crypto';
import { createReadStream, openSync, readSync, closeSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { RuntimeError } from '@berth/runtime/model';
import { isDigest, type Digest } from '../reference/digest.js';
import { parseImageReference, formatImageReference } from '../reference/image-reference.js';
import type { ImageStore, StoredImage } from '../store/image-store.js';
import { MEDIA_TYPES, REF_NAME, type Descriptor, type ImageConfig, type ImageIndex, type ImageManifest } from '../store/oci-types.js';
import { detectCompression } from '../unpack/decompress.js';
import { DEFAULT_UNPACK_LIMITS } from '../unpack/unpack-layer.js';
import { ArchiveDir } from './archive-dir.js';

interface DockerSaveEntry {
  Config: string;
  RepoTags: string[] | null;
  Layers: string[];
}

/**
 * Imports a `docker save` tarball or an OCI archive (detected by `manifest.json` or
 * `oci-layout`), verifying every digest before the image is named in the store.
 */
export async function importArchive(store: ImageStore, source: Readable, options: { tag?: string } = {}): Promise<StoredImage[]> {
  const dir = join(store.root, 'tmp', `import-${randomBytes(8).toString('hex')}`);
  try {
    const archive = await ArchiveDir.unpack(source, dir, DEFAULT_UNPACK_LIMITS);
    if (archive.has('manifest.json')) return await importDockerSave(store, archive, options.tag);
    if (archive.has('oci-layout')) return await importOci(store, archive, options.tag);
    throw new RuntimeError('INVALID_ARCHIVE', 'neither a docker save archive (manifest.json) nor an OCI archive (oci-layout)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function importDockerSave(store: ImageStore, archive: ArchiveDir, tag?: string): Promise<StoredImage[]> {
  const entries = archive.json<DockerSaveEntry[]>('manifest.json');
  const imported: StoredImage[] = [];
  for (const entry of entries) {
    const configPath = archive.file(entry.Config);
    const config = await store.blobs.put(createReadStream(configPath));
    const parsed = await store.blobs.readJson<ImageConfig>(config.digest);
    if (parsed.rootfs.diff_ids.length !== entry.Layers.length) {
      throw new RuntimeError('INVALID_ARCHIVE', `${entry.Config} lists ${parsed.rootfs.diff_ids.length} diff IDs for ${entry.Layers.length} layers`);
    }
    const layers: Descriptor[] = [];
    for (const [index, name] of entry.Layers.entries()) {
      const path = archive.file(name);
      const compression = detectCompression(readHead(path));
      // An uncompressed layer must hash to its diff ID; compressed ones are checked when unpacked.
      const expected = compression === 'none' ? parsed.rootfs.diff_ids[index] : undefined;
      const blob = await store.blobs.put(createReadStream(path), expected);
      layers.push({ mediaType: compression === 'gzip' ? MEDIA_TYPES.layerGzip : compression === 'zstd' ? MEDIA_TYPES.layerZstd : MEDIA_TYPES.layer, ...blob });
    }
    const manifest: ImageManifest = { schemaVersion: 2, mediaType: MEDIA_TYPES.manifest, config: { mediaType: MEDIA_TYPES.config, ...config }, layers };
    const stored = await store.blobs.put(JSON.stringify(manifest));
    const descriptor: Descriptor = { mediaType: MEDIA_TYPES.manifest, ...stored };
    const names = tag ? [tag] : (entry.RepoTags ?? []);
    if (names.length === 0) throw new RuntimeError('INVALID_ARCHIVE', 'the archive names no image (no RepoTags); import it with a tag');
    for (const name of names) imported.push(store.tag(name, descriptor));
  }
  return imported;
}

async function importOci(store: ImageStore, archive: ArchiveDir, tag?: string): Promise<StoredImage[]> {
  const index = archive.json<ImageIndex>('index.json');
  const imported: StoredImage[] = [];
  for (const entry of index.manifests) {
    await copyBlob(store, archive, entry.digest);
    const manifest = await store.blobs.readJson<ImageManifest>(entry.digest);
    await copyBlob(store, archive, manifest.config.digest);
    for (const layer of manifest.layers) await copyBlob(store, archive, layer.digest);
    const name = tag ?? refName(entry);
    if (!name) throw new RuntimeError('INVALID_ARCHIVE', `manifest ${entry.digest} has no ${REF_NAME}; import it with a tag`);
    imported.push(store.tag(name, { mediaType: entry.mediaType, digest: entry.digest, size: entry.size }));
  }
  return imported;
}

/** OCI archives made by skopeo name images by a bare tag or a full reference. */
function refName(entry: Descriptor): string | undefined {
  const name = entry.annotations?.[REF_NAME];
  if (!name) return undefined;
  return formatImageReference(parseImageReference(name));
}

/** Copies one blob of an OCI archive into the store, refusing it unless it hashes to its name. */
async function copyBlob(store: ImageStore, archive: ArchiveDir, digest: Digest): Promise<void> {
  if (!isDigest(digest)) throw new RuntimeError('INVALID_ARCHIVE', `"${digest}" is not a sha256 digest`);
  await store.blobs.put(createReadStream(archive.file(`blobs/sha256/${digest.slice(7)}`)), digest);
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
