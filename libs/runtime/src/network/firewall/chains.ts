import { OWNER_TAG } from '../names.js';
import type { Ruleset, RuleLine, SavedRule, Table } from './ruleset.js';

/**
 * Berth's own chains and the one jump into each from the built-in chains. All of Berth's rules
 * live in these chains, so the host's own rules are never edited, and a listing of them is a
 * listing of everything Berth did.
 *
 * - BERTH-NAT (nat; from PREROUTING and OUTPUT, for local destinations): DNAT of published ports.
 *   OUTPUT is what makes `curl 127.0.0.1:PORT` on the host reach a container.
 * - BERTH-POSTROUTING (nat; from POSTROUTING): MASQUERADE. A separate chain because the kernel
 *   refuses MASQUERADE in a chain reachable from PREROUTING.
 * - BERTH-FWD (filter; first in FORWARD): what may be forwarded to and from the bridges.
 * - BERTH-ISOLATE (filter; jumped to from BERTH-FWD for traffic leaving a bridge): drops it when
 *   it enters another Berth bridge.
 * - BERTH-INPUT (filter; first in INPUT): what containers may not send to the host itself
 *   (internal networks; loopback addresses reached through route_localnet).
 */
export const CHAIN = {
  nat: 'BERTH-NAT',
  postrouting: 'BERTH-POSTROUTING',
  forward: 'BERTH-FWD',
  isolate: 'BERTH-ISOLATE',
  input: 'BERTH-INPUT',
} as const;

const CHAIN_TABLE: [string, Table][] = [
  [CHAIN.nat, 'nat'],
  [CHAIN.postrouting, 'nat'],
  [CHAIN.forward, 'filter'],
  [CHAIN.isolate, 'filter'],
  [CHAIN.input, 'filter'],
];

/**
 * The comment on the jumps, which belong to no owner and stay until removeFirewallChains.
 * Unquoted: iptables-save quotes a comment only when it has spaces, and specs are compared
 * with its output as printed.
 */
const HOOK_COMMENT = '-m comment --comment berth-hook';

interface Hook {
  table: Table;
  chain: string;
  spec: string;
  /** Filter jumps go first so an earlier ACCEPT elsewhere cannot bypass isolation; NAT jumps are appended, as Docker does. */
  first: boolean;
}

const HOOKS: Hook[] = [
  { table: 'nat', chain: 'PREROUTING', spec: `-m addrtype --dst-type LOCAL ${HOOK_COMMENT} -j ${CHAIN.nat}`, first: false },
  { table: 'nat', chain: 'OUTPUT', spec: `-m addrtype --dst-type LOCAL ${HOOK_COMMENT} -j ${CHAIN.nat}`, first: false },
  { table: 'nat', chain: 'POSTROUTING', spec: `${HOOK_COMMENT} -j ${CHAIN.postrouting}`, first: false },
  { table: 'filter', chain: 'FORWARD', spec: `${HOOK_COMMENT} -j ${CHAIN.forward}`, first: true },
  { table: 'filter', chain: 'INPUT', spec: `${HOOK_COMMENT} -j ${CHAIN.input}`, first: true },
];

export function isBerthChain(chain: string): boolean {
  return CHAIN_TABLE.some(([name]) => name === chain);
}

/**
 * The lines that create whichever chains and jumps are missing. A chain is declared only when
 * absent: iptables-restore --noflush still empties a chain it is told to declare.
 */
export function chainSetupLines(ruleset: Ruleset): RuleLine[] {
  const lines: RuleLine[] = [];
  for (const [chain, table] of CHAIN_TABLE) if (!ruleset.chains[table].has(chain)) lines.push({ table, line: `:${chain} - [0:0]` });
  for (const hook of HOOKS) {
    if (hasRule(ruleset, hook.table, hook.chain, hook.spec)) continue;
    lines.push({ table: hook.table, line: hook.first ? `-I ${hook.chain} 1 ${hook.spec}` : `-A ${hook.chain} ${hook.spec}` });
  }
  return lines;
}

/**
 * The lines that remove the (empty) chains and every jump into them from a built-in chain,
 * whatever its form, so that jumps an older or interrupted Berth added cannot keep a chain alive.
 */
export function chainTeardownLines(ruleset: Ruleset): RuleLine[] {
  const lines: RuleLine[] = [];
  for (const rule of ruleset.rules) {
    const target = / -j (\S+)/.exec(rule.spec)?.[1];
    if (!isBerthChain(rule.chain) && target && isBerthChain(target)) lines.push({ table: rule.table, line: `-D ${rule.chain} ${rule.spec}` });
  }
  for (const [chain, table] of CHAIN_TABLE) if (ruleset.chains[table].has(chain)) lines.push({ table, line: `-X ${chain}` });
  return lines;
}

export function hasRule(ruleset: Ruleset, table: Table, chain: string, spec: string): boolean {
  return ruleset.rules.some((rule) => rule.table === table && rule.chain === chain && rule.spec === spec);
}

/** What a rule's comment says: `berth:<owner> <kind> <detail>`. */
export interface RuleTag {
  owner: string;
  kind: string;
  detail: string;
}

export function tagComment(tag: RuleTag): string {
  return `-m comment --comment "${OWNER_TAG}${tag.owner} ${tag.kind} ${tag.detail}"`;
}

export function ruleTag(rule: SavedRule): RuleTag | undefined {
  const match = /--comment "?berth:(\S+) (\S+) ([^"\s]+)"?/.exec(rule.spec);
  return match ? { owner: match[1]!, kind: match[2]!, detail: match[3]! } : undefined;
}

/** Berth's owned rules: in Berth's chains and tagged. */
export function ownedRules(ruleset: Ruleset): { rule: SavedRule; tag: RuleTag }[] {
  return ruleset.rules.flatMap((rule) => {
    const tag = isBerthChain(rule.chain) ? ruleTag(rule) : undefined;
    return tag ? [{ rule, tag }] : [];
  });
}
