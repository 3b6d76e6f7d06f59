import type { SystemInfo } from '@berth/contracts';
import { formatBytes } from '@berth/runtime/model';
import type { Fact } from '../../components/fact-list';

const CGROUP_LABELS: Record<SystemInfo['cgroupVersion'], string> = {
  v1: 'v1',
  v2: 'v2 (unified)',
  hybrid: 'hybrid (v1 controllers, v2 beside)',
  none: 'not available',
};

const DATABASE_LABELS: Record<SystemInfo['database'], string> = {
  embedded: 'PostgreSQL, embedded',
  external: 'PostgreSQL, external (DATABASE_URL)',
};

/** The host facts in the order an operator scans them: which machine, what kernel, how big. */
export function hostFacts(info: SystemInfo): Fact[] {
  return [
    { label: 'Hostname', value: info.hostname, mono: true },
    { label: 'Operating system', value: info.os },
    { label: 'Kernel', value: info.kernel, mono: true },
    { label: 'Architecture', value: info.architecture },
    { label: 'CPUs', value: String(info.cpus) },
    // Same binary units as container limits (formatBytes from the runtime model).
    { label: 'Memory', value: formatBytes(info.memoryBytes) },
    { label: 'cgroups', value: CGROUP_LABELS[info.cgroupVersion] },
    { label: 'Database', value: DATABASE_LABELS[info.database] },
    { label: 'State root', value: info.stateRoot, mono: true },
    { label: 'Berth version', value: info.version, mono: true },
    ...info.capabilities.filter((capability) => !capability.available).map(offCapability),
  ];
}

/** A capability the host lacks, with what turns it on: the operator's next step. */
function offCapability(capability: SystemInfo['capabilities'][number]): Fact {
  return { label: `Off: ${capability.name}`, value: `${capability.missingTools.join(', ')} missing — ${capability.install ?? ''}`, mono: true };
}
