import { CliError } from '../../../cli-error.js';

/** One side of `berth cp`: a local path (or `-`), or a path in a container. */
export type CpTarget = { kind: 'local'; path: string } | { kind: 'container'; container: string; path: string };

/**
 * docker's rule: `NAME:PATH` is in a container unless the argument starts with `/` or `.`
 * (a local path that happens to hold a colon, like `./a:b`).
 */
export function parseCpTarget(arg: string): CpTarget {
  if (arg === '-' || arg.startsWith('/') || arg.startsWith('.')) return { kind: 'local', path: arg };
  const colon = arg.indexOf(':');
  if (colon < 0) return { kind: 'local', path: arg };
  const container = arg.slice(0, colon);
  const path = arg.slice(colon + 1);
  if (container === '' || path === '') throw new CliError('INVALID_ARGUMENT', `${arg}: write the container side as CONTAINER:PATH`);
  return { kind: 'container', container, path };
}

/** Exactly one side is a container: the direction of the copy. */
export function cpDirection(source: CpTarget, destination: CpTarget): 'out' | 'in' {
  if (source.kind === 'container' && destination.kind === 'local') return 'out';
  if (source.kind === 'local' && destination.kind === 'container') return 'in';
  throw new CliError('INVALID_ARGUMENT', 'copy between a container and the local file system: exactly one side must be CONTAINER:PATH');
}
