import { runTool } from '../run-tool.js';

/**
 * The host's iptables state as `iptables-save` prints it, and changes to it applied with one
 * `iptables-restore --noflush`. Rules are compared and deleted by the exact text
 * iptables-save prints, so what we read back is what we remove: no rule numbers, which shift
 * under concurrent writers.
 */
export type Table = 'nat' | 'filter';

export interface SavedRule {
  table: Table;
  chain: string;
  /** Everything after `-A <chain> `, as iptables-save prints it. */
  spec: string;
}

export interface Ruleset {
  /** Chains that exist, per table (built-in and user-defined). */
  chains: Record<Table, Set<string>>;
  rules: SavedRule[];
}

export interface RuleLine {
  table: Table;
  /** An iptables-restore command line: `-A BERTH-FWD …`, `-D …`, `-I FORWARD 1 …`, `-N …`, `-X …`. */
  line: string;
}

const TABLES: Table[] = ['nat', 'filter'];

export async function readRuleset(): Promise<Ruleset> {
  const text = await runTool('iptables-save', [], { what: 'reading the firewall rules' });
  return parseSave(text);
}

export function parseSave(text: string): Ruleset {
  const ruleset: Ruleset = { chains: { nat: new Set(), filter: new Set() }, rules: [] };
  let table: Table | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) table = TABLES.find((name) => name === line.slice(1));
    if (!table) continue;
    const chain = /^:(\S+) /.exec(line);
    if (chain) ruleset.chains[table].add(chain[1]!);
    const rule = /^-A (\S+) (.*)$/.exec(line);
    if (rule) ruleset.rules.push({ table, chain: rule[1]!, spec: rule[2]! });
  }
  return ruleset;
}

/** Applies the lines in one iptables-restore run; each table is committed as a whole. */
export async function applyLines(lines: RuleLine[], what: string): Promise<void> {
  if (lines.length === 0) return;
  let input = '';
  for (const table of TABLES) {
    const own = lines.filter((entry) => entry.table === table);
    if (own.length > 0) input += `*${table}\n${own.map((entry) => entry.line).join('\n')}\nCOMMIT\n`;
  }
  // --noflush: only our lines change; -w: wait for the xtables lock where the legacy backend uses it.
  await runTool('iptables-restore', ['--noflush', '-w', '5'], { input, what });
}

export function deleteLine(rule: SavedRule): RuleLine {
  return { table: rule.table, line: `-D ${rule.chain} ${rule.spec}` };
}
