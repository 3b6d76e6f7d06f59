import { describe, expect, it } from 'vitest';
import { cidrContains, cidrsOverlap, firstHost, formatIpv4, parseIpv4, parseIpv4Cidr, parseSubnet, requireHostAddress } from './ipv4.js';

describe('IPv4 parsing', () => {
  it('reads dotted quads and writes them back', () => {
    expect(parseIpv4('10.88.0.2')).toBe(0x0a580002);
    expect(formatIpv4(0x0a580002)).toBe('10.88.0.2');
    expect(formatIpv4(parseIpv4('255.255.255.255'))).toBe('255.255.255.255');
  });

  it.each([['10.0.0'], ['10.0.0.256'], ['10.0.0.01'], ['a.b.c.d'], [''], ['10.0.0.1 ']])('refuses %j', (text) => {
    expect(() => parseIpv4(text, 'gateway')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^gateway: /) }));
  });

  it('says that IPv6 is not supported rather than that the address is malformed', () => {
    expect(() => parseIpv4('fd00::1')).toThrow(/is IPv6; Berth networks are IPv4 only/);
  });

  it('reads a CIDR with its network, broadcast and mask', () => {
    expect(parseIpv4Cidr('10.88.0.5/24')).toEqual({
      address: '10.88.0.5',
      prefix: 24,
      network: '10.88.0.0',
      broadcast: '10.88.0.255',
      netmask: '255.255.255.0',
    });
    expect(parseIpv4Cidr('0.0.0.0/0')).toMatchObject({ network: '0.0.0.0', broadcast: '255.255.255.255', netmask: '0.0.0.0' });
    expect(() => parseIpv4Cidr('10.0.0.0/33')).toThrow(/longer than 32 bits/);
    expect(() => parseIpv4Cidr('10.0.0.0')).toThrow(/not in CIDR form/);
  });

  it('wants a subnet written as its network address, with room for a gateway and a container', () => {
    expect(parseSubnet('10.88.0.0/24').prefix).toBe(24);
    expect(() => parseSubnet('10.88.0.1/24')).toThrow(/has host bits set; did you mean 10\.88\.0\.0\/24\?/);
    expect(() => parseSubnet('10.88.0.0/31')).toThrow(/use \/30 or wider/);
  });

  it('knows which addresses are inside, and which blocks overlap', () => {
    const block = parseIpv4Cidr('10.88.0.0/24');
    expect(cidrContains(block, '10.88.0.200')).toBe(true);
    expect(cidrContains(block, '10.88.1.1')).toBe(false);
    expect(cidrsOverlap(block, parseIpv4Cidr('10.0.0.0/8'))).toBe(true);
    expect(cidrsOverlap(parseIpv4Cidr('10.88.0.0/25'), parseIpv4Cidr('10.88.0.128/25'))).toBe(false);
  });

  it('accepts only host addresses of a subnet', () => {
    const subnet = parseSubnet('10.88.0.0/24');
    expect(() => requireHostAddress(subnet, '10.88.0.7', 'address')).not.toThrow();
    expect(() => requireHostAddress(subnet, '10.88.0.0', 'address')).toThrow(/network address of 10\.88\.0\.0\/24/);
    expect(() => requireHostAddress(subnet, '10.88.0.255', 'address')).toThrow(/broadcast address/);
    expect(() => requireHostAddress(subnet, '10.89.0.1', 'address')).toThrow(/outside the subnet 10\.88\.0\.0\/24/);
    expect(firstHost('10.88.0.0/24')).toBe('10.88.0.1');
  });
});
