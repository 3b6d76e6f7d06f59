import type { Request } from 'express';
import { dockerErrors } from './docker-errors.js';

/** Docker's booleans in a query: `1`, `true`, `True` are true; absent or anything else false. */
export function queryFlag(request: Request, name: string, fallback = false): boolean {
  const value = request.query[name];
  if (typeof value !== 'string') return fallback;
  return value === '1' || value.toLowerCase() === 'true';
}

export function queryText(request: Request, name: string): string | undefined {
  const value = request.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A whole number from the query, or a 400 that names it. */
export function queryInteger(request: Request, name: string): number | undefined {
  const text = queryText(request, name);
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) throw dockerErrors.badRequest(`${name}=${text} is not a whole number`);
  return Number(text);
}

/**
 * Docker's `filters` parameter: JSON of `{"name": ["web"]}` — or, from old clients,
 * `{"name": {"web": true}}`.
 */
export function queryFilters(request: Request): Record<string, string[]> {
  const text = queryText(request, 'filters');
  if (text === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw dockerErrors.badRequest(`filters is not JSON: ${text}`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw dockerErrors.badRequest('filters must be a JSON object');
  return Object.fromEntries(
    Object.entries(parsed as Record<string, unknown>).map(([key, value]) => [key, Array.isArray(value) ? value.map(String) : Object.keys(value as object)]),
  );
}

/** Unix seconds (with an optional fraction), as `since`/`until` are sent. */
export function queryTime(request: Request, name: string): Date | undefined {
  const text = queryText(request, name);
  if (text === undefined || text === '0') return undefined;
  const seconds = Number(text);
  if (!Number.isFinite(seconds)) throw dockerErrors.badRequest(`${name}=${text} is not unix seconds`);
  return new Date(seconds * 1000);
}

const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:h|m|s|ms))+$/;
const DURATION_UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/**
 * A time in a filter, as the daemon reads `until=`: unix seconds, RFC 3339, or a Go
 * duration (`24h`, `1h30m`) counted back from now.
 */
export function filterTime(name: string, text: string, now = Date.now()): Date {
  if (/^\d+(\.\d+)?$/.test(text)) return new Date(Number(text) * 1000);
  if (GO_DURATION.test(text)) {
    let ms = 0;
    for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) ms += Number(amount) * DURATION_UNIT_MS[unit!]!;
    return new Date(now - ms);
  }
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) throw dockerErrors.badRequest(`${name}=${text} is not a time: use unix seconds, RFC 3339 or a duration such as 24h`);
  return new Date(parsed);
}
