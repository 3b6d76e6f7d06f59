import { Logger } from '@nestjs/common';
import type { RegistryAuthRequest } from '@berth/contracts';
import type { ImageRegistryService } from '../images/image-registry.service.js';
import { DockerError, dockerErrorOf } from './docker-errors.js';
import { queryText } from './docker-query.js';
import type { DockerCall, DockerRoutes } from './docker-router.js';
import { JSON_STREAM } from './stream-frames.js';

const logger = new Logger('DockerPull');

/**
 * `POST /images/create?fromImage=…&tag=…` (`docker pull`, and `docker run` on a missing
 * image): JSON progress lines as Docker writes them. Once the 200 is out, a failure is the
 * last line, `{"errorDetail": {"message": …}, "error": …}`, which the CLI prints and exits on.
 */
export function imagePullRoute(routes: DockerRoutes, registry: ImageRegistryService): void {
  routes.add('post', '/images/create', 'operator', async (call) => pull(call, registry));
}

async function pull({ principal, request, response }: DockerCall, registry: ImageRegistryService): Promise<void> {
  const from = queryText(request, 'fromImage');
  if (!from) throw new DockerError(400, 'NOT_SUPPORTED: only pulling (fromImage) is served; import with POST /images/load');
  const tag = queryText(request, 'tag');
  const reference = tag ? (tag.startsWith('sha256:') ? `${from}@${tag}` : `${from}:${tag}`) : from;
  const auth = registryAuthOf(request.headers['x-registry-auth']);
  response.status(200).setHeader('Content-Type', JSON_STREAM);
  const line = (body: object) => response.write(`${JSON.stringify(body)}\n`);
  line({ status: `Pulling from ${from}`, id: tag ?? 'latest' });
  try {
    const pulled = await registry.pull(principal, { reference, auth }, (progress) => {
      const id = progress.digest.replace(/^sha256:/, '').slice(0, 12);
      if (progress.done) line({ status: progress.skipped ? 'Already exists' : 'Pull complete', progressDetail: {}, id });
      else line({ status: 'Downloading', progressDetail: { current: progress.bytes, total: progress.total }, id });
    });
    line({ status: `Digest: ${pulled.registryDigest}` });
    line({ status: `Status: Downloaded newer image for ${pulled.reference}` });
  } catch (error) {
    const failure = dockerErrorOf(error, logger);
    line({ errorDetail: { message: failure.message }, error: failure.message });
  }
  response.end();
}

/** `X-Registry-Auth`: base64url JSON of `{username, password, serveraddress}`; `{}` or absent: anonymous. */
export function registryAuthOf(header: string | string[] | undefined): RegistryAuthRequest | undefined {
  if (typeof header !== 'string' || header === '') return undefined;
  let parsed: { username?: string; password?: string };
  try {
    parsed = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw new DockerError(400, 'X-Registry-Auth is not base64url-encoded JSON');
  }
  return parsed.username && parsed.password ? { username: parsed.username, password: parsed.password } : undefined;
}
