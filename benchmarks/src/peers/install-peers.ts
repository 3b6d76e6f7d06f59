import { spawnSync } from 'node:child_process';
import type { PeerStatus } from './peer-catalogue.js';

/**
 * Installs the Debian packages of missing peers with apt-get (as root, non-interactive, without
 * recommends), refreshing the package lists first so a stale list does not fail the install.
 * Returns what apt-get said when it failed; the peers are listed again afterwards either way.
 */
export function installMissingPackages(peers: readonly PeerStatus[], log: (line: string) => void): string | undefined {
  const packages = [
    ...new Set(peers.filter((peer) => !peer.present && peer.debianPackage && peer.name !== 'Debian kernel for the VM').map((peer) => peer.debianPackage!)),
  ];
  if (packages.length === 0) return undefined;
  if (process.getuid?.() !== 0) return `installing needs root: apt-get install ${packages.join(' ')}`;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`apt-get install ${packages.join(' ')}`);
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...packages],
  ]) {
    const result = spawnSync('apt-get', args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000 });
    if (result.status !== 0)
      return `apt-get ${args[0]} failed: ${(result.stderr || result.stdout || result.error?.message || '').trim().split('\n').slice(-3).join(' | ')}`;
  }
  return undefined;
}
