import type { Descriptor } from '../store/oci-types.js';
import { ImageError } from '../image-error.js';

/** An OCI platform as image indexes name it: `linux/amd64`, `linux/arm/v7`. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

// Node's names for CPUs differ from Go's, which images use.
const GO_ARCH: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
// The variant an index entry without one means, so `linux/arm64` matches `linux/arm64/v8`.
const DEFAULT_VARIANT: Record<string, string> = { arm64: 'v8', arm: 'v7' };

export function parsePlatform(text: string): Platform {
  const [os, architecture, variant, extra] = text.trim().toLowerCase().split('/');
  if (!os || !architecture || extra !== undefined) {
    throw new ImageError('INVALID_PLATFORM', `"${text}" is not a platform; expected os/architecture[/variant], like linux/arm64`);
  }
  return variant ? { os, architecture, variant } : { os, architecture };
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** The platform this machine runs: what `docker pull` picks when none is asked for. */
export function hostPlatform(): Platform {
  const architecture = GO_ARCH[process.arch] ?? process.arch;
  // Node cannot tell armv6 from armv7; v7 is what Debian's armhf and nearly every arm image is.
  return architecture === 'arm' ? { os: 'linux', architecture, variant: 'v7' } : { os: 'linux', architecture };
}

/**
 * Picks the index entry for a platform. An exact variant wins; an entry without a variant
 * stands for the architecture's default one. Entries that are not images for any platform
 * (attestations use `unknown/unknown`) never match, since no one asks for that.
 */
export function selectPlatform(manifests: Descriptor[], wanted: Platform): Descriptor {
  const variant = wanted.variant ?? DEFAULT_VARIANT[wanted.architecture];
  const candidates = manifests.filter((entry) => entry.platform?.os === wanted.os && entry.platform.architecture === wanted.architecture);
  const match =
    candidates.find((entry) => (entry.platform?.variant ?? DEFAULT_VARIANT[wanted.architecture]) === variant) ??
    // Asked for no particular variant: any build for the architecture will do.
    (wanted.variant ? undefined : candidates[0]);
  if (!match) {
    const available = manifests
      .filter((entry) => entry.platform)
      .map((entry) => formatPlatform(entry.platform!))
      .filter((name) => name !== 'unknown/unknown');
    throw new ImageError(
      'PLATFORM_NOT_FOUND',
      `the image has no build for ${formatPlatform(wanted)}; available: ${available.length > 0 ? available.join(', ') : 'none'}`,
    );
  }
  return match;
}
