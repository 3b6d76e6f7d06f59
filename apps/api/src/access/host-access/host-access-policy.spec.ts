import { describe, expect, it } from 'vitest';
import { HttpException } from '@nestjs/common';
import { addressIsOpen, EMPTY_ALLOW_LIST, parseAllowList, subnetInside } from '../../util/address-ranges.js';
import { containerCreateNeeds, containerEntryNeeds, containerUpdateNeeds, networkCreateNeeds, registryNeeds } from './host-access-policy.js';
import { enforce } from './host-access.service.js';

const fields = (needs: { field: string }[]) => needs.map((need) => need.field);

describe('container create', () => {
  it('asks nothing of the host for an ordinary container', () => {
    expect(
      containerCreateNeeds({
        image: 'busybox',
        network: 'bridge',
        capAdd: ['chown', 'CAP_NET_BIND_SERVICE', 'IPC_LOCK', 'lease'],
        capDrop: ['ALL'],
        mounts: [
          { type: 'volume', source: 'data', target: '/data' },
          { type: 'tmpfs', target: '/tmp' },
        ],
        ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81 }],
        resources: { memory: '64m', pidsLimit: 100 },
      }),
    ).toEqual([]);
  });

  it('names each host need by its field (reproduction 1: host network, NET_ADMIN, SYS_PTRACE, SYS_ADMIN)', () => {
    expect(fields(containerCreateNeeds({ image: 'busybox', network: 'host', capAdd: ['NET_ADMIN', 'sys_ptrace', 'CAP_SYS_ADMIN'] }))).toEqual([
      'network',
      'capAdd[0]',
      'capAdd[1]',
      'capAdd[2]',
    ]);
  });

  it('treats privileged, a host entry in networks, ALL or an unknown capability, bind mounts and ports below 1024 as host needs', () => {
    expect(
      fields(
        containerCreateNeeds({
          image: 'busybox',
          privileged: true,
          networks: ['backend', 'host'],
          capAdd: ['ALL', 'NOT_A_CAP'],
          mounts: [
            { type: 'tmpfs', target: '/tmp' },
            { type: 'bind', source: '/etc', target: '/host-etc', readOnly: true },
          ],
          ports: [
            { containerPort: 22, hostPort: 22 },
            { containerPort: 80, hostPort: 1024 },
          ],
        }),
      ),
    ).toEqual(['privileged', 'networks[1]', 'capAdd[0]', 'capAdd[1]', 'mounts[1].source', 'ports[0].hostPort']);
  });
});

describe('an unlimited pids count', () => {
  it('is a host need on create and on update; any bound is not', () => {
    expect(fields(containerCreateNeeds({ image: 'busybox', resources: { pidsLimit: -1 } }))).toEqual(['resources.pidsLimit']);
    expect(fields(containerUpdateNeeds({ resources: { pidsLimit: -1 } }))).toEqual(['resources.pidsLimit']);
    expect(containerUpdateNeeds({ resources: { pidsLimit: 100_000, memory: '1g' } })).toEqual([]);
  });
});

describe('entering a container (exec, attach, terminal)', () => {
  it('is a host need when the container holds host access, but not for a low published port', () => {
    expect(fields(containerEntryNeeds('root-shell', { image: 'busybox', privileged: true }))).toEqual(['container']);
    expect(containerEntryNeeds('root-shell', { image: 'busybox', network: 'host' })[0]!.reason).toContain('network host');
    expect(containerEntryNeeds('web', { image: 'busybox', ports: [{ containerPort: 80, hostPort: 80 }] })).toEqual([]);
    expect(containerEntryNeeds('plain', { image: 'busybox' })).toEqual([]);
  });
});

