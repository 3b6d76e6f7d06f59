import type { NetworkDetail, NetworkSummary } from '@berth/contracts';
import type { NetworkMembershipService } from '../networks/network-membership.service.js';
import type { NetworksService } from '../networks/networks.service.js';
import { DockerError } from './docker-errors.js';
import { queryFilters } from './docker-query.js';
import type { DockerRoutes } from './docker-router.js';

interface NetworkCreateBody {
  Name?: string;
  Driver?: string;
  Internal?: boolean;
  EnableIPv6?: boolean;
  IPAM?: { Config?: { Subnet?: string }[] | null } | null;
  Labels?: Record<string, string> | null;
}

/** `docker network` and what Compose does with a project's networks. */
export function networkRoutes(routes: DockerRoutes, networks: NetworksService, membership: NetworkMembershipService): void {
  routes.add('get', '/networks', 'viewer', async ({ principal, request, response }) => {
    const filters = queryFilters(request);
    const all = await networks.list(principal.teamId);
    const matching = all.filter(
      (network) =>
        (!filters['name'] || filters['name'].some((name) => network.name.includes(name))) &&
        (!filters['id'] || filters['id'].some((id) => network.id.startsWith(id))) &&
        (!filters['label'] || filters['label'].every((label) => hasLabel(network.labels, label))),
    );
    response.json(matching.map((network) => dockerNetwork(network)));
  });

  routes.add('get', '/networks/:id', 'viewer', async ({ principal, request, response }) => {
    response.json(dockerNetwork(await networks.inspect(principal.teamId, String(request.params['id']))));
  });

  routes.add('post', '/networks/create', 'operator', async ({ principal, request, response }) => {
    const body = (request.body ?? {}) as NetworkCreateBody;
    if (!body.Name) throw new DockerError(400, 'Name is required');
    if (body.Driver && body.Driver !== 'bridge') throw new DockerError(400, `NOT_SUPPORTED: network driver ${body.Driver} (bridge only)`);
    if (body.EnableIPv6) throw new DockerError(400, 'NOT_SUPPORTED: IPv6 networks');
    const subnets = (body.IPAM?.Config ?? []).map((config) => config.Subnet).filter((subnet): subnet is string => !!subnet);
    if (subnets.length > 1) throw new DockerError(400, 'NOT_SUPPORTED: more than one subnet per network');
    const created = await networks.create(principal, {
      name: body.Name,
      subnet: subnets[0],
      internal: body.Internal ?? false,
      labels: body.Labels ?? {},
    });
    response.status(201).json({ Id: created.id, Warning: '' });
  });

  routes.add('post', '/networks/:id/connect', 'operator', async ({ principal, request, response }) => {
    const body = (request.body ?? {}) as { Container?: string; EndpointConfig?: { Aliases?: string[] | null } | null };
    if (!body.Container) throw new DockerError(400, 'Container is required');
    await membership.connect(principal, String(request.params['id']), { container: body.Container, aliases: body.EndpointConfig?.Aliases ?? undefined });
    response.status(200).end();
  });

  routes.add('post', '/networks/:id/disconnect', 'operator', async ({ principal, request, response }) => {
    const body = (request.body ?? {}) as { Container?: string };
    if (!body.Container) throw new DockerError(400, 'Container is required');
    await membership.disconnect(principal.teamId, String(request.params['id']), { container: body.Container });
    response.status(200).end();
  });

  routes.add('post', '/networks/prune', 'operator', async ({ principal, request, response }) => {
    const filters = queryFilters(request);
    const unknown = Object.keys(filters).filter((key) => key !== 'label');
    if (unknown.length) throw new DockerError(400, `NOT_SUPPORTED: network prune filters ${unknown.join(', ')}`);
    const pruned = await networks.prune(principal.teamId, filters['label'] ?? []);
    response.json({ NetworksDeleted: pruned.networksDeleted });
  });

  routes.add('delete', '/networks/:id', 'operator', async ({ principal, request, response }) => {
    await networks.remove(principal.teamId, String(request.params['id']));
    response.status(204).end();
  });
}

function hasLabel(labels: Record<string, string>, filter: string): boolean {
  const [key, value] = filter.split('=', 2) as [string, string | undefined];
  return key in labels && (value === undefined || labels[key] === value);
}

/** A network as `docker network inspect` shows it. */
export function dockerNetwork(network: NetworkSummary | NetworkDetail) {
  const prefix = network.subnet.split('/')[1] ?? '24';
  const containers = 'containers' in network ? network.containers : [];
  return {
    Name: network.name,
    Id: network.id,
    Created: network.createdAt,
    Scope: 'local',
    Driver: network.driver,
    EnableIPv6: false,
    IPAM: { Driver: 'default', Options: {}, Config: [{ Subnet: network.subnet, Gateway: network.gateway }] },
    Internal: network.internal,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: Object.fromEntries(
      containers.map((container) => [
        container.id,
        { Name: container.name, EndpointID: '', MacAddress: container.mac, IPv4Address: `${container.ip}/${prefix}`, IPv6Address: '' },
      ]),
    ),
    Options: { 'com.docker.network.bridge.name': network.bridge },
    Labels: network.labels,
  };
}
