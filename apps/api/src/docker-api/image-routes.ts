import type { ImageDetail, ImageHistoryEntry, ImageSummary } from '@berth/contracts';
import type { ImagesService } from '../images/images.service.js';
import { dockerHealthcheck } from './docker-container-views.js';
import { DockerError } from './docker-errors.js';
import { queryFilters, queryFlag, queryText } from './docker-query.js';
import type { DockerRoutes } from './docker-router.js';

/** One row of `GET /images/json`. */
export function dockerImageSummary(image: ImageSummary) {
  return {
    Id: image.id,
    ParentId: '',
    RepoTags: image.repoTags,
    RepoDigests: image.repoDigests,
    Created: Math.floor(Date.parse(image.created) / 1000),
    Size: image.size,
    SharedSize: -1,
    VirtualSize: image.size,
    Labels: {},
    Containers: image.containers,
  };
}

/** `GET /images/{name}/json`: what `docker image inspect` and `docker run` read. */
export function dockerImageInspect(image: ImageDetail) {
  const exposed = Object.fromEntries(image.config.exposedPorts.map((port) => [port.includes('/') ? port : `${port}/tcp`, {}]));
  return {
    Id: image.id,
    RepoTags: image.repoTags,
    RepoDigests: image.repoDigests,
    Parent: '',
    Comment: '',
    Created: image.created,
    Author: image.author ?? '',
    Architecture: image.architecture,
    Variant: image.variant,
    Os: image.os,
    Size: image.size,
    VirtualSize: image.size,
    Config: {
      Env: image.config.env,
      Cmd: image.config.cmd,
      Entrypoint: image.config.entrypoint,
      WorkingDir: image.config.workingDir,
      User: image.config.user,
      ExposedPorts: exposed,
      Volumes: Object.fromEntries(image.config.volumes.map((volume) => [volume, {}])),
      Labels: image.config.labels,
      ...(image.config.healthcheck ? { Healthcheck: dockerHealthcheck(image.config.healthcheck) } : {}),
    },
    RootFS: { Type: 'layers', Layers: image.layers.map((layer) => layer.diffId) },
    GraphDriver: { Name: 'overlay', Data: null },
    Metadata: { LastTagTime: '0001-01-01T00:00:00Z' },
  };
}

export function imageRoutes(routes: DockerRoutes, images: ImagesService): void {
  routes.add('get', '/images/json', 'viewer', async ({ principal, request, response }) => {
    const filters = queryFilters(request);
    const dangling = filters['dangling']?.[0];
    const list = await images.list(principal.teamId, {
      reference: filters['reference']?.[0] ?? queryText(request, 'filter'),
      dangling: dangling === undefined ? undefined : dangling === 'true' || dangling === '1',
    });
    response.json(list.map(dockerImageSummary));
  });

  // Names hold slashes (`registry:5000/team/app:1`), so the name is the rest of the path.
  routes.add('get', '/images/*name/json', 'viewer', async ({ principal, request, response }) => {
    response.json(dockerImageInspect(await images.inspect(principal.teamId, nameParam(request.params))));
  });

  routes.add('get', '/images/*name/history', 'viewer', async ({ principal, request, response }) => {
    const name = nameParam(request.params);
    const [image, history] = await Promise.all([images.inspect(principal.teamId, name), images.history(principal.teamId, name)]);
    response.json(history.map((entry, index) => dockerHistoryEntry(entry, index === 0 ? image.id : undefined)));
  });

  routes.add('post', '/images/*name/tag', 'operator', async ({ principal, request, response }) => {
    const repo = queryText(request, 'repo');
    if (!repo) throw new DockerError(400, 'repo is required');
    const tag = queryText(request, 'tag') ?? 'latest';
    await images.tag(principal.teamId, nameParam(request.params), `${repo}:${tag}`);
    response.status(201).end();
  });

  routes.add('delete', '/images/*name', 'operator', async ({ principal, request, response }) => {
    const result = await images.remove(principal.teamId, nameParam(request.params), queryFlag(request, 'force'));
    response.json([...result.untagged.map((name) => ({ Untagged: name })), ...result.deleted.map((digest) => ({ Deleted: digest }))]);
  });
}

function nameParam(params: Record<string, string | string[] | undefined>): string {
  const name = params['name'];
  return Array.isArray(name) ? name.join('/') : (name ?? '');
}

/**
 * One step as `docker history` reads it: only the top step is an image Docker knows by id;
 * the steps below were never images of their own, so, as in Docker, they are `<missing>`.
 */
function dockerHistoryEntry(entry: ImageHistoryEntry, imageId: string | undefined) {
  return {
    Id: imageId ?? '<missing>',
    Created: entry.created ? Math.floor(Date.parse(entry.created) / 1000) : 0,
    CreatedBy: entry.createdBy,
    Tags: entry.tags.length ? entry.tags : null,
    Size: entry.size,
    Comment: entry.comment ?? '',
  };
}
