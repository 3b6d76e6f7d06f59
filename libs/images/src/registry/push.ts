import { readFile } from 'node:fs/promises';
import type { Digest } from '../reference/digest.js';
import { formatImageReference, parseImageReference } from '../reference/image-reference.js';
import type { ImageStore } from '../store/image-store.js';
import type { Descriptor, ImageManifest } from '../store/oci-types.js';
import type { RegistryCredentials } from './auth.js';
import { type RegistryDispatcher, IMAGE_MANIFEST_MEDIA_TYPES, RegistryClient, sha256Digest } from './registry-client.js';
import { forEachLimited, progressMeter, type ProgressListener } from './transfer.js';
import { ImageError } from '../image-error.js';

export interface PushOptions {
  credentials?: RegistryCredentials;
  insecure?: string[];
  /** The stored image to push, when it is named differently from the target (`docker tag` + `push` in one). */
  source?: string;
  onProgress?: ProgressListener;
  concurrency?: number;
  retries?: number;
  retryDelayMs?: number;
  /** Opens the client's connections (see RegistryClientOptions.dispatcher). */
  dispatcher?: RegistryDispatcher;
}

export interface PushResult {
  reference: string;
  /** The manifest's digest, which the registry confirmed. */
  digest: Digest;
  uploaded: Digest[];
  skipped: Digest[];
}

/**
 * Pushes a stored image: every blob the registry lacks (a HEAD says which), then the manifest
 * under the tag. Blobs go first because a registry refuses a manifest whose blobs it does not
 * have. The manifest is sent as the bytes in the store, so its digest stays what it was.
 */
export async function pushImage(store: ImageStore, reference: string, options: PushOptions = {}): Promise<PushResult> {
  const ref = parseImageReference(reference);
  const image = store.resolve(options.source ?? reference);
  if (!IMAGE_MANIFEST_MEDIA_TYPES.includes(image.manifest.mediaType)) {
    throw new ImageError(
      'INVALID_IMAGE',
      `cannot push ${image.reference}: it is ${image.manifest.mediaType}, and Berth pushes single-platform image manifests`,
    );
  }
  const bytes = await readFile(store.blobs.path(image.manifest.digest));
  const digest = sha256Digest(bytes);
  if (digest !== image.manifest.digest) throw new ImageError('DIGEST_MISMATCH', `stored manifest ${image.manifest.digest} hashes to ${digest}; refused`);
  if (ref.digest && ref.digest !== digest) {
    throw new ImageError('DIGEST_MISMATCH', `cannot push ${image.reference} as ${formatImageReference(ref)}: its manifest is ${digest}`);
  }
  const manifest = JSON.parse(bytes.toString('utf8')) as ImageManifest;
  const blobs = new Map<Digest, Descriptor>();
  for (const descriptor of [...manifest.layers, manifest.config]) blobs.set(descriptor.digest, descriptor);

  const client = new RegistryClient(ref.registry, {
    credentials: options.credentials,
    insecure: options.insecure,
    actions: 'pull,push',
    retries: options.retries,
    retryDelayMs: options.retryDelayMs,
    dispatcher: options.dispatcher,
  });
  const uploaded: Digest[] = [];
  const skipped: Digest[] = [];
  await forEachLimited([...blobs.values()], options.concurrency ?? 3, async ({ digest: blob }) => {
    // The store's size, not the descriptor's: it is what will be sent.
    const size = store.blobs.size(blob);
    if (await client.hasBlob(ref.repository, blob)) {
      skipped.push(blob);
      options.onProgress?.({ digest: blob, bytes: size, total: size, done: true, skipped: true });
      return;
    }
    options.onProgress?.({ digest: blob, bytes: 0, total: size, done: false });
    await client.uploadBlob(ref.repository, blob, size, () => store.blobs.open(blob).pipe(progressMeter(blob, size, options.onProgress)));
    uploaded.push(blob);
    options.onProgress?.({ digest: blob, bytes: size, total: size, done: true });
  });

  await client.putManifest(ref.repository, ref.tag ?? digest, bytes, image.manifest.mediaType);
  return { reference: formatImageReference(ref), digest, uploaded, skipped };
}
