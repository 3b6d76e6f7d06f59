import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGES_HOST_TOOLS } from '@berth/images';
import { RUNTIME_HOST_TOOLS } from '@berth/runtime';
import type { HostTool } from '@berth/runtime/model';
import { defaultKernelCache, findStaticBusybox, type KernelImage } from '@berth/runtime/testing';
import BENCHMARK_TOOLS from '../host-tools.json' with { type: 'json' };
import { kvmBootFailure, vmUnavailable } from '../vm/vm-availability.js';
import { findBinary } from './find-binary.js';
import { installedVersion, kernelPackageOf, versionLine } from './peer-output.js';

/** One thing the suites compare Berth with or run on, as found on this host. */
export interface PeerStatus {
  name: string;
  /** What provides it on Debian; none for what no package gives (KVM). */
  debianPackage?: string;
  present: boolean;
  /** The version it reports (or its package's), when present. */
  version?: string;
  /** Why it is missing, when it is. */
  reason?: string;
  /** Which suites use it. */
  usedBy: string;
}

interface BinaryPeer {
  name: string;
  debianPackage: string;
  binary: string;
  versionArgs: string[];
  usedBy: string;
}

/** The peers that are a binary from a Debian package: the entries of host-tools.json with a `peer`. */
export const BINARY_PEERS: readonly BinaryPeer[] = BENCHMARK_TOOLS.tools.flatMap((entry) =>
  'peer' in entry && entry.peer
    ? [{ name: entry.peer.name, debianPackage: entry.package, binary: entry.tool, versionArgs: entry.peer.versionArgs, usedBy: entry.capabilities.join(', ') }]
    : [],
);

/**
 * Berth's own host tools (what the server spawns, from the runtime's and images' lists), one
 * row per Debian package: a suite that runs Berth needs them as much as it needs the peers.
 */
export function berthToolPeers(): PeerStatus[] {
  const byPackage = new Map<string, HostTool[]>();
  for (const tool of [...RUNTIME_HOST_TOOLS, ...IMAGES_HOST_TOOLS]) {
    if (tool.optional) continue;
    byPackage.set(tool.package, [...(byPackage.get(tool.package) ?? []), tool]);
  }
  return [...byPackage].map(([debianPackage, tools]) => {
    const base = { name: `berth: ${debianPackage}`, debianPackage, usedBy: [...new Set(tools.flatMap((tool) => tool.capabilities))].join(', ') };
    const missing = tools.filter((tool) => (tool.path ? !existsSync(tool.path) : !findBinary(tool.tool))).map((tool) => tool.tool);
    if (missing.length > 0) return { ...base, present: false, reason: `${missing.join(', ')} not installed (apt-get install ${debianPackage})` };
    const version = packageVersion(debianPackage);
    return { ...base, present: true, version: version ?? `${tools.map((tool) => tool.tool).join(', ')} on PATH` };
  });
}

export const KERNEL_META_PACKAGE = 'linux-image-amd64';

/** Every peer and fixture source, present or missing with the reason. Reads only; `probeKvm` boots one VM (at most 15 s). */
export async function listPeers(options: { probeKvm: boolean; kernel?: KernelImage }): Promise<PeerStatus[]> {
  const peers = BINARY_PEERS.map(binaryPeer);
  peers.push(...berthToolPeers(), busyboxPeer(), kernelPeer());
  peers.push(await kvmPeer(options.probeKvm, options.kernel));
  return peers;
}

function binaryPeer(peer: BinaryPeer): PeerStatus {
  const base = { name: peer.name, debianPackage: peer.debianPackage, usedBy: peer.usedBy };
  const path = findBinary(peer.binary);
  const packaged = packageVersion(peer.debianPackage);
  if (!path) {
    const reason = packaged
      ? `${peer.debianPackage} ${packaged} is installed but ${peer.binary} is not on PATH`
      : `not installed (apt-get install ${peer.debianPackage})`;
    return { ...base, present: false, reason };
  }
  const result = spawnSync(path, peer.versionArgs, { encoding: 'utf8', timeout: 10_000 });
  // wrk -v exits 1 after printing its version; any output with a version counts.
  const version = versionLine(`${result.stdout ?? ''}\n${result.stderr ?? ''}`);
  if (!version)
    return {
      ...base,
      present: false,
      reason: `${path} ${peer.versionArgs.join(' ')} printed no version: ${result.error?.message ?? result.stderr?.trim().slice(0, 200) ?? ''}`,
    };
  return { ...base, present: true, version: packaged ? `${version} (package ${packaged})` : version };
}

function busyboxPeer(): PeerStatus {
  const base = { name: 'busybox-static', debianPackage: 'busybox-static', usedBy: 'every suite (bundles, seed image, initramfs)' };
  let path: string;
  try {
    path = findStaticBusybox();
  } catch (error) {
    return { ...base, present: false, reason: (error as Error).message };
  }
  const result = spawnSync(path, [], { encoding: 'utf8', timeout: 10_000 });
  return { ...base, present: true, version: versionLine(`${result.stdout}\n${result.stderr}`) ?? path };
}

/** Debian's kernel for the VMs: downloaded and unpacked into the kernel cache, never installed on the host. */
function kernelPeer(): PeerStatus {
  const base = { name: 'Debian kernel for the VM', debianPackage: KERNEL_META_PACKAGE, usedBy: 'start, ready, density, overhead (VM rows)' };
  const depends = spawnSync('apt-cache', ['depends', KERNEL_META_PACKAGE], { encoding: 'utf8', timeout: 30_000 });
  const name = kernelPackageOf(depends.stdout ?? '');
  if (!name) return { ...base, present: false, reason: `apt-cache depends ${KERNEL_META_PACKAGE} names no kernel package (run apt-get update)` };
  const dir = join(defaultKernelCache(), name);
  if (!existsSync(join(dir, '.complete')))
    return { ...base, present: false, reason: `${name} is not unpacked in ${defaultKernelCache()} (bench peers --install downloads it)` };
  return { ...base, present: true, version: `${name}, unpacked in ${dir}` };
}

async function kvmPeer(probe: boolean, kernel: KernelImage | undefined): Promise<PeerStatus> {
  const base = { name: 'KVM', usedBy: 'the (KVM) VM rows; TCG rows need none' };
  const unavailable = vmUnavailable('kvm');
  if (unavailable) return { ...base, present: false, reason: unavailable };
  if (!probe || !kernel)
    return { ...base, present: false, reason: '/dev/kvm exists, but booting a stock kernel was not tried (it needs the Debian kernel for the VM)' };
  const failure = await kvmBootFailure(kernel);
  return failure ? { ...base, present: false, reason: failure } : { ...base, present: true, version: "boots Debian's kernel (-M microvm -accel kvm)" };
}

function packageVersion(name: string): string | undefined {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}\t${Version}', name], { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 ? installedVersion(result.stdout) : undefined;
}
