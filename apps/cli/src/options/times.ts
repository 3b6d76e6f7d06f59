import { CliError } from '../cli-error.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * `--since` / `--until` as docker takes them: a Go duration before now (`10m`, `1h30m`,
 * `1.5h`), unix seconds, or a date (`2024-05-01`, RFC 3339). The API takes unix seconds or
 * RFC 3339, so a relative time is resolved here, against this machine's clock.
 */
export function toApiTime(flag: string, text: string, now = Date.now()): string {
  const value = text.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return value;
  const duration = parseDuration(value);
  if (duration !== undefined) return ((now - duration) / 1000).toFixed(3);
  const at = Date.parse(value);
  if (!Number.isNaN(at)) return new Date(at).toISOString();
  throw new CliError('INVALID_TIME', `${flag} takes a duration (10m, 1h30m), unix seconds or a date (2024-05-01T12:00:00Z), not "${text}"`);
}

function parseDuration(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, , unit] of text.matchAll(/(\d+(\.\d+)?)(ms|s|m|h)/g)) total += Number(amount) * UNIT_MS[unit!]!;
  return total;
}
