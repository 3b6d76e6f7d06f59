import type { BerthConfig } from '../config/berth-config.js';

export interface ImagesConfig {
  /** Largest request body `load` and `build` accept (an image archive, a build context). */
  maxUploadBytes: number;
}

export const IMAGES_CONFIG = Symbol('IMAGES_CONFIG');

/** The images feature's part of the configuration (BERTH_MAX_UPLOAD_SIZE, checked at start-up). */
export function imagesConfig(config: BerthConfig): ImagesConfig {
  return { maxUploadBytes: config.maxUploadBytes };
}
