import { RuntimeError } from '../../model/runtime-error.js';
import { chainSetupLines, chainTeardownLines, hasRule, ownedRules } from './chains.js';
import { applyLines, deleteLine, readRuleset, type RuleLine, type Ruleset, type SavedRule, type Table } from './ruleset.js';

/** A rule to add to one of Berth's chains. */
export interface NewRule {
  table: Table;
  chain: string;
  /** As iptables-save prints it (so that presence checks and deletes match it exactly). */
  spec: string;
  /** Insert at the top (drops that must precede accepts) instead of appending. */
  first?: boolean;
}

/**
 * Adds and removes rules in one iptables-restore run, creating Berth's chains and jumps first
 * if missing. iptables-restore commits table by table, so a failure in the filter table can
 * follow a committed nat table: then everything this call changed is put back, the chains and
 * jumps included when this call made them and nothing else uses them.
 */
export async function changeRules(before: Ruleset, add: NewRule[], remove: SavedRule[], what: string): Promise<void> {
  const setup = chainSetupLines(before);
  const adding = add.filter((rule) => !hasRule(before, rule.table, rule.chain, rule.spec));
  const lines: RuleLine[] = [...setup, ...remove.map(deleteLine), ...adding.map(addLine)];
  try {
    await applyLines(lines, what);
  } catch (error) {
    try {
      await undo(before, adding, remove, setup.length > 0);
    } catch (cleanup) {
      const message = `${(error as Error).message} (and undoing it failed: ${(cleanup as Error).message})`;
      throw new RuntimeError((error as RuntimeError).code ?? 'EIO', message, { cause: error });
    }
    throw error;
  }
}

function addLine(rule: NewRule): RuleLine {
  return { table: rule.table, line: rule.first ? `-I ${rule.chain} 1 ${rule.spec}` : `-A ${rule.chain} ${rule.spec}` };
}

async function undo(before: Ruleset, added: NewRule[], removed: SavedRule[], madeChains: boolean): Promise<void> {
  const now = await readRuleset();
  const lines: RuleLine[] = [
    ...added.filter((rule) => hasRule(now, rule.table, rule.chain, rule.spec)).map((rule) => deleteLine(rule)),
    ...removed.filter((rule) => !hasRule(now, rule.table, rule.chain, rule.spec)).map((rule) => addLine({ ...rule, first: firstInBefore(before, rule) })),
  ];
  await applyLines(lines, 'undoing a failed firewall change');
  if (!madeChains) return;
  const after = await readRuleset();
  if (ownedRules(after).length === 0) await applyLines(chainTeardownLines(after), 'removing the firewall chains a failed change made');
}

/** A removed rule goes back where it was relative to the rest: at the top if it was first in its chain. */
function firstInBefore(before: Ruleset, rule: SavedRule): boolean {
  const chain = before.rules.filter((entry) => entry.table === rule.table && entry.chain === rule.chain);
  return chain[0]?.spec === rule.spec;
}
