import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * Where execvp would find `name`: the path itself when absolute, else the first executable file
 * of that name in a PATH directory; undefined when there is none. One lookup for the host-tool
 * capabilities, the benchmarks' peers and the VM launcher.
 */
export function findExecutable(name: string, path = process.env['PATH'] ?? '/usr/bin:/bin'): string | undefined {
  const candidates = isAbsolute(name)
    ? [name]
    : path
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; the next directory may have it
    }
  }
  return undefined;
}
