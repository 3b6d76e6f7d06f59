import { RuntimeError } from '../../model/runtime-error.js';
import { isBridge, linkExists } from '../interfaces.js';
import { parseSubnet, requireHostAddress } from '../ipv4.js';
import { serialized } from '../lock.js';
import { validateInterfaceName, validateOwner } from '../names.js';
import { changeRules, type NewRule } from './change-rules.js';
import { CHAIN, ownedRules, tagComment } from './chains.js';
import { readRuleset } from './ruleset.js';
import { ensureIpForwarding } from './sysctl.js';

export interface NetworkRulesOptions {
  /** Who the rules are for (the network's name); their comments say `berth:<owner> …`. */
  owner: string;
  bridge: string;
  subnet: string;
  gateway: string;
  /** No way out: containers reach each other on this bridge and nothing else, not even the host. */
  internal?: boolean;
}

/** Rule kinds in the comment; publishPort looks for the internal one. */
export const NETWORK_KIND = 'network';
export const INTERNAL_NETWORK_KIND = 'internal-network';

/**
 * Installs the firewall of one bridge network, replacing the owner's earlier network rules
 * (so turning `internal` on or off is one call), atomically. Idempotent: the same call again
 * changes nothing.
 */
export async function installNetworkRules(options: NetworkRulesOptions): Promise<void> {
  const owner = validateOwner(options.owner);
  const bridge = validateInterfaceName(options.bridge, 'bridge');
  const subnet = parseSubnet(options.subnet);
  requireHostAddress(subnet, options.gateway, 'gateway');
  const rules = options.internal ? internalRules(owner, bridge, options.gateway) : routedRules(owner, bridge, `${subnet.network}/${subnet.prefix}`);
  return serialized(async () => {
    if (!linkExists(bridge) || !isBridge(bridge)) throw new RuntimeError('NOT_FOUND', `bridge ${bridge} does not exist; create it with ensureBridge first`);
    if (!options.internal) ensureIpForwarding();
    const before = await readRuleset();
    const stale = ownedRules(before)
      .filter(({ tag }) => tag.owner === owner && (tag.kind === NETWORK_KIND || tag.kind === INTERNAL_NETWORK_KIND))
      .filter(({ rule }) => !rules.some((wanted) => wanted.chain === rule.chain && wanted.spec === rule.spec))
      .map(({ rule }) => rule);
    await changeRules(before, rules, stale, `installing the firewall of network ${owner} (${bridge})`);
  });
}

/**
 * A routed network: out to anywhere but other Berth bridges, masqueraded behind the host.
 * The isolation jump goes first: traffic leaving the bridge is checked against the other
 * bridges before anything accepts it.
 */
function routedRules(owner: string, bridge: string, subnet: string): NewRule[] {
  const c = tagComment({ owner, kind: NETWORK_KIND, detail: bridge });
  return [
    { table: 'filter', chain: CHAIN.forward, spec: `-i ${bridge} ! -o ${bridge} ${c} -j ${CHAIN.isolate}`, first: true },
    { table: 'filter', chain: CHAIN.isolate, spec: `-o ${bridge} ${c} -j DROP` },
    { table: 'filter', chain: CHAIN.forward, spec: `-o ${bridge} -m conntrack --ctstate RELATED,ESTABLISHED ${c} -j ACCEPT` },
    { table: 'filter', chain: CHAIN.forward, spec: `-i ${bridge} ${c} -j ACCEPT` },
    { table: 'nat', chain: CHAIN.postrouting, spec: `-s ${subnet} ! -o ${bridge} ${c} -j MASQUERADE` },
  ];
}

/**
 * An internal network: forwarding only within the bridge (it matters when br_netfilter sends
 * bridged traffic through FORWARD), nothing in or out, and of the host only its own gateway
 * address is reachable (the host's other addresses are reached through INPUT, not FORWARD).
 */
function internalRules(owner: string, bridge: string, gateway: string): NewRule[] {
  const c = tagComment({ owner, kind: INTERNAL_NETWORK_KIND, detail: bridge });
  return [
    { table: 'filter', chain: CHAIN.forward, spec: `-i ${bridge} ! -o ${bridge} ${c} -j DROP`, first: true },
    { table: 'filter', chain: CHAIN.forward, spec: `! -i ${bridge} -o ${bridge} ${c} -j DROP`, first: true },
    { table: 'filter', chain: CHAIN.forward, spec: `-i ${bridge} -o ${bridge} ${c} -j ACCEPT` },
    { table: 'filter', chain: CHAIN.input, spec: `! -d ${gateway}/32 -i ${bridge} ${c} -j DROP` },
  ];
}
