import { BUSYBOX_BINARY, BUSYBOX_CONFIG, busyboxLayer, writeImage, type ImageStore, type StoredImage } from '@berth/images';

/**
 * `busybox:latest` made from what the machine has: Debian's static busybox (the layer is built
 * by @berth/images' seed module). Nothing is downloaded.
 */
export async function seedBusyboxImage(store: ImageStore, reference = 'busybox:latest', binary = BUSYBOX_BINARY): Promise<StoredImage> {
  const layer = await busyboxLayer(binary);
  return writeImage(store, reference, [{ tar: () => layer }], {
    ...BUSYBOX_CONFIG,
    history: [{ created: BUSYBOX_CONFIG.created, created_by: `berth seed: ${binary}` }],
  });
}
