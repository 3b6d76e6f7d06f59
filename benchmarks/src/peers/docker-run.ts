import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MissingPeer, missingSubject, type Subject } from '../subjects/subject.js';
import { startDockerd, type Dockerd } from './dockerd.js';
import { binaryVersion, findBinary } from './find-binary.js';
import { processOutput, runProcess } from './run-process.js';

const NAME = 'docker run --rm';
const RUN = ['run', '--rm', '--network', 'none', '--pull', 'never', 'busybox', '/bin/true'];

/**
 * Debian's docker.io: the benchmark starts a dockerd of its own for this subject only (see
 * dockerd.ts), loads the same `docker save` archive, and stops the daemon afterwards. One
 * sample: `docker run --rm --network none busybox /bin/true` through that daemon.
 */
export function dockerRun(archive: string, dir: string, environment: Record<string, string>, log: (line: string) => void): Subject {
  const method = `docker -H unix://<private dockerd> ${RUN.join(' ')}`;
  const dockerd = findBinary('dockerd');
  // Debian's client is /usr/bin/docker. Another client earlier on PATH (this kind of machine
  // ships a static one in /usr/local/bin) would not be docker.io's, so that directory comes first.
  const docker = findBinary('docker', '/usr/bin') ?? findBinary('docker');
  if (!dockerd || !docker) {
    return missingSubject(NAME, method, 'docker.io is not installed (apt-get install docker.io; `npm run bench` installs it)');
  }
  if (process.getuid?.() !== 0) return missingSubject(NAME, method, 'dockerd needs root, and this benchmark runs as another user');

  let daemon: Dockerd | undefined;
  // The client's own settings directory, so ~/.docker is neither read nor written.
  const env = { ...process.env, DOCKER_CONFIG: join(dir, 'client') };
  const viaDaemon = (args: string[]) => ['-H', daemon!.host, ...args];

  const stop = async () => {
    await daemon?.stop();
    daemon = undefined;
    await rm(dir, { recursive: true, force: true });
  };

  return {
    name: NAME,
    method,
    async setup() {
      await mkdir(dir, { recursive: true });
      try {
        daemon = await startDockerd(dockerd, dir, log);
        await runProcess(docker, viaDaemon(['load', '--quiet', '--input', archive]), { env });
        environment['docker'] = `client ${binaryVersion(docker)}; daemon ${binaryVersion(dockerd)}; storage driver ${daemon.storageDriver}`;
        environment['docker image'] = await processOutput(docker, viaDaemon(['image', 'inspect', '--format', '{{.Id}}', 'busybox']), { env });
        // One container before measuring: a docker that cannot run containers here is a missing peer, not a failed sample.
        await runProcess(docker, viaDaemon(RUN), { env });
      } catch (error) {
        await stop();
        throw new MissingPeer(`docker cannot run a container here: ${(error as Error).message}`);
      }
    },
    run: () => runProcess(docker, viaDaemon(RUN), { env }),
    teardown: stop,
  };
}
