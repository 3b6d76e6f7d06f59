import { describe, expect, it } from 'vitest';
import { sampleContainerDetail } from '../../testing/samples';
import { containerFacts } from './container-facts';

describe('containerFacts', () => {
  it('lists ports, networks and mounts as an operator reads them', () => {
    const facts = Object.fromEntries(
      containerFacts(
        sampleContainerDetail({
          ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 32768 }],
          networks: [{ network: 'bridge', ip: '10.88.0.2', prefixLength: 16, gateway: '10.88.0.1', mac: '', aliases: [], interface: 'eth0' }],
          mounts: [{ type: 'volume', source: 'data', target: '/data', readOnly: true }],
        }),
      ).map((fact) => [fact.label, fact.value]),
    );

    expect(facts['Ports']).toBe('127.0.0.1:32768 → 80/tcp');
    expect(facts['Network']).toBe('bridge 10.88.0.2/16');
    expect(facts['Mounts']).toBe('data → /data (ro)');
    expect(facts['Command']).toBe("sh -c 'sleep 1000'");
    expect(facts['Finished']).toBeUndefined();
  });

  it('says how a stopped container ended', () => {
    const facts = containerFacts(sampleContainerDetail({ status: 'stopped', finishedAt: '2026-01-01T00:01:00Z', exitCode: 137, oomKilled: true }));

    expect(facts.find((fact) => fact.label === 'Finished')?.value).toContain('exit 137');
    expect(facts.some((fact) => fact.label === 'OOM')).toBe(true);
  });
});
