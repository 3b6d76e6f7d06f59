import { CliError } from '../cli-error.js';

/** `KEY=value` flags (`--label`, `--build-arg`) as a record; the first `=` splits. */
export function keyValues(flag: string, entries: readonly string[] | undefined, options: { allowBareKey?: boolean } = {}): Record<string, string> {
  const result: Record<string, string> = {};
  for (const entry of entries ?? []) {
    const at = entry.indexOf('=');
    if (at === 0 || (at === -1 && !options.allowBareKey)) throw new CliError('INVALID_OPTION', `${flag} takes KEY=value, not "${entry}"`);
    if (at === -1) result[entry] = '';
    else result[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return result;
}

/**
 * `--filter key=value` flags, as docker takes them: several values of one key are
 * alternatives. Keys outside `known` are refused with the list of those that work.
 */
export function filters(entries: readonly string[] | undefined, known: readonly string[]): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const entry of entries ?? []) {
    const at = entry.indexOf('=');
    const key = at === -1 ? entry : entry.slice(0, at);
    if (at <= 0 || !known.includes(key))
      throw new CliError('INVALID_FILTER', `--filter takes one of ${known.map((name) => `${name}=…`).join(', ')}; not "${entry}"`);
    (result[key] ??= []).push(entry.slice(at + 1));
  }
  return result;
}
