// Host-level network primitives for bridge-mode containers: bridges, veth attachment, an
// address allocator, the iptables firewall (isolation, egress NAT, published ports), counters
// and the hosts file. The API owns the catalogue (which networks exist, who has which address)
// and drives these; nothing here needs a database. IPv4 only.
export { attachToBridge, detach, type AttachOptions, type Attachment } from './attach.js';
export { ensureBridge, removeBridge, type BridgeInfo, type BridgeOptions } from './bridge.js';
export { interfaceCounters, type InterfaceCounters } from './counters.js';
export { bringUpLoopback } from './loopback.js';
export { installNetworkRules, type NetworkRulesOptions } from './firewall/network-rules.js';
export { listFirewallRules, removeFirewallChains, removeFirewallRules, type FirewallRule } from './firewall/owner-rules.js';
export { listPublishedPorts, publishPort, unpublishPort, type PublishedPort, type PublishOptions } from './firewall/port-rules.js';
export type { Protocol } from './firewall/port-holders.js';
export { renderHostsFile, type HostsEntry, type HostsFileOptions } from './hosts-file.js';
export { nextFreeAddress, type NextFreeOptions } from './ipam.js';
export { cidrContains, cidrsOverlap, firstHost, formatIpv4, isIpv4, parseIpv4, parseIpv4Cidr, parseSubnet, type Ipv4Cidr } from './ipv4.js';
export { sweepNetwork, type SweepNetworkOptions, type SweepNetworkResult } from './sweep.js';
