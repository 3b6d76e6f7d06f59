import { Logger } from '@nestjs/common';
import type { ImageRegistryService } from '../images/image-registry.service.js';
import { dockerErrorOf } from './docker-errors.js';
import { queryText } from './docker-query.js';
import type { DockerCall, DockerRoutes } from './docker-router.js';
import { registryAuthOf } from './image-pull-route.js';
import { JSON_STREAM } from './stream-frames.js';

const logger = new Logger('DockerPush');

/**
 * `POST /images/{name}/push?tag=…` (`docker push`): JSON progress lines, the digest line the
 * CLI prints, `{"aux": {Tag, Digest, Size}}`, and `{"errorDetail": …}` as the last line when
 * the push fails after the 200 went out. Credentials come in `X-Registry-Auth`.
 */
export function imagePushRoute(routes: DockerRoutes, registry: ImageRegistryService): void {
  routes.add('post', '/images/*name/push', 'operator', (call) => push(call, registry));
}

async function push({ principal, request, response }: DockerCall, registry: ImageRegistryService): Promise<void> {
  const name = request.params['name'];
  const repository = Array.isArray(name) ? name.join('/') : String(name);
  const tag = queryText(request, 'tag') ?? 'latest';
  const reference = `${repository}:${tag}`;
  const auth = registryAuthOf(request.headers['x-registry-auth']);
  response.status(200).setHeader('Content-Type', JSON_STREAM);
  const line = (body: object) => response.write(`${JSON.stringify(body)}\n`);
  line({ status: `The push refers to repository [${repository}]` });
  try {
    const pushed = await registry.push(principal, reference, { target: reference, auth }, (progress) => {
      const id = progress.digest.replace(/^sha256:/, '').slice(0, 12);
      if (progress.done) line({ status: progress.skipped ? 'Layer already exists' : 'Pushed', progressDetail: {}, id });
      else line({ status: 'Pushing', progressDetail: { current: progress.bytes, total: progress.total }, id });
    });
    line({ status: `${tag}: digest: ${pushed.digest}` });
    line({ progressDetail: {}, aux: { Tag: tag, Digest: pushed.digest } });
  } catch (error) {
    const failure = dockerErrorOf(error, logger);
    line({ errorDetail: { message: failure.message }, error: failure.message });
  } finally {
    response.end();
  }
}
