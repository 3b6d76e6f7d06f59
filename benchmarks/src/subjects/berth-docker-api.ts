import { join } from 'node:path';
import { binaryVersion, findBinary } from '../peers/find-binary.js';
import { runProcess } from '../peers/run-process.js';
import { missingSubject, type Subject } from './subject.js';

const NAME = 'docker run --rm → berth';
const RUN = ['run', '--rm', '--network', 'none', '--pull', 'never', 'busybox', '/bin/true'];

/**
 * The stock docker client against Berth's Docker Engine API socket: the same command, the
 * same client binary and the same image as the dockerd subject, so the difference between
 * the two rows is the engine behind the socket.
 */
export function berthDockerApi(socket: string, dir: string, environment: Record<string, string>): Subject {
  const method = `docker -H unix://<berth docker.sock> ${RUN.join(' ')}`;
  // The client the dockerd subject uses (docker.io's when installed), so only the daemon differs.
  const docker = findBinary('docker', '/usr/bin') ?? findBinary('docker');
  if (!docker) return missingSubject(NAME, method, 'no docker client (apt-get install docker.io, or the static client in /usr/local/bin)');
  const env = { ...process.env, DOCKER_CONFIG: join(dir, 'client') };
  const args = ['-H', `unix://${socket}`, ...RUN];
  return {
    name: NAME,
    method,
    async setup() {
      environment['docker client → berth'] = `${binaryVersion(docker)} on ${socket}`;
      await runProcess(docker, args, { env });
    },
    run: () => runProcess(docker, args, { env }),
  };
}
