import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultSpec } from '../spec/default-spec.js';
import { RuntimeError } from '../model/runtime-error.js';

/** `berth-runtime spec`: writes a default config.json into the bundle, like `runc spec`; never overwrites. */
export async function writeDefaultSpec(bundle: string): Promise<string> {
  const path = join(bundle, 'config.json');
  try {
    await writeFile(path, `${JSON.stringify(defaultSpec(), null, 2)}\n`, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new RuntimeError('SPEC_EXISTS', `${path} exists; remove it first`);
    throw new RuntimeError(code ?? 'EIO', `writing ${path}: ${(error as Error).message}`, { cause: error });
  }
  return path;
}
