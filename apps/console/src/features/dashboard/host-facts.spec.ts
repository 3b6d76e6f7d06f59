import { describe, expect, it } from 'vitest';
import { sampleSystemInfo } from '../../testing/fetch-stub';
import { hostFacts } from './host-facts';

describe('hostFacts', () => {
  it('formats memory in binary units and spells out cgroup and database modes', () => {
    const facts = Object.fromEntries(hostFacts(sampleSystemInfo).map((fact) => [fact.label, fact.value]));

    expect(facts).toMatchObject({
      Hostname: 'dock-01',
      CPUs: '8',
      Memory: '16GiB',
      cgroups: 'hybrid (v1 controllers, v2 beside)',
      Database: 'PostgreSQL, embedded',
      'State root': '/var/lib/berth',
      'Berth version': '0.1.0',
    });
  });

  it('names each capability the host lacks with its install command, and only those', () => {
    const facts = Object.fromEntries(hostFacts(sampleSystemInfo).map((fact) => [fact.label, fact.value]));

    expect(facts['Off: bridge-networking']).toBe('iptables-save, iptables-restore missing — apt-get install iptables');
    expect(facts).not.toHaveProperty('Off: seed-image');
  });
});
