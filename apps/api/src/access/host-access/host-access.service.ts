import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { CreateContainerRequest, CreateNetworkRequest, UpdateContainerRequest } from '@berth/contracts';
import type { Dispatcher } from 'undici';
import { APP_CONTEXT, type AppContext } from '../../app-context.js';
import { ProblemException } from '../../http/problem.js';
import type { Principal } from '../../auth/principal.js';
import type { RegistryAllowList } from '../../util/address-ranges.js';
import {
  containerCreateNeeds,
  containerEntryNeeds,
  containerUpdateNeeds,
  networkConnectNeeds,
  networkCreateNeeds,
  registryNeeds,
  type HostAccessNeed,
} from './host-access-policy.js';
import { egressRefusalIn, guardedRegistryDispatcher } from './registry-egress.js';

/** Docker Hub's references say docker.io; its API, which the client connects to, lives here. */
const DOCKER_HUB_API = 'registry-1.docker.io';

/**
 * The one gate of the host-access policy: each use case calls it first in its plan phase,
 * before any volume, network, bridge, route, rule or row exists, so a refusal changes nothing.
 * Admins may ask for anything; anyone else asking for a host need gets 403 HOST_ACCESS_DENIED
 * naming the field.
 */
@Injectable()
export class HostAccessService {
  private readonly pool: string;
  private readonly allow: RegistryAllowList;

  constructor(@Inject(APP_CONTEXT) context: AppContext) {
    this.pool = context.config.networkPool;
    this.allow = context.config.registryAllow;
  }

  checkContainerCreate(principal: Principal, request: CreateContainerRequest): void {
    enforce(principal, containerCreateNeeds(request));
  }

  /** Exec, attach and the console's terminal: entering a container that holds host access is using it. */
  checkContainerEntry(principal: Principal, container: { name: string; config: unknown }): void {
    enforce(principal, containerEntryNeeds(container.name, container.config as CreateContainerRequest));
  }

  checkContainerUpdate(principal: Principal, request: UpdateContainerRequest): void {
    enforce(principal, containerUpdateNeeds(request));
  }

  /** `subnet` normalised by the caller's validation. */
  checkNetworkCreate(principal: Principal, request: Pick<CreateNetworkRequest, 'subnet'>): void {
    enforce(principal, networkCreateNeeds(request, this.pool));
  }

  checkNetworkConnect(principal: Principal): void {
    enforce(principal, networkConnectNeeds());
  }

  /**
   * A pull from or push to `registry` (`name[:port]`): its addresses are checked now, and the
   * returned dispatcher checks every connection the transfer then opens (redirects, token
   * realm, upload locations). Admins get no dispatcher: they may reach any registry.
   */
  async checkRegistry(principal: Principal, field: string, registry: string): Promise<{ dispatcher?: Dispatcher }> {
    if (principal.role === 'admin') return {};
    const host = registry === 'docker.io' ? DOCKER_HUB_API : registry;
    enforce(principal, registryNeeds(field, registry, await addressesOf(host), this.allow));
    return { dispatcher: guardedRegistryDispatcher(this.allow) };
  }

  /** A transfer's failure as the refusal it was, when the dispatcher refused a connection. */
  static registryFailure(error: unknown, field: string): unknown {
    const refused = egressRefusalIn(error);
    if (!refused) return error;
    return denied({ field, reason: `the registry sent the transfer to ${refused.message}` });
  }
}

/** 403 for the first need, unless the caller is an admin. */
export function enforce(principal: Pick<Principal, 'role'>, needs: readonly HostAccessNeed[]): void {
  const first = needs[0];
  if (first && principal.role !== 'admin') throw denied(first);
}

function denied(need: HostAccessNeed): ProblemException {
  return new ProblemException(
    HttpStatus.FORBIDDEN,
    'HOST_ACCESS_DENIED',
    `${need.field}: ${need.reason}; only an admin may ask for this (see "Host access" in the README)`,
    [{ field: need.field, message: need.reason }],
    need.field,
  );
}

/** The host's addresses, as the client's connection would find them; none when the name does not resolve (the transfer reports that). */
async function addressesOf(host: string): Promise<string[]> {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  if (isIP(name) !== 0) return [name];
  try {
    return (await lookup(name, { all: true })).map((entry) => entry.address);
  } catch {
    return [];
  }
}
