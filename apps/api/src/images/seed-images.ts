import { existsSync } from 'node:fs';
import { BUSYBOX_BINARY, BUSYBOX_CONFIG, busyboxLayer, isStaticElf, writeImage, type ImageStore } from '@berth/images';

/**
 * A fresh install can run something at once: when the store holds no image at all and the
 * host has Debian's static busybox (what `berth-seed` uses too), `busybox:latest` is made
 * from it. Nothing is downloaded; BERTH_SEED_IMAGES=0 turns it off. A host whose busybox is
 * not static (Debian's `busybox` package) gets no seed rather than an image that cannot run.
 */
export async function seedImagesIfEmpty(store: ImageStore, enabled: boolean): Promise<string[]> {
  if (!enabled || store.list().length > 0 || !existsSync(BUSYBOX_BINARY) || !isStaticElf(BUSYBOX_BINARY)) return [];
  const layer = await busyboxLayer(BUSYBOX_BINARY);
  const stored = await writeImage(store, 'busybox:latest', [{ tar: () => layer }], {
    ...BUSYBOX_CONFIG,
    history: [{ created: BUSYBOX_CONFIG.created, created_by: `berth seed: ${BUSYBOX_BINARY}` }],
  });
  return [stored.reference];
}
