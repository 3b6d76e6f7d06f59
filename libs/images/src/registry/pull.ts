import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDigest, type Digest } from '../reference/digest.js';
import { DEFAULT_TAG, formatImageReference, parseImageReference } from '../reference/image-reference.js';
import type { ImageStore, StoredImage } from '../store/image-store.js';
import type { Descriptor, ImageIndex, ImageManifest } from '../store/oci-types.js';
import type { RegistryCredentials } from './auth.js';
import { selectPlatform, hostPlatform, parsePlatform, type Platform } from './platform.js';
import { type RegistryDispatcher, IMAGE_MANIFEST_MEDIA_TYPES, INDEX_MEDIA_TYPES, RegistryClient, type FetchedManifest } from './registry-client.js';
import { forEachLimited, progressMeter, type ProgressListener } from './transfer.js';
import { ImageError } from '../image-error.js';

export interface PullOptions {
  /** `linux/arm64`, `linux/arm/v7`, or an object; default: this machine's. */
  platform?: string | Platform;
  credentials?: RegistryCredentials;
  /** Registries spoken to over plain HTTP besides loopback. */
  insecure?: string[];
  onProgress?: ProgressListener;
  /** Blobs downloaded at once; default 3. */
  concurrency?: number;
  /** Retries of a transient failure, per request and per blob download; default 3. */
  retries?: number;
  retryDelayMs?: number;
  /** Opens the client's connections (see RegistryClientOptions.dispatcher). */
  dispatcher?: RegistryDispatcher;
}

export interface PullResult extends StoredImage {
  /** What the registry names the reference by: the index's digest for a multi-platform image. */
  digest: Digest;
  /** The platform picked from an index; undefined when the reference named a single image. */
  platform?: Platform;
}

/**
 * Pulls an image into the store: the manifest (an index resolved to one platform), then its
 * config and layers, each verified against its digest on the way into the store. The image is
 * named only after everything it refers to is stored, so a failed pull leaves no name pointing
 * at missing or unverified content (blobs that did arrive stay, for the next attempt).
 */
export async function pullImage(store: ImageStore, reference: string, options: PullOptions = {}): Promise<PullResult> {
  const ref = parseImageReference(reference);
  const retries = options.retries ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 250;
  const client = new RegistryClient(ref.registry, {
    credentials: options.credentials,
    insecure: options.insecure,
    retries,
    retryDelayMs,
    dispatcher: options.dispatcher,
  });
  const wanted = typeof options.platform === 'string' ? parsePlatform(options.platform) : (options.platform ?? hostPlatform());

  const top = await client.getManifest(ref.repository, ref.digest ?? ref.tag ?? DEFAULT_TAG);
  let image = top;
  let platform: Platform | undefined;
  if (INDEX_MEDIA_TYPES.includes(top.mediaType)) {
    const index = parseDocument<ImageIndex>(top, reference);
    if (!Array.isArray(index.manifests)) throw invalid(reference, 'its index lists no manifests');
    const entry = selectPlatform(index.manifests, wanted);
    if (!isDigest(entry.digest)) throw invalid(reference, `its index names "${String(entry.digest)}", which is not a digest`);
    // Fetched by digest, so getManifest holds the bytes to the index's word.
    image = await client.getManifest(ref.repository, entry.digest);
    platform = entry.platform;
  }
  if (!IMAGE_MANIFEST_MEDIA_TYPES.includes(image.mediaType)) {
    throw invalid(reference, `its manifest is ${image.mediaType}; Berth reads OCI and Docker schema 2 image manifests`);
  }
  const manifest = parseDocument<ImageManifest>(image, reference);
  const blobs = blobsOf(manifest, reference);

  await forEachLimited(blobs, options.concurrency ?? 3, async (descriptor) => {
    if (store.blobs.has(descriptor.digest)) {
      options.onProgress?.({ digest: descriptor.digest, bytes: descriptor.size, total: descriptor.size, done: true, skipped: true });
      return;
    }
    await downloadBlob(client, store, ref.repository, descriptor, options.onProgress, retries, retryDelayMs);
  });

  // The bytes exactly as served: re-serialising would change the digest the registry knows.
  await store.blobs.put(image.bytes, image.digest);
  const stored = store.tag(formatImageReference(ref), { mediaType: image.mediaType, digest: image.digest, size: image.bytes.length });
  return platform ? { ...stored, digest: top.digest, platform } : { ...stored, digest: top.digest };
}

/**
 * One blob into the store. A broken connection mid-stream is retried from the start (the
 * store keeps nothing of a partial blob); a digest mismatch is not, since the registry would
 * serve the same wrong bytes again.
 */
async function downloadBlob(
  client: RegistryClient,
  store: ImageStore,
  repository: string,
  descriptor: Descriptor,
  onProgress: ProgressListener | undefined,
  retries: number,
  retryDelayMs: number,
): Promise<void> {
  const { digest, size } = descriptor;
  for (let attempt = 0; ; attempt++) {
    onProgress?.({ digest, bytes: 0, total: size, done: false });
    try {
      const response = await client.getBlob(repository, digest);
      if (!response.body) throw new ImageError('REGISTRY_ERROR', `registry ${client.registry} sent blob ${digest} without a body`);
      const source = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
      const meter = progressMeter(digest, size, onProgress);
      // pipe() does not forward errors; a dropped connection must fail the store's write.
      source.on('error', (error) => meter.destroy(error));
      meter.on('close', () => source.destroy());
      await store.blobs.put(source.pipe(meter), digest);
      onProgress?.({ digest, bytes: size, total: size, done: true });
      return;
    } catch (error) {
      // ImageErrors are verdicts (mismatch, auth, 404) or already retried (unreachable); the rest are broken streams.
      if (error instanceof ImageError || attempt >= retries) throw error;
      await sleep(retryDelayMs * 2 ** attempt);
    }
  }
}

function parseDocument<T>(manifest: FetchedManifest, reference: string): T {
  try {
    const document = JSON.parse(manifest.bytes.toString('utf8')) as T;
    if (typeof document !== 'object' || document === null) throw new Error('not an object');
    return document;
  } catch {
    throw invalid(reference, `its manifest ${manifest.digest} is not a JSON document`);
  }
}

/** Config and layers, checked before any of them is requested: the store's paths are built from these digests. */
function blobsOf(manifest: ImageManifest, reference: string): Descriptor[] {
  if (!manifest.config || !Array.isArray(manifest.layers)) throw invalid(reference, 'its manifest has no config or no layers');
  const seen = new Map<Digest, Descriptor>();
  for (const descriptor of [manifest.config, ...manifest.layers]) {
    if (!isDigest(descriptor?.digest)) throw invalid(reference, `its manifest names "${String(descriptor?.digest)}", which is not a sha256 digest`);
    if (!Number.isSafeInteger(descriptor.size) || descriptor.size < 0) throw invalid(reference, `blob ${descriptor.digest} has no valid size`);
    // An image may repeat a layer (an empty one, often); it is fetched once.
    if (!seen.has(descriptor.digest)) seen.set(descriptor.digest, descriptor);
  }
  return [...seen.values()];
}

function invalid(reference: string, why: string): ImageError {
  return new ImageError('INVALID_IMAGE', `cannot pull ${reference}: ${why}`);
}
