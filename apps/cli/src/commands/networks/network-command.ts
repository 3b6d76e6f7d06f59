import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { defineNetworkConnect, defineNetworkDisconnect } from './network-connect.js';
import { defineNetworkCreate } from './network-create.js';
import { defineNetworkInspect } from './network-inspect.js';
import { defineNetworkLs } from './network-ls.js';
import { defineNetworkPrune } from './network-prune.js';
import { defineNetworkRm } from './network-rm.js';

/** `network create|ls|inspect|rm|connect|disconnect|prune`. */
export function registerNetwork(program: Command, context: CliContext): void {
  const network = program.command('network').description('manage bridge networks');
  defineNetworkCreate(network, context);
  defineNetworkLs(network, context);
  defineNetworkInspect(network, context);
  defineNetworkRm(network, context);
  defineNetworkConnect(network, context);
  defineNetworkDisconnect(network, context);
  defineNetworkPrune(network, context);
}
