/**
 * Bridge networks, as `docker network` has them: each is a Linux bridge with its own subnet;
 * containers on one network reach each other by name, containers on different ones cannot.
 */

/** Network names follow the container-name rule; `none` and `host` are modes, not networks. */
export const NETWORK_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

/** The network every container is on unless told otherwise; made for a team on first use. */
export const DEFAULT_NETWORK = 'bridge';

/** Network modes that are not networks: `none` (own loopback only) and `host` (the host's). */
export const NETWORK_MODES = ['none', 'host'] as const;
export type NetworkMode = (typeof NETWORK_MODES)[number];

export const NETWORK_DRIVERS = ['bridge'] as const;
export type NetworkDriver = (typeof NETWORK_DRIVERS)[number];

/** `POST /api/v1/networks`. */
export interface CreateNetworkRequest {
  name: string;
  driver?: NetworkDriver;
  /** IPv4 CIDR such as `10.90.1.0/24`; default: the next free block of the server's pool. */
  subnet?: string;
  /** No way out: the containers reach each other and nothing else, and nothing reaches them. */
  internal?: boolean;
  labels?: Record<string, string>;
}

/** A container on a network. */
export interface NetworkContainerRef {
  id: string;
  name: string;
  /** Its address on this network, without prefix. */
  ip: string;
  mac: string;
  aliases: string[];
}

export interface NetworkSummary {
  id: string;
  name: string;
  driver: NetworkDriver;
  /** The Linux bridge on the host (`berth-` and 8 hex digits). */
  bridge: string;
  subnet: string;
  gateway: string;
  internal: boolean;
  labels: Record<string, string>;
  createdAt: string;
}

/** `GET /api/v1/networks/{idOrName}`. */
export interface NetworkDetail extends NetworkSummary {
  containers: NetworkContainerRef[];
}

/** `POST /api/v1/networks/{idOrName}/connect`. */
export interface ConnectNetworkRequest {
  /** Container id, id prefix or name. */
  container: string;
  /** More names the other containers on the network know it by. */
  aliases?: string[];
}

/** `POST /api/v1/networks/{idOrName}/disconnect`. */
export interface DisconnectNetworkRequest {
  container: string;
}

/** A container's place on one network, as inspect shows it. */
export interface ContainerNetworkView {
  network: string;
  ip: string;
  /** The subnet's prefix length. */
  prefixLength: number;
  gateway: string;
  mac: string;
  aliases: string[];
  /** eth0, eth1 … inside the container. */
  interface: string;
}

/** A published port as installed (the host port filled in when the request left it out). */
export interface PublishedPortView {
  containerPort: number;
  protocol: 'tcp' | 'udp';
  hostIp: string;
  hostPort: number;
}

/** Traffic counters of one interface of a container. */
export interface NetworkCounters {
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  rxDropped: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
  txDropped: number;
}

/** `POST /api/v1/networks/prune`: every network of the team no container is on is removed. */
export interface PruneNetworksResponse {
  networksDeleted: string[];
}
