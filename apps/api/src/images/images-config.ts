import type { BerthConfig } from '../config/berth-config.js';

export interface ImagesConfig {
  /** Largest request body `load` and `build` accept (an image archive, a build context). */
  maxUploadBytes: number;
  /** pids.max of each RUN step (BERTH_PIDS_LIMIT, as for containers). */
  buildPidsLimit: number | undefined;
  /** A RUN step running longer is killed and fails its build (BERTH_BUILD_STEP_TIMEOUT). */
  buildStepTimeoutMs: number | undefined;
}

export const IMAGES_CONFIG = Symbol('IMAGES_CONFIG');

/** The images feature's part of the configuration (checked at start-up). */
export function imagesConfig(config: BerthConfig): ImagesConfig {
  return { maxUploadBytes: config.maxUploadBytes, buildPidsLimit: config.pidsLimit, buildStepTimeoutMs: config.buildStepTimeoutMs };
}
