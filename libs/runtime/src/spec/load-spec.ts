import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RuntimeError } from '../model/runtime-error.js';
import { errnoOf } from '../util/files.js';

/** Reads `<bundle>/config.json`; the result is unchecked JSON until validateSpec has seen it. */
export async function loadSpec(bundle: string): Promise<{ bundle: string; spec: unknown }> {
  const absolute = resolve(bundle);
  const path = join(absolute, 'config.json');
  let text: string;
  try {
    // Synchronous, like the rest of the start path's small-file I/O (see util/files.ts).
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') throw new RuntimeError('BUNDLE_NOT_FOUND', `${path} does not exist; is ${absolute} a bundle?`);
    throw new RuntimeError(errnoOf(error) ?? 'EIO', `reading ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return { bundle: absolute, spec: JSON.parse(text) as unknown };
  } catch (error) {
    throw new RuntimeError('INVALID_SPEC', `${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}
