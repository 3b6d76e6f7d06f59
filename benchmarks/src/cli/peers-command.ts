import { obtainDebianKernel, type KernelImage } from '@berth/runtime/testing';
import { buildSharedFixtures } from '../fixtures/shared-fixtures.js';
import { installMissingPackages } from '../peers/install-peers.js';
import { listPeers, type PeerStatus } from '../peers/peer-catalogue.js';

export interface PeersOptions {
  install?: boolean;
  json?: boolean;
}

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/**
 * `bench peers [--install] [--json]`: every peer present (with its version) or missing (with
 * why). With --install, first installs the missing Debian packages, unpacks Debian's kernel into
 * the cache and builds the shared fixtures (busybox bundle, busybox initramfs). Exits 1 when
 * --install leaves something missing that it was meant to provide.
 */
export async function peersCommand(options: PeersOptions): Promise<number> {
  let installError: string | undefined;
  let kernel: KernelImage | undefined;
  if (options.install) {
    installError = installMissingPackages(await listPeers({ probeKvm: false }), log);
    if (installError) log(installError);
    kernel = await obtainDebianKernel().catch((error: unknown) => {
      log(`no kernel for the VM: ${(error as Error).message}`);
      return undefined;
    });
  } else {
    // Listing only reads: the cached kernel, if any, for the KVM probe; nothing downloaded.
    kernel = await cachedKernel();
  }
  const peers = await listPeers({ probeKvm: kernel !== undefined, kernel });
  const fixtures = options.install ? await buildSharedFixtures(kernel) : undefined;
  if (options.json) process.stdout.write(`${JSON.stringify({ peers, fixtures }, null, 2)}\n`);
  else process.stdout.write(`${formatPeers(peers)}\n${fixtures ? `fixtures: ${fixtures.bundle}, ${fixtures.initramfs}\n` : ''}`);
  const stillMissing = peers.filter((peer) => !peer.present && peer.debianPackage);
  return options.install && (installError || stillMissing.length > 0) ? 1 : 0;
}

async function cachedKernel(): Promise<KernelImage | undefined> {
  const peers = await listPeers({ probeKvm: false });
  if (!peers.find((peer) => peer.name === 'Debian kernel for the VM')?.present) return undefined;
  // In the cache already, so this neither downloads nor unpacks anything.
  return obtainDebianKernel().catch(() => undefined);
}

export function formatPeers(peers: readonly PeerStatus[]): string {
  const width = Math.max(...peers.map((peer) => peer.name.length));
  return peers
    .map((peer) => `${peer.name.padEnd(width)}  ${peer.present ? `present  ${peer.version ?? ''}` : `MISSING  ${peer.reason ?? ''}`}`.trimEnd())
    .join('\n');
}
