// Debian packages that tests and benchmarks need from the host. Installed when missing,
// idempotently, saying what is installed; never silently.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const HOST_PACKAGES = {
  // busybox-static: the seed image and the test bundles' root file system.
  // iproute2: `ip` for network namespace tests.
  // iptables (iptables-save/-restore): the runtime's bridge firewall — isolation, egress NAT and
  // published ports — which the network specs install and check on the real kernel.
  // chromium: the console's end-to-end tests (driven by playwright-core).
  // util-linux (nsenter, ipcmk) and procps (ps): the runtime's isolation tests.
  // attr (setfattr): opaque directories when unpacking image layers; zstd: zstd layers in tests.
  // skopeo, podman: image archive round trips with tools Berth did not write.
  // docker-registry + apache2-utils (htpasswd): a real OCI registry on 127.0.0.1 for pull/push tests.
  // qemu-system-x86: boots Debian's kernel in a VM (emulated, TCG) for the cgroup v2 tests, since this
  // host's kernel is v1 hybrid; the kernel itself is fetched with `apt-get download`, never installed.
  test: [
    'busybox-static',
    'iproute2',
    'iptables',
    'util-linux',
    'procps',
    'attr',
    'zstd',
    'skopeo',
    'docker-registry',
    'apache2-utils',
    'podman',
    'chromium',
    'qemu-system-x86',
  ],
  // The peers the benchmarks compare Berth with.
  // podman and docker.io: the api suite's `podman run --rm` and `docker run --rm` (it starts a
  // dockerd of its own, so docker.io is never needed by the tests, only here).
  // wrk: the network suite's throughput and connection rates (its rows are missing without it);
  // iptables and iproute2: that suite's bridge and published port.
  bench: ['busybox-static', 'util-linux', 'iproute2', 'iptables', 'crun', 'runc', 'umoci', 'skopeo', 'docker-registry', 'podman', 'docker.io', 'wrk'],
};

function installed(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

export function ensureHostPackages(purpose, { log = (line) => console.error(`berth: ${line}`) } = {}) {
  const wanted = HOST_PACKAGES[purpose] ?? [];
  if (!existsSync('/usr/bin/dpkg-query')) {
    log(`not a Debian-based host: make sure these are installed: ${wanted.join(', ')}`);
    return;
  }
  const missing = wanted.filter((name) => !installed(name));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    log(`missing host packages (install them as root): apt-get install ${missing.join(' ')}`);
    return;
  }
  log(`installing host packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

if (import.meta.url === `file://${process.argv[1]}`) ensureHostPackages(process.argv[2] ?? 'test');
