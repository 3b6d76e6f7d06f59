import { parseBytes } from '@berth/runtime/model';
import { StartupError } from '../startup/startup-error.js';

/** Largest request body `load` and `build` accept (an image archive, a build context); like `512m`, `4g`. */
export const MAX_UPLOAD_ENV = 'BERTH_MAX_UPLOAD_SIZE';
export const DEFAULT_MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

export interface ImagesConfig {
  maxUploadBytes: number;
}

export const IMAGES_CONFIG = Symbol('IMAGES_CONFIG');

export function loadImagesConfig(env: NodeJS.ProcessEnv = process.env): ImagesConfig {
  const text = env[MAX_UPLOAD_ENV];
  if (!text) return { maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES };
  try {
    const maxUploadBytes = parseBytes(text);
    if (maxUploadBytes < 1) throw new Error('zero');
    return { maxUploadBytes };
  } catch {
    throw new StartupError('INVALID_CONFIG', `${MAX_UPLOAD_ENV}=${text} is not a size; write it like 512m or 4g`);
  }
}
