import type { ContainerDetail } from '@berth/contracts';
import type { Fact } from '../../components/fact-list';
import { formatTime } from '../../formatting';
import { joinCommandLine } from './command-line';

/** What an operator checks first about a container, in that order. */
export function containerFacts(container: ContainerDetail): Fact[] {
  const facts: Fact[] = [
    { label: 'Id', value: container.id, mono: true },
    { label: 'Image', value: container.image, mono: true },
    { label: 'Command', value: joinCommandLine(container.command) || '—', mono: true },
    { label: 'Created', value: formatTime(container.createdAt) },
    { label: 'Started', value: formatTime(container.startedAt) },
  ];
  if (container.finishedAt) facts.push({ label: 'Finished', value: `${formatTime(container.finishedAt)} (exit ${container.exitCode ?? '?'})` });
  if (container.oomKilled) facts.push({ label: 'OOM', value: 'killed for running out of memory' });
  facts.push({ label: 'Restart policy', value: `${container.restartPolicy.name} (restarted ${container.restartCount}×)` });
  facts.push({ label: 'Network', value: networkText(container) });
  if (container.ports.length > 0) {
    facts.push({ label: 'Ports', value: container.ports.map((p) => `${p.hostIp}:${p.hostPort} → ${p.containerPort}/${p.protocol}`).join(', '), mono: true });
  }
  if (container.mounts.length > 0) {
    facts.push({ label: 'Mounts', value: container.mounts.map((m) => `${m.source} → ${m.target}${m.readOnly ? ' (ro)' : ''}`).join(', '), mono: true });
  }
  return facts;
}

function networkText(container: ContainerDetail): string {
  if (container.networkMode !== 'bridge' || container.networks.length === 0) return container.networkMode;
  return container.networks.map((n) => `${n.network} ${n.ip}/${n.prefixLength}`).join(', ');
}
