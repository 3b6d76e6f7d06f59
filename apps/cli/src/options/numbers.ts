import { CliError } from '../cli-error.js';

/** A whole number flag (`--tail 20`, `-t 5`); anything else is refused, naming the flag. */
export function parseInteger(flag: string, min = 0): (text: string) => number {
  return (text) => {
    if (!/^-?\d+$/.test(text.trim()) || Number(text) < min)
      throw new CliError('INVALID_OPTION', `${flag} takes a whole number of at least ${min}, not "${text}"`);
    return Number(text);
  };
}
