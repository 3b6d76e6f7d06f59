import type { CreateContainerRequest, CreateNetworkRequest, UpdateContainerRequest } from '@berth/contracts';
import { DEFAULT_CAPABILITIES } from '@berth/runtime/model';
import { addressIsOpen, hostIsAllowed, subnetInside, type RegistryAllowList } from '../../util/address-ranges.js';

/**
 * The host-access policy: what a request asks of the host beyond the caller's own
 * containers, as a list of needs, each naming the request field. Pure — no disk, database,
 * kernel or DNS — so every surface (REST today, the Docker-compatible API later) calls the
 * same rules in its plan phase, and a refusal happens before anything is made.
 * Only an admin may have a need met (see enforce in host-access.service.ts).
 */
export interface HostAccessNeed {
  /** The request field, as the client wrote it: `network`, `capAdd[1]`, `mounts[0].source`. */
  field: string;
  /** What it would give the container, for the refusal's message. */
  reason: string;
}

/**
 * Capabilities beyond Docker's default set that stay inside the container: IPC_LOCK (locked
 * memory is charged to the container's memory cgroup) and LEASE (leases on files it opened).
 * Everything else — NET_ADMIN, SYS_ADMIN, SYS_PTRACE, SYS_MODULE … — reaches the kernel shared
 * with the host, and needs the admin role.
 */
export const SAFE_EXTRA_CAPABILITIES: readonly string[] = ['CAP_IPC_LOCK', 'CAP_LEASE'];

/** Host ports below this belong to the host's own services; binding them needs root on the host too. */
export const FIRST_UNPRIVILEGED_PORT = 1024;

const OPEN_CAPABILITIES = new Set([...DEFAULT_CAPABILITIES, ...SAFE_EXTRA_CAPABILITIES]);

export function containerCreateNeeds(request: CreateContainerRequest): HostAccessNeed[] {
  const needs: HostAccessNeed[] = [];
  if (request.privileged) needs.push({ field: 'privileged', reason: 'a privileged container can do what root on the host can' });
  if (request.network === 'host') needs.push({ field: 'network', reason: "network host puts the container in the host's network namespace" });
  for (const [index, name] of (request.networks ?? []).entries()) {
    if (name === 'host') needs.push({ field: `networks[${index}]`, reason: "network host puts the container in the host's network namespace" });
  }
  for (const [index, name] of (request.capAdd ?? []).entries()) {
    const capability = capabilityName(name);
    if (!OPEN_CAPABILITIES.has(capability)) {
      needs.push({
        field: `capAdd[${index}]`,
        reason: `${capability} is beyond Docker's default set and the safe extras (${SAFE_EXTRA_CAPABILITIES.join(', ')})`,
      });
    }
  }
  for (const [index, mount] of (request.mounts ?? []).entries()) {
    if (mount.type === 'bind') needs.push({ field: `mounts[${index}].source`, reason: 'a bind mount exposes a host path' });
  }
  needs.push(...unlimitedPids(request.resources));
  for (const [index, port] of (request.ports ?? []).entries()) {
    if (port.hostPort !== undefined && port.hostPort < FIRST_UNPRIVILEGED_PORT) {
      needs.push({
        field: `ports[${index}].hostPort`,
        reason: `host port ${port.hostPort} is below ${FIRST_UNPRIVILEGED_PORT}, where the host's own services listen`,
      });
    }
  }
  return needs;
}

/**
 * Running a command in a container, or attaching to its process, is using what the container
 * holds: a shell in an admin's privileged or host-network container is a shell on the host.
 * `config` is the container's create request as stored; its published ports are not held power.
 */
export function containerEntryNeeds(name: string, config: CreateContainerRequest): HostAccessNeed[] {
  const held = containerCreateNeeds(config).find((need) => !need.field.startsWith('ports['));
  if (!held) return [];
  return [{ field: 'container', reason: `container ${name} holds host access (${held.field}: ${held.reason}), and a command in it would too` }];
}

/** Resources and restart policy stay within the container's cgroup, but for an unlimited pids count. */
export function containerUpdateNeeds(request: UpdateContainerRequest): HostAccessNeed[] {
  return unlimitedPids(request.resources);
}

/**
 * Every other limit bounds what the container takes from its own cgroup; `pidsLimit: -1` lifts
 * the default (BERTH_PIDS_LIMIT) that keeps a fork bomb from taking every process slot of the host.
 */
function unlimitedPids(resources: CreateContainerRequest['resources']): HostAccessNeed[] {
  if (resources?.pidsLimit !== -1) return [];
  return [{ field: 'resources.pidsLimit', reason: "an unlimited pids count lets the container's processes fill the host's process table" }];
}

/**
 * A network's subnet becomes a route of the host: outside the configured pool it could take
 * over addresses the host reaches elsewhere (8.8.8.0/24, the metadata service's link-local
 * block, half of IPv4 with a /1). `subnet` is already normalised (`a.b.c.d/n`).
 */
export function networkCreateNeeds(request: Pick<CreateNetworkRequest, 'subnet'>, pool: string): HostAccessNeed[] {
  if (request.subnet === undefined || subnetInside(request.subnet, pool)) return [];
  return [{ field: 'subnet', reason: `${request.subnet} is outside the network pool ${pool}, so the host would route it to a Berth bridge` }];
}

/** Connecting joins a team's own network; the network's subnet was judged when it was made. */
export function networkConnectNeeds(): HostAccessNeed[] {
  return [];
}

/**
 * A registry the host would connect to: `host` as written in the reference (`name[:port]`),
 * `addresses` what it resolves to. Loopback, link-local, private and other non-public
 * addresses reach the host's own services and its neighbours, unless the admins opened them.
 */
export function registryNeeds(field: string, host: string, addresses: readonly string[], allow: RegistryAllowList): HostAccessNeed[] {
  if (hostIsAllowed(host, allow)) return [];
  const closed = addresses.filter((address) => !addressIsOpen(address, allow));
  if (closed.length === 0) return [];
  return [{ field, reason: `registry ${host} resolves to ${closed.join(', ')}, a loopback, link-local or private address` }];
}

/** `net_admin`, `NET_ADMIN` and `CAP_NET_ADMIN` name the same capability. */
export function capabilityName(name: string): string {
  const upper = name.trim().toUpperCase();
  return upper.startsWith('CAP_') || upper === 'ALL' ? upper : `CAP_${upper}`;
}
