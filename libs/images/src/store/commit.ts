import { upperToLayer } from '../builder/layer-tar.js';
import type { ImageStore, StoredImage } from './image-store.js';
import { MEDIA_TYPES, type ImageConfig, type ImageManifest } from './oci-types.js';

export interface CommitOptions {
  /** The image the container was created from. */
  baseImage: string;
  /** The container's overlay upper directory (`<runtime root>/<id>/upper`). */
  upperDir: string;
  /** Name of the new image. */
  reference: string;
  /** Config changes (Cmd, Env, …) applied on top of the base image's. */
  config?: ImageConfig['config'];
  /** For the history entry, like `docker commit -m`. */
  message?: string;
}

/**
 * `commit`: a container's changes (its overlay upper dir, whiteouts and opaque dirs included)
 * become one new layer on top of its image's layers. The caller pauses the container first
 * if it is running, as `docker commit` does, so the layer is consistent.
 */
export async function commitContainer(store: ImageStore, options: CommitOptions): Promise<StoredImage> {
  const baseManifest = await store.manifest(store.resolve(options.baseImage));
  const baseConfig = await store.config(baseManifest);
  const layer = await upperToLayer(store.blobs, options.upperDir);
  const created = new Date().toISOString();
  const config: ImageConfig = {
    ...baseConfig,
    created,
    config: { ...baseConfig.config, ...options.config },
    rootfs: { type: 'layers', diff_ids: [...baseConfig.rootfs.diff_ids, layer.digest] },
    history: [...(baseConfig.history ?? []), { created, created_by: `berth commit${options.message ? `: ${options.message}` : ''}` }],
  };
  const configBlob = await store.blobs.put(JSON.stringify(config));
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.manifest,
    config: { mediaType: MEDIA_TYPES.config, ...configBlob },
    layers: [...baseManifest.layers, { mediaType: MEDIA_TYPES.layer, ...layer }],
  };
  const manifestBlob = await store.blobs.put(JSON.stringify(manifest));
  return store.tag(options.reference, { mediaType: MEDIA_TYPES.manifest, ...manifestBlob });
}
