import { RuntimeError } from '../../model/runtime-error.js';
import { serialized } from '../lock.js';
import { validateOwner } from '../names.js';
import { changeRules } from './change-rules.js';
import { chainTeardownLines, isBerthChain, ownedRules, type RuleTag } from './chains.js';
import { applyLines, readRuleset, type SavedRule } from './ruleset.js';

export interface FirewallRule extends RuleTag {
  table: SavedRule['table'];
  chain: string;
  /** The rule as iptables-save prints it. */
  spec: string;
}

/** Every rule in Berth's chains with its owner, as the kernel has them now. */
export async function listFirewallRules(owner?: string): Promise<FirewallRule[]> {
  const rules = ownedRules(await readRuleset()).map(({ rule, tag }) => ({ ...tag, table: rule.table, chain: rule.chain, spec: rule.spec }));
  return owner === undefined ? rules : rules.filter((rule) => rule.owner === owner);
}

/**
 * Removes every rule of an owner (a container's published ports, a network's rules), in one
 * change. Idempotent; returns how many rules went.
 */
export async function removeFirewallRules(owner: string): Promise<number> {
  validateOwner(owner);
  return removeRulesWhere((tag) => tag.owner === owner, `removing the firewall rules of ${owner}`);
}

export function removeRulesWhere(doomed: (tag: RuleTag) => boolean, what: string): Promise<number> {
  return serialized(() => removeRulesNow(doomed, what));
}

/** removeRulesWhere for a caller that already holds the lock. */
export async function removeRulesNow(doomed: (tag: RuleTag) => boolean, what: string): Promise<number> {
  const before = await readRuleset();
  const rules = ownedRules(before)
    .filter(({ tag }) => doomed(tag))
    .map(({ rule }) => rule);
  if (rules.length > 0) await changeRules(before, [], rules, what);
  return rules.length;
}

/**
 * Removes Berth's chains and the jumps into them, leaving the firewall as it was before Berth
 * used it. Refused while any rule is still in them: those belong to live networks or ports.
 */
export async function removeFirewallChains(): Promise<void> {
  return serialized(async () => {
    const ruleset = await readRuleset();
    const left = ruleset.rules.filter((rule) => isBerthChain(rule.chain));
    if (left.length > 0) {
      const owners = [...new Set(ownedRules(ruleset).map(({ tag }) => tag.owner))];
      const who = owners.length > 0 ? `owners: ${owners.join(', ')}` : `${left.length} untagged rules`;
      throw new RuntimeError('FIREWALL_IN_USE', `Berth's firewall chains still hold rules (${who}); remove or sweep them first`);
    }
    await applyLines(chainTeardownLines(ruleset), "removing Berth's firewall chains");
  });
}
