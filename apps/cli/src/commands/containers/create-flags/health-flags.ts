import type { HealthcheckRequest } from '@berth/contracts';
import { CliError } from '../../../cli-error.js';

/** The healthcheck flags of `run` and `create`, as commander hands them over. */
export interface HealthFlags {
  healthCmd?: string;
  healthInterval?: string;
  healthTimeout?: string;
  healthRetries?: number;
  healthStartPeriod?: string;
  healthStartInterval?: string;
  /** Commander's `--no-healthcheck`: false when given. */
  healthcheck?: boolean;
}

/**
 * `--health-cmd` and friends as the create request's `healthcheck`, the way docker's CLI
 * builds it: the command runs through the container's shell (CMD-SHELL), any option alone
 * tunes the image's check, `--no-healthcheck` disables it (and cannot be combined).
 */
export function healthcheckOf(flags: HealthFlags): HealthcheckRequest | undefined {
  const tuning: HealthcheckRequest = {};
  setDefined(tuning, {
    intervalMs: duration('--health-interval', flags.healthInterval),
    timeoutMs: duration('--health-timeout', flags.healthTimeout),
    retries: flags.healthRetries,
    startPeriodMs: duration('--health-start-period', flags.healthStartPeriod),
    startIntervalMs: duration('--health-start-interval', flags.healthStartInterval),
  });
  if (flags.healthcheck === false) {
    if (flags.healthCmd !== undefined || Object.keys(tuning).length > 0) {
      throw new CliError('INVALID_OPTION', '--no-healthcheck conflicts with the --health-* options');
    }
    return { test: ['NONE'] };
  }
  if (flags.healthCmd !== undefined) {
    if (flags.healthCmd.trim() === '') throw new CliError('INVALID_OPTION', '--health-cmd takes a command');
    return { test: ['CMD-SHELL', flags.healthCmd], ...tuning };
  }
  return Object.keys(tuning).length > 0 ? tuning : undefined;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A docker duration flag (`30s`, `1m30s`, `500ms`, `0s` for the default) in milliseconds. */
function duration(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = text.trim();
  if (value === '0') return 0;
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(value)) throw new CliError('INVALID_OPTION', `${flag} takes a duration (30s, 1m30s, 500ms), not "${text}"`);
  let total = 0;
  for (const [, amount, , unit] of value.matchAll(/(\d+(\.\d+)?)(ms|s|m|h)/g)) total += Number(amount) * UNIT_MS[unit!]!;
  return Math.round(total);
}

function setDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values)) if (value !== undefined) (target as Record<string, unknown>)[key] = value;
}
