import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatImageReference, parseImageReference } from '../reference/image-reference.js';
import { BlobStore } from './blob-store.js';
import { MEDIA_TYPES, REF_NAME, type Descriptor, type ImageConfig, type ImageIndex, type ImageManifest } from './oci-types.js';
import { SnapshotStore } from './snapshots.js';
import { ImageError } from '../image-error.js';

export interface StoredImage {
  reference: string;
  manifest: Descriptor;
}

/**
 * Berth's image store: an OCI image layout (`oci-layout`, `index.json`, `blobs/`) under
 * `<state root>/images`, plus the unpacked snapshots. `index.json` names images by their
 * canonical reference (`docker.io/library/busybox:latest`) in the standard annotation, so
 * `skopeo` or `umoci` can read the same directory.
 */
export class ImageStore {
  readonly blobs: BlobStore;
  readonly snapshots: SnapshotStore;

  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    // Layers hold whatever images ship (setuid binaries included): no other host user may reach
    // them (CVE-2021-41091). Containers reach their layers through mounts made as root, never
    // by walking this path, so no one else needs to traverse it. Existing stores are tightened too.
    chmodSync(root, 0o700);
    this.blobs = new BlobStore(root);
    this.snapshots = new SnapshotStore(root, this.blobs);
    const layout = join(root, 'oci-layout');
    if (!existsSync(layout)) writeFileSync(layout, `${JSON.stringify({ imageLayoutVersion: '1.0.0' })}\n`);
    if (!existsSync(this.indexPath)) this.writeIndex({ schemaVersion: 2, mediaType: MEDIA_TYPES.index, manifests: [] });
  }

  private get indexPath(): string {
    return join(this.root, 'index.json');
  }

  readIndex(): ImageIndex {
    return JSON.parse(readFileSync(this.indexPath, 'utf8')) as ImageIndex;
  }

  /** Names a stored manifest; an existing name moves to it (like `docker tag`). */
  tag(reference: string, manifest: Descriptor): StoredImage {
    if (!this.blobs.has(manifest.digest)) throw new ImageError('BLOB_NOT_FOUND', `manifest ${manifest.digest} is not in the store`);
    const name = formatImageReference(parseImageReference(reference));
    const index = this.readIndex();
    const others = index.manifests.filter((entry) => entry.annotations?.[REF_NAME] !== name);
    const entry: Descriptor = { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.size, annotations: { [REF_NAME]: name } };
    this.writeIndex({ ...index, manifests: [...others, entry] });
    return { reference: name, manifest: entry };
  }

  /** Removes a name; blobs stay until `prune` (see garbage-collection.ts). */
  untag(reference: string): void {
    const name = formatImageReference(parseImageReference(reference));
    const index = this.readIndex();
    const kept = index.manifests.filter((entry) => entry.annotations?.[REF_NAME] !== name);
    if (kept.length === index.manifests.length) throw new ImageError('IMAGE_NOT_FOUND', `image ${name} is not in the store`);
    this.writeIndex({ ...index, manifests: kept });
  }

  list(): StoredImage[] {
    return this.readIndex()
      .manifests.filter((entry) => entry.annotations?.[REF_NAME])
      .map((entry) => ({ reference: entry.annotations![REF_NAME]!, manifest: entry }));
  }

  resolve(reference: string): StoredImage {
    const name = formatImageReference(parseImageReference(reference));
    const found = this.list().find((image) => image.reference === name);
    if (!found) throw new ImageError('IMAGE_NOT_FOUND', `image ${name} is not in the store; pull or import it first`);
    return found;
  }

  async manifest(image: StoredImage): Promise<ImageManifest> {
    return this.blobs.readJson<ImageManifest>(image.manifest.digest);
  }

  async config(manifest: ImageManifest): Promise<ImageConfig> {
    return this.blobs.readJson<ImageConfig>(manifest.config.digest);
  }

  /** What a container of this image needs: its layers as overlay lower dirs and its config. */
  async prepare(reference: string): Promise<{ lowerDirs: string[]; config: ImageConfig }> {
    const manifest = await this.manifest(this.resolve(reference));
    const config = await this.config(manifest);
    return { lowerDirs: await this.snapshots.lowerDirs(manifest, config), config };
  }

  private writeIndex(index: ImageIndex): void {
    const tmp = join(this.root, 'tmp', `index-${randomBytes(6).toString('hex')}.json`);
    mkdirSync(join(this.root, 'tmp'), { recursive: true });
    writeFileSync(tmp, `${JSON.stringify(index, null, 2)}\n`);
    renameSync(tmp, this.indexPath);
  }
}
