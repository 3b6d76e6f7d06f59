// Debian packages that the server, the tests and the benchmarks need from the host. Installed
// when missing, idempotently, saying what is installed; never silently.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { packagesOf, SERVER_PARTS } from './host-tools.mjs';

// What only the tests spawn (from their own fixtures), beyond what the server spawns:
// busybox-static: the test bundles' root file system.
// containerd (with ctr and its runc v2 shim): the runtime's containerd test drives berth-runtime as
// Kubernetes would, through a private daemon the test starts itself.
// util-linux (nsenter, ipcmk, setpriv) and procps (ps): the runtime's isolation tests.
// zstd: zstd layers in tests.
// skopeo, podman: image archive round trips with tools Berth did not write.
// docker-registry + apache2-utils (htpasswd): a real OCI registry on 127.0.0.1 for pull/push tests.
// docker-compose (1.29, Python): the Docker Engine API's tests run a Compose project against Berth's socket.
// chromium: the console's end-to-end tests (driven by playwright-core).
// qemu-system-x86: boots Debian's kernel in a VM (emulated, TCG) for the cgroup v2 tests, since this
// host's kernel is v1 hybrid; the kernel itself is fetched with `apt-get download`, never installed.
const TEST_ONLY = [
  'busybox-static',
  'containerd',
  'util-linux',
  'procps',
  'zstd',
  'skopeo',
  'docker-registry',
  'apache2-utils',
  'podman',
  'docker-compose',
  'chromium',
  'qemu-system-x86',
];

/** Packages per purpose: the server's come from the parts' host-tools.json lists. */
export function hostPackages(purpose) {
  const server = packagesOf(SERVER_PARTS);
  if (purpose === 'server') return server;
  if (purpose === 'test') return [...new Set([...server, ...TEST_ONLY])];
  if (purpose === 'bench') return [...new Set([...server, ...packagesOf(['benchmarks'])])];
  throw new Error(`unknown purpose ${purpose}: server, test or bench`);
}

function installed(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/**
 * Installs what `purpose` needs and is missing. With `required: false` (npm start) a host
 * where that cannot happen gets one line naming the command, and the caller goes on: the
 * server starts with the capabilities it has and names the missing ones itself.
 */
export function ensureHostPackages(purpose, { log = (line) => console.error(`berth: ${line}`), required = true } = {}) {
  const wanted = hostPackages(purpose);
  if (!existsSync('/usr/bin/dpkg-query')) {
    log(`not a Debian-based host: make sure these are installed: ${wanted.join(', ')}`);
    return;
  }
  const missing = wanted.filter((name) => !installed(name));
  if (missing.length === 0) return;
  const command = `apt-get install ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    log(`missing host packages; install them as root: ${command}`);
    return;
  }
  log(`installing host packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  } catch (error) {
    if (required) throw error;
    log(`could not install host packages (${error.message.split('\n')[0]}); run as root: ${command}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureHostPackages(process.argv[2] ?? 'test');
