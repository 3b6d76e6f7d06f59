import { isIP } from 'node:net';
import { RuntimeError } from '../model/runtime-error.js';

export interface HostsEntry {
  /** IPv4 or IPv6 address. */
  address: string;
  /** Host names for it, first the canonical one (e.g. the container name, then aliases). */
  names: string[];
}

export interface HostsFileOptions {
  /** Start with the usual localhost and IPv6 lines, as Docker's /etc/hosts does; default true. */
  loopback?: boolean;
}

const LOOPBACK_LINES = [
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::0\tip6-localnet',
  'ff00::0\tip6-mcastprefix',
  'ff02::1\tip6-allnodes',
  'ff02::2\tip6-allrouters',
];

/** RFC 1123 labels (letters, digits, hyphens; no leading or trailing hyphen), dot separated. */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * The text of a container's /etc/hosts. Pure: the API decides who is in it and writes the
 * file; the runtime does no name resolution. Names are validated because one with a space or
 * a `#` would silently add or hide entries for every resolver reading the file.
 */
export function renderHostsFile(entries: HostsEntry[], options: HostsFileOptions = {}): string {
  const lines = options.loopback === false ? [] : [...LOOPBACK_LINES];
  for (const [index, entry] of entries.entries()) {
    if (isIP(entry.address) === 0) throw new RuntimeError('INVALID_ARGUMENT', `hosts[${index}].address: "${entry.address}" is not an IP address`);
    if (entry.names.length === 0) throw new RuntimeError('INVALID_ARGUMENT', `hosts[${index}].names: give at least one name`);
    for (const name of entry.names) {
      if (!HOST_NAME.test(name))
        throw new RuntimeError('INVALID_ARGUMENT', `hosts[${index}].names: "${name}" is not a valid host name (letters, digits, '-', '.')`);
    }
    lines.push(`${entry.address}\t${entry.names.join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}
