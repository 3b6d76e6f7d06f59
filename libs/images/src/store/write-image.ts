import type { Readable } from 'node:stream';
import type { Digest } from '../reference/digest.js';
import type { ImageStore, StoredImage } from './image-store.js';
import { MEDIA_TYPES, type ImageConfig, type ImageManifest } from './oci-types.js';

export interface NewLayer {
  /** The uncompressed tar. */
  tar: () => Readable | Buffer;
  diffId?: Digest;
}

/**
 * Stores uncompressed layers, a config and the manifest that ties them, and names the
 * result: what import, seed and (later) build and commit all end with.
 */
export async function writeImage(store: ImageStore, reference: string, layers: NewLayer[], config: Omit<ImageConfig, 'rootfs'>): Promise<StoredImage> {
  const descriptors = [];
  const diffIds: Digest[] = [];
  for (const layer of layers) {
    // An uncompressed layer's digest is its diff ID.
    const { digest, size } = await store.blobs.put(layer.tar(), layer.diffId);
    descriptors.push({ mediaType: MEDIA_TYPES.layer, digest, size });
    diffIds.push(digest);
  }
  const fullConfig: ImageConfig = { ...config, rootfs: { type: 'layers', diff_ids: diffIds } };
  const configBlob = await store.blobs.put(JSON.stringify(fullConfig));
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.manifest,
    config: { mediaType: MEDIA_TYPES.config, digest: configBlob.digest, size: configBlob.size },
    layers: descriptors,
  };
  const manifestBlob = await store.blobs.put(JSON.stringify(manifest));
  return store.tag(reference, { mediaType: MEDIA_TYPES.manifest, digest: manifestBlob.digest, size: manifestBlob.size });
}
