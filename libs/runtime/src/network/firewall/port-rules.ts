import { networkInterfaces } from 'node:os';
import { RuntimeError } from '../../model/runtime-error.js';
import { isBridge, linkExists } from '../interfaces.js';
import { parseIpv4 } from '../ipv4.js';
import { serialized } from '../lock.js';
import { validateInterfaceName, validateOwner } from '../names.js';
import { changeRules, type NewRule } from './change-rules.js';
import { CHAIN, ownedRules, tagComment, type RuleTag } from './chains.js';
import { INTERNAL_NETWORK_KIND } from './network-rules.js';
import { removeRulesNow, removeRulesWhere } from './owner-rules.js';
import { socketOwner, socketsOnPort, type Protocol } from './port-holders.js';
import { readRuleset, type Ruleset } from './ruleset.js';
import { enableRouteLocalnet, ensureIpForwarding } from './sysctl.js';

export interface PublishOptions {
  /** The container the port leads to; its rules' comments say `berth:<owner> port …`. */
  owner: string;
  /** The bridge the container is attached to. */
  bridge: string;
  protocol: Protocol;
  /** A local IPv4 address, or 0.0.0.0 (default) for all of them. */
  hostIp?: string;
  hostPort: number;
  containerIp: string;
  containerPort: number;
}

export interface PublishedPort extends Required<Omit<PublishOptions, 'bridge'>> {
  bridge?: string;
}

export const PORT_KIND = 'port';

/**
 * Publishes `hostIp:hostPort` → `containerIp:containerPort` with kernel NAT only (no proxy
 * process), so the mapping survives the API restarting. Four rules, added atomically:
 * the DNAT (reached from PREROUTING and OUTPUT); a MASQUERADE of loopback-sourced packets to
 * the container, so a reply goes back through the host; an ACCEPT of the forwarded traffic for
 * hosts whose FORWARD policy is DROP; and a DROP of packets from the bridge to 127.0.0.0/8 that
 * route_localnet would otherwise let through. A port already taken — by a socket of the host or
 * another Berth rule — is PORT_IN_USE, naming who has it; publishing the same mapping again
 * changes nothing.
 */
export async function publishPort(options: PublishOptions): Promise<PublishedPort> {
  const port = checkPublish(options);
  return serialized(async () => {
    if (!linkExists(port.bridge) || !isBridge(port.bridge))
      throw new RuntimeError('NOT_FOUND', `bridge ${port.bridge} does not exist; create it with ensureBridge first`);
    const before = await readRuleset();
    refuseInternal(before, port.bridge);
    const rules = portRules(port);
    const present = rules.every((rule) => before.rules.some((saved) => saved.chain === rule.chain && saved.spec === rule.spec));
    if (!present) {
      refuseTaken(before, port);
      ensureIpForwarding();
      await changeRules(before, rules, [], `publishing ${portDetail(port)} to ${port.containerIp}:${port.containerPort}`);
    }
    try {
      if (reachesLoopback(port.hostIp)) enableRouteLocalnet(port.bridge);
    } catch (error) {
      if (!present) await removeRulesNow(isThisPort(port.owner, port), `removing the rules of ${portDetail(port)} after a failure`);
      throw error;
    }
    return port;
  });
}

/** Removes one published port of an owner (idempotent); removeFirewallRules(owner) removes all of them. */
export async function unpublishPort(owner: string, port: Pick<PublishOptions, 'protocol' | 'hostIp' | 'hostPort'>): Promise<void> {
  const hostIp = port.hostIp ?? '0.0.0.0';
  await removeRulesWhere(isThisPort(owner, { ...port, hostIp }), `unpublishing ${portDetail({ ...port, hostIp })} of ${owner}`);
}

function isThisPort(owner: string, port: Pick<PublishedPort, 'protocol' | 'hostIp' | 'hostPort'>): (tag: RuleTag) => boolean {
  const detail = portDetail(port);
  return (tag) => tag.owner === owner && tag.kind === PORT_KIND && tag.detail === detail;
}

/** Only a mapping a host process can reach through 127.0.0.1 needs route_localnet on the bridge. */
function reachesLoopback(hostIp: string): boolean {
  return hostIp === '0.0.0.0' || hostIp.startsWith('127.');
}

/** Every published port, read back from the DNAT rules. */
export async function listPublishedPorts(): Promise<PublishedPort[]> {
  return ownedRules(await readRuleset()).flatMap(({ rule, tag }) => (rule.chain === CHAIN.nat && tag.kind === PORT_KIND ? [fromDnat(rule.spec, tag)] : []));
}

