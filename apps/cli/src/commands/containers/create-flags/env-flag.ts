import type { Env } from '../../../config/client-config.js';

/**
 * `-e KEY=value` as given; `-e KEY` takes KEY's value from this shell, and is left out when
 * the shell has none, as docker does.
 */
export function envFlags(entries: readonly string[] | undefined, env: Env): string[] {
  const result: string[] = [];
  for (const entry of entries ?? []) {
    if (entry.includes('=')) result.push(entry);
    else if (env[entry] !== undefined) result.push(`${entry}=${env[entry]}`);
  }
  return result;
}
