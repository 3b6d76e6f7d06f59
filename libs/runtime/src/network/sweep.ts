import { RuntimeError } from '../model/runtime-error.js';
import { removeRulesWhere } from './firewall/owner-rules.js';
import { linkExists } from './interfaces.js';
import { HOST_VETH, ownerFromTag } from './names.js';
import { runTool } from './run-tool.js';

export interface SweepNetworkOptions {
  /** Owners whose bridges, veths and rules stay (the live containers and networks). */
  keepOwners: Iterable<string>;
  /** Bridges considered Berth's by name; default `berth-`. */
  bridgePrefix?: string;
  /**
   * Only owners starting with this are swept (a test, or one of several engines sharing a
   * host, sweeps its own). Objects with no owner mark are swept only when this is empty.
   */
  ownerPrefix?: string;
}

export interface SweepNetworkResult {
  /** Firewall rules removed. */
  rules: number;
  /** Host veths removed (each took its container end along). */
  veths: string[];
  bridges: string[];
}

interface LinkJson {
  ifname: string;
  ifalias?: string;
  linkinfo?: { info_kind?: string };
}

/**
 * The startup sweep of the network: what a crashed engine left — rules, host veths of
 * containers that are gone, bridges of networks that are gone — is removed, judged by the
 * owner each object carries (rule comment, interface alias), so no database is needed.
 * Veths go before bridges, so a swept bridge has no ports left when it is deleted.
 */
export async function sweepNetwork(options: SweepNetworkOptions): Promise<SweepNetworkResult> {
  const keep = new Set(options.keepOwners);
  const prefix = options.ownerPrefix ?? '';
  const doomed = (owner: string | undefined) => (owner === undefined ? prefix === '' : owner.startsWith(prefix) && !keep.has(owner));
  const rules = await removeRulesWhere((tag) => doomed(tag.owner), 'sweeping firewall rules of owners that are gone');
  const links = await listLinks();
  const bridgePrefix = options.bridgePrefix ?? 'berth-';
  const veths = links.filter((link) => kindOf(link) === 'veth' && HOST_VETH.test(link.ifname) && doomed(ownerFromTag(link.ifalias)));
  const bridges = links.filter((link) => kindOf(link) === 'bridge' && link.ifname.startsWith(bridgePrefix) && doomed(ownerFromTag(link.ifalias)));
  await deleteLinks([...veths, ...bridges].map((link) => link.ifname));
  return { rules, veths: veths.map((link) => link.ifname), bridges: bridges.map((link) => link.ifname) };
}

function kindOf(link: LinkJson): string | undefined {
  return link.linkinfo?.info_kind;
}

async function listLinks(): Promise<LinkJson[]> {
  return JSON.parse((await runTool('ip', ['-j', '-d', 'link', 'show'], { what: 'listing the host interfaces' })) || '[]') as LinkJson[];
}

/** One `ip` process for all of them; a link that vanished meanwhile (its netns died) is not an error. */
async function deleteLinks(names: string[]): Promise<void> {
  if (names.length === 0) return;
  const input = names.map((name) => `link del dev ${name}\n`).join('');
  try {
    await runTool('ip', ['-force', '-batch', '-'], { input, what: 'sweeping interfaces' });
  } catch (error) {
    const left = names.filter(linkExists);
    if (left.length > 0)
      throw new RuntimeError((error as RuntimeError).code ?? 'EIO', `${(error as Error).message} (left: ${left.join(', ')})`, { cause: error });
  }
}
