import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MissingPeer, missingSubject, type Subject } from '../subjects/subject.js';
import { CAP_SYS_RESOURCE, hasEffectiveCapability } from './capabilities.js';
import { binaryVersion, findBinary } from './find-binary.js';
import { hostHasHybridCgroups } from './hybrid-cgroup-namespace.js';
import { killProcessesUsing } from './processes-using.js';
import { processOutput, runProcess } from './run-process.js';
import { unmountUnder } from './unmount-under.js';

const NAME = 'podman run --rm';

/**
 * Debian's podman on a private storage (`--root`, `--runroot`, `--tmpdir` in `dir`, so the
 * host's /var/lib/containers is left alone), cgroupfs and a file events log (no systemd
 * here), the image loaded from the same `docker save` archive the other subjects use.
 * One sample: `podman run --rm --network none busybox /bin/true`.
 */
export function podmanRun(archive: string, dir: string, environment: Record<string, string>, log: (line: string) => void): Subject {
  const podman = findBinary('podman');
  const method = 'podman run --rm --network none --pull never busybox /bin/true';
  if (!podman) return missingSubject(NAME, method, 'podman is not installed (apt-get install podman)');

  const global = [
    '--root',
    join(dir, 'root'),
    '--runroot',
    join(dir, 'runroot'),
    '--tmpdir',
    join(dir, 'tmp'),
    '--cgroup-manager',
    'cgroupfs',
    '--events-backend',
    'file',
  ];
  const extra: string[] = [];
  const notes: string[] = [];
  if (hostHasHybridCgroups()) {
    // Debian's crun 1.8.1, podman's default runtime, refuses a hybrid cgroup layout ("cgroups
    // in hybrid mode not supported"); runc, the runtime docker uses too, does not.
    const runc = findBinary('runc');
    if (!runc) return missingSubject(NAME, method, 'crun refuses this host’s hybrid cgroups and runc is not installed (apt-get install runc)');
    global.push('--runtime', runc);
    notes.push('runtime runc (crun refuses hybrid cgroups)');
  }
  if (!hasEffectiveCapability(CAP_SYS_RESOURCE)) {
    // As root podman asks for nofile and nproc limits of 1048576, above the hard limits, which
    // only CAP_SYS_RESOURCE may do. nofile 1024 is what Berth's OCI spec sets; nproc stays under
    // the 32768 conmon runs with here. /bin/true opens and forks nothing, so neither changes the cost.
    extra.push('--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=4096:4096');
    notes.push('--ulimit nofile=1024:1024 --ulimit nproc=4096:4096 (no CAP_SYS_RESOURCE)');
  }
  const runArgs = [...global, 'run', '--rm', '--network', 'none', '--pull', 'never', ...extra, 'busybox', '/bin/true'];

  const removeStorage = async () => {
    killProcessesUsing(dir, log); // a conmon outliving its container names the storage in its arguments
    unmountUnder(dir);
    await rm(dir, { recursive: true, force: true });
  };

  return {
    name: NAME,
    method: ['podman --root/--runroot/--tmpdir <private dir>', ...global.slice(6), 'run --rm --network none --pull never', ...extra, 'busybox /bin/true'].join(
      ' ',
    ),
    async setup() {
      await mkdir(dir, { recursive: true });
      try {
        await runProcess(podman, [...global, 'load', '--quiet', '--input', archive]);
        environment['podman'] = `${binaryVersion(podman)}; ${notes.join('; ') || 'default runtime and limits'}`;
        environment['podman image'] = await processOutput(podman, [...global, 'image', 'inspect', '--format', '{{.Id}}', 'busybox']);
        environment['podman storage'] = await processOutput(podman, [...global, 'info', '--format', '{{.Store.GraphDriverName}}']);
        // One container before measuring: a podman that cannot run containers here is a missing peer, not a failed sample.
        await runProcess(podman, runArgs);
      } catch (error) {
        await removeStorage();
        throw new MissingPeer(`podman cannot run a container here: ${(error as Error).message}`);
      }
    },
    run: () => runProcess(podman, runArgs),
    teardown: removeStorage,
  };
}
