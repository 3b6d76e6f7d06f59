import type { PortBindingRequest } from '@berth/contracts';
import { CliError } from '../../../cli-error.js';

/** `-p [hostIp:][hostPort:]containerPort[/tcp|udp]`, as docker takes it (no ranges). */
export function publishFlag(spec: string): PortBindingRequest {
  const [ports, protocol = 'tcp', ...rest] = spec.split('/');
  if (rest.length > 0 || (protocol !== 'tcp' && protocol !== 'udp')) throw invalid(spec);
  const parts = ports!.split(':');
  if (parts.length > 3) throw invalid(spec);
  const containerPort = port(spec, parts[parts.length - 1]!);
  const binding: PortBindingRequest = { containerPort, protocol };
  if (parts.length >= 2 && parts[parts.length - 2] !== '') binding.hostPort = port(spec, parts[parts.length - 2]!);
  if (parts.length === 3 && parts[0] !== '') binding.hostIp = parts[0];
  return binding;
}

function port(spec: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 65535) throw invalid(spec);
  return value;
}

function invalid(spec: string): CliError {
  return new CliError('INVALID_OPTION', `-p takes [hostIp:][hostPort:]containerPort[/tcp|udp] with ports 1-65535, not "${spec}"`);
}
