import { Logger } from '@nestjs/common';
import type { ImageBuildService } from '../images/image-build.service.js';
import { DockerError, dockerErrorOf } from './docker-errors.js';
import { queryFlag, queryText } from './docker-query.js';
import type { DockerCall, DockerRoutes } from './docker-router.js';
import { JSON_STREAM } from './stream-frames.js';

const logger = new Logger('DockerBuild');

/**
 * `POST /build`, the classic builder (`DOCKER_BUILDKIT=0 docker build`): the context tar is
 * the body; the answer is JSON lines — `{"stream": …}` per log line, `{"aux": {"ID": …}}`
 * for the image, and `{"errorDetail": …}` as the last line when the build fails.
 */
export function imageBuildRoute(routes: DockerRoutes, builds: ImageBuildService): void {
  routes.add('post', '/build', 'operator', (call) => build(call, builds));
}

async function build({ principal, request, response }: DockerCall, builds: ImageBuildService): Promise<void> {
  const tags = request.query['t'];
  const tagList = (Array.isArray(tags) ? tags : tags === undefined ? [] : [tags]).map(String);
  if (tagList.length === 0) throw new DockerError(400, 'TAG_REQUIRED: Berth names every image it builds: give one with -t name:tag');
  if (tagList.length > 1) throw new DockerError(400, 'NOT_SUPPORTED: more than one -t per build (tag the result with docker tag)');
  const labels = queryText(request, 'labels');
  if (queryText(request, 'remote')) throw new DockerError(400, 'NOT_SUPPORTED: a remote build context (send the context as the body)');
  const buildArgs = queryText(request, 'buildargs');
  // `docker build -q`: only the image id at the end.
  const quiet = queryFlag(request, 'q');
  response.status(200).setHeader('Content-Type', JSON_STREAM);
  const line = (body: object) => response.write(`${JSON.stringify(body)}\n`);
  try {
    const result = await builds.build(
      principal.teamId,
      {
        tag: tagList[0]!,
        dockerfile: queryText(request, 'dockerfile'),
        buildArgs: buildArgs && buildArgs !== 'null' ? buildArgs : undefined,
        labels: labels && labels !== 'null' ? labels : undefined,
        target: queryText(request, 'target'),
        noCache: queryFlag(request, 'nocache'),
      },
      request,
      { streaming: true, log: (text) => void (quiet || line({ stream: `${text}\n` })), step: () => undefined },
    );
    line({ aux: { ID: result.id } });
    if (quiet) return;
    line({ stream: `Successfully built ${result.id.replace(/^sha256:/, '').slice(0, 12)}\n` });
    line({ stream: `Successfully tagged ${result.reference}\n` });
  } catch (error) {
    const failure = dockerErrorOf(error, logger);
    line({ errorDetail: { message: failure.message }, error: failure.message });
  } finally {
    response.end();
  }
}
