import type { MountRequest } from '@berth/contracts';
import { CliError } from '../../../cli-error.js';

/**
 * `-v NAME:/path[:ro]` (a named volume, made when missing) or `-v /host:/path[:ro]` (a bind
 * mount; the server allows it to admins only). A source starting with `/` is a host path,
 * as in docker.
 */
export function volumeFlag(spec: string): MountRequest {
  const parts = spec.split(':');
  if (parts.length === 1) {
    throw new CliError(
      'INVALID_OPTION',
      `-v ${spec}: anonymous volumes are not supported; name one (-v data:${spec}) or bind a host path (-v /srv/data:${spec})`,
    );
  }
  if (parts.length > 3 || !parts[0] || !parts[1]) throw new CliError('INVALID_OPTION', `-v takes NAME:/path[:ro] or /host/path:/path[:ro], not "${spec}"`);
  const [source, target, mode] = parts as [string, string, string | undefined];
  return { type: source.startsWith('/') ? 'bind' : 'volume', source, target, readOnly: readOnlyMode('-v', spec, mode) };
}

/** `--tmpfs /path[:size=64m][,ro]`: a memory-backed directory, gone when the container stops. */
export function tmpfsFlag(spec: string): MountRequest {
  const at = spec.indexOf(':');
  const target = at === -1 ? spec : spec.slice(0, at);
  const mount: MountRequest = { type: 'tmpfs', target, readOnly: false };
  for (const option of at === -1 ? [] : spec.slice(at + 1).split(',')) {
    if (option.startsWith('size=')) mount.tmpfsSize = option.slice('size='.length);
    else mount.readOnly = readOnlyMode('--tmpfs', spec, option) || mount.readOnly;
  }
  return mount;
}

function readOnlyMode(flag: string, spec: string, mode: string | undefined): boolean {
  if (mode === undefined || mode === '' || mode === 'rw') return false;
  if (mode === 'ro') return true;
  throw new CliError('INVALID_OPTION', `${flag} ${spec}: "${mode}" is not a mount option Berth knows; use ro or rw${flag === '--tmpfs' ? ' and size=' : ''}`);
}
