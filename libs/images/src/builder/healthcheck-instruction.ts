import type { ImageHealthcheck } from '../store/oci-types.js';

/**
 * `HEALTHCHECK [--interval=D] [--timeout=D] [--start-period=D] [--start-interval=D]
 * [--retries=N] CMD …` and `HEALTHCHECK NONE`, as Docker's builder reads them: the exec form
 * becomes `["CMD", …]`, the shell form `["CMD-SHELL", "…"]`, durations Go durations stored
 * in nanoseconds (0, left out, means the default). No variable substitution, as in Docker.
 * Throws plain errors; the parser adds the line.
 */
export function parseHealthcheck(rest: string): ImageHealthcheck {
  const words = rest.split(/\s+/);
  const check: ImageHealthcheck = {};
  let index = 0;
  for (; index < words.length && words[index]!.startsWith('--'); index++) readFlag(words[index]!, check);
  const kind = words[index]?.toUpperCase();
  const command = rest.slice(rest.indexOf(words[index] ?? '') + (words[index]?.length ?? 0)).trim();
  if (kind === 'NONE') {
    if (index > 0 || command !== '') throw new Error('HEALTHCHECK NONE takes no options or arguments');
    return { Test: ['NONE'] };
  }
  if (kind !== 'CMD') throw new Error('HEALTHCHECK takes options, then CMD and a command (or NONE)');
  if (command === '') throw new Error('HEALTHCHECK CMD needs a command');
  const exec = execForm(command);
  return { Test: exec ? ['CMD', ...exec] : ['CMD-SHELL', command], ...check };
}

const FLAGS: Record<string, keyof ImageHealthcheck> = {
  interval: 'Interval',
  timeout: 'Timeout',
  'start-period': 'StartPeriod',
  'start-interval': 'StartInterval',
  retries: 'Retries',
};

function readFlag(word: string, check: ImageHealthcheck): void {
  const match = /^--([a-z-]+)=(.*)$/.exec(word);
  const field = match ? FLAGS[match[1]!] : undefined;
  if (!match || !field) throw new Error(`unknown HEALTHCHECK option ${word} (--interval, --timeout, --start-period, --start-interval, --retries)`);
  const value = match[2]!;
  if (field === 'Retries') {
    if (!/^\d+$/.test(value)) throw new Error(`--retries=${value}: a whole number`);
    check.Retries = Number(value);
    return;
  }
  const nanos = goDuration(value);
  // Docker's builder refuses below 1 ms (0 keeps the default).
  if (nanos === undefined || (nanos !== 0 && nanos < 1_000_000)) throw new Error(`--${match[1]}=${value}: a duration of at least 1ms (30s, 1m30s, 500ms)`);
  (check as Record<string, number>)[field] = nanos;
}

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** A Go duration (`1m30s`, `1.5s`, `500ms`, `0`) in nanoseconds; undefined when it is not one. */
export function goDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, , unit] of text.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(amount) * UNIT_NS[unit!]!;
  return Math.round(total);
}

function execForm(text: string): string[] | undefined {
  if (!text.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.length > 0 && parsed.every((item) => typeof item === 'string')) return parsed as string[];
  } catch {
    // Not JSON: the shell form, as Docker falls back to.
  }
  return undefined;
}
