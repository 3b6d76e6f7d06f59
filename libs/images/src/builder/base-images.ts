import type { ImageStore, StoredImage } from '../store/image-store.js';
import type { ImageConfig, ImageManifest } from '../store/oci-types.js';

/**
 * Which stored image a reference in a Dockerfile (FROM, COPY --from) means for the caller.
 * The API answers from the building team's catalogue, so a build sees only the team's images;
 * the library's default is the store's own names.
 */
export type ImageResolver = (reference: string) => StoredImage | Promise<StoredImage>;

export interface PinnedImage {
  image: StoredImage;
  manifest: ImageManifest;
  config: ImageConfig;
}

/**
 * The images one build uses, each resolved once and then held by manifest digest: a later
 * stage naming the same image gets the same content, whatever happens to the name meanwhile
 * (another team retagging it, a pull moving it).
 */
export class BaseImages {
  private readonly pinned = new Map<string, Promise<PinnedImage>>();

  constructor(
    private readonly store: ImageStore,
    private readonly resolver: ImageResolver = (reference) => store.resolve(reference),
  ) {}

  get(reference: string): Promise<PinnedImage> {
    let found = this.pinned.get(reference);
    if (!found) {
      found = this.load(reference);
      this.pinned.set(reference, found);
    }
    return found;
  }

  private async load(reference: string): Promise<PinnedImage> {
    const resolved = await this.resolver(reference);
    // Only the digest is kept: reading by name again could reach another image.
    const image: StoredImage = { reference: resolved.reference, manifest: { ...resolved.manifest } };
    const manifest = await this.store.manifest(image);
    return { image, manifest, config: await this.store.config(manifest) };
  }
}