describe('network create (reproduction 3: a subnet outside the pool)', () => {
  const pool = '10.89.0.0/16';

  it('lets a subnet inside the pool through, and no subnet at all', () => {
    expect(networkCreateNeeds({ subnet: '10.89.7.0/24' }, pool)).toEqual([]);
    expect(networkCreateNeeds({ subnet: '10.89.0.0/16' }, pool)).toEqual([]);
    expect(networkCreateNeeds({}, pool)).toEqual([]);
  });

  it('refuses public, private, loopback, link-local, multicast and wider-than-pool blocks', () => {
    for (const subnet of ['8.8.8.0/24', '0.0.0.0/1', '10.0.0.0/8', '10.88.0.0/24', '192.168.1.0/24', '127.0.0.0/30', '169.254.169.252/30', '224.0.0.0/24']) {
      expect(fields(networkCreateNeeds({ subnet }, pool)), subnet).toEqual(['subnet']);
    }
  });

  it('compares blocks, not text', () => {
    expect(subnetInside('10.89.255.252/30', '10.89.0.0/16')).toBe(true);
    expect(subnetInside('10.90.0.0/24', '10.89.0.0/16')).toBe(false);
    expect(subnetInside('not a block', '10.89.0.0/16')).toBe(false);
  });
});

describe('registries', () => {
  it('opens public unicast addresses only', () => {
    for (const address of ['93.184.216.34', '2606:4700::6810:84e5']) expect(addressIsOpen(address, EMPTY_ALLOW_LIST), address).toBe(true);
    for (const address of [
      '127.0.0.1',
      '127.8.9.10',
      '0.0.0.0',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.0.10',
      '169.254.169.254',
      '100.64.0.1',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:169.254.169.254',
      '2002:7f00:1::1',
      '64:ff9b::7f00:1',
      'not an address',
    ]) {
      expect(addressIsOpen(address, EMPTY_ALLOW_LIST), address).toBe(false);
    }
  });

  it('needs the admin when any resolved address is closed, naming the field', () => {
    expect(registryNeeds('reference', 'registry.example', ['93.184.216.34'], EMPTY_ALLOW_LIST)).toEqual([]);
    expect(fields(registryNeeds('reference', 'registry.example', ['93.184.216.34', '10.0.0.5'], EMPTY_ALLOW_LIST))).toEqual(['reference']);
    expect(fields(registryNeeds('target', '127.0.0.1:5000', ['127.0.0.1'], EMPTY_ALLOW_LIST))).toEqual(['target']);
  });

  it('opens what BERTH_REGISTRY_ALLOW lists: a name (any port), a name:port, an address, a block', () => {
    const allow = parseAllowList('registry.lan, mirror.lan:5000 10.1.2.3,192.168.50.0/24');
    expect(registryNeeds('reference', 'registry.lan:443', ['10.9.9.9'], allow)).toEqual([]);
    expect(registryNeeds('reference', 'mirror.lan:5000', ['10.9.9.9'], allow)).toEqual([]);
    expect(fields(registryNeeds('reference', 'mirror.lan:5001', ['10.9.9.9'], allow))).toEqual(['reference']);
    expect(registryNeeds('reference', '10.1.2.3:5000', ['10.1.2.3'], allow)).toEqual([]);
    expect(registryNeeds('reference', 'other.lan', ['192.168.50.7'], allow)).toEqual([]);
    expect(fields(registryNeeds('reference', 'other.lan', ['192.168.51.7'], allow))).toEqual(['reference']);
  });

  it('refuses an allow-list entry it cannot read', () => {
    expect(() => parseAllowList('10.0.0.0/33')).toThrow(/address block/);
    expect(() => parseAllowList('bad host!')).toThrow(/not a host name/);
    expect(parseAllowList(undefined)).toEqual({ hosts: [], blocks: [] });
  });
});

describe('enforce', () => {
  const need = [{ field: 'network', reason: 'host network' }];

  it('lets an admin have any need met, and nobody else', () => {
    expect(() => enforce({ role: 'admin' }, need)).not.toThrow();
    expect(() => enforce({ role: 'operator' }, [])).not.toThrow();
    for (const role of ['viewer', 'operator'] as const) {
      let thrown: unknown;
      try {
        enforce({ role }, need);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(HttpException);
      expect((thrown as HttpException).getStatus()).toBe(403);
      expect((thrown as HttpException).getResponse()).toMatchObject({ code: 'HOST_ACCESS_DENIED', field: 'network' });
    }
  });
});