function checkPublish(options: PublishOptions): PublishedPort & { bridge: string } {
  const owner = validateOwner(options.owner);
  const bridge = validateInterfaceName(options.bridge, 'bridge');
  if (options.protocol !== 'tcp' && options.protocol !== 'udp')
    throw new RuntimeError('INVALID_ARGUMENT', `protocol: "${String(options.protocol)}" must be tcp or udp`);
  const hostIp = options.hostIp ?? '0.0.0.0';
  parseIpv4(hostIp, 'hostIp');
  if (hostIp !== '0.0.0.0' && !isLocalAddress(hostIp))
    throw new RuntimeError('INVALID_ARGUMENT', `hostIp: ${hostIp} is not an address of this host; use one it has, or 0.0.0.0`);
  parseIpv4(options.containerIp, 'containerIp');
  for (const field of ['hostPort', 'containerPort'] as const) {
    const value = options[field];
    if (!Number.isInteger(value) || value < 1 || value > 65535)
      throw new RuntimeError('INVALID_ARGUMENT', `${field}: ${String(value)} must be a port from 1 to 65535`);
  }
  return { ...options, owner, bridge, hostIp };
}

/** 127.0.0.0/8 is all local (the kernel's local route), plus every address of an interface. */
function isLocalAddress(address: string): boolean {
  if (address.startsWith('127.')) return true;
  return Object.values(networkInterfaces()).some((entries) => entries?.some((entry) => entry.address === address));
}

function refuseInternal(ruleset: Ruleset, bridge: string): void {
  if (ownedRules(ruleset).some(({ tag }) => tag.kind === INTERNAL_NETWORK_KIND && tag.detail === bridge)) {
    throw new RuntimeError(
      'INTERNAL_NETWORK',
      `bridge ${bridge} is an internal network: nothing from outside may reach it, so ports cannot be published on it`,
    );
  }
}

function refuseTaken(ruleset: Ruleset, port: PublishedPort): void {
  for (const { rule, tag } of ownedRules(ruleset)) {
    if (rule.chain !== CHAIN.nat || tag.kind !== PORT_KIND) continue;
    const other = fromDnat(rule.spec, tag);
    // The owner's own rules for this very mapping (some may be missing) are not a conflict.
    if (
      tag.owner === port.owner &&
      portDetail(other) === portDetail(port) &&
      other.containerIp === port.containerIp &&
      other.containerPort === port.containerPort
    )
      continue;
    if (other.protocol === port.protocol && other.hostPort === port.hostPort && ipsOverlap(other.hostIp, port.hostIp)) {
      throw new RuntimeError('PORT_IN_USE', `${portDetail(port)} is already published by ${tag.owner} (${portDetail(other)}); choose another host port`);
    }
  }
  const [socket] = socketsOnPort(port.protocol, port.hostIp, port.hostPort);
  if (socket) {
    const who = socketOwner(socket.inode) ?? `a socket (inode ${socket.inode})`;
    throw new RuntimeError(
      'PORT_IN_USE',
      `${portDetail(port)} is taken on the host by ${who} bound to ${socket.address}:${socket.port}; choose another host port`,
    );
  }
}

function ipsOverlap(a: string, b: string): boolean {
  return a === '0.0.0.0' || b === '0.0.0.0' || a === b;
}

export function portDetail(port: Pick<PublishedPort, 'protocol' | 'hostIp' | 'hostPort'>): string {
  return `${port.protocol}/${port.hostIp}:${port.hostPort}`;
}

function portRules(port: PublishedPort & { bridge: string }): NewRule[] {
  const c = tagComment({ owner: port.owner, kind: PORT_KIND, detail: portDetail(port) });
  const { bridge, protocol: p, containerIp: ip, containerPort } = port;
  const destination = port.hostIp === '0.0.0.0' ? '' : `-d ${port.hostIp}/32 `;
  return [
    {
      table: 'nat',
      chain: CHAIN.nat,
      spec: `${destination}! -i ${bridge} -p ${p} -m ${p} --dport ${port.hostPort} ${c} -j DNAT --to-destination ${ip}:${containerPort}`,
    },
    { table: 'nat', chain: CHAIN.postrouting, spec: `-s 127.0.0.0/8 -d ${ip}/32 -o ${bridge} -p ${p} -m ${p} --dport ${containerPort} ${c} -j MASQUERADE` },
    { table: 'filter', chain: CHAIN.forward, spec: `-d ${ip}/32 ! -i ${bridge} -o ${bridge} -p ${p} -m ${p} --dport ${containerPort} ${c} -j ACCEPT` },
    { table: 'filter', chain: CHAIN.input, spec: `-d 127.0.0.0/8 -i ${bridge} -m conntrack ! --ctstate RELATED,ESTABLISHED ${c} -j DROP` },
  ];
}

/** The mapping a DNAT rule of ours encodes (the comment says the host side, the target the container side). */
function fromDnat(spec: string, tag: RuleTag): PublishedPort {
  const [protocol, host] = tag.detail.split('/') as [Protocol, string];
  const colon = host.lastIndexOf(':');
  const target = /--to-destination (\S+):(\d+)/.exec(spec);
  const bridge = /! -i (\S+)/.exec(spec)?.[1];
  return {
    owner: tag.owner,
    protocol,
    hostIp: host.slice(0, colon),
    hostPort: Number(host.slice(colon + 1)),
    containerIp: target?.[1] ?? '',
    containerPort: Number(target?.[2] ?? 0),
    ...(bridge ? { bridge } : {}),
  };
}
