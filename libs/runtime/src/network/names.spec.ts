import { describe, expect, it } from 'vitest';
import { hostVethName, macForAddress, ownerFromTag, ownerTag, validateInterfaceName, validateOwner } from './names.js';

describe('names and owner marks', () => {
  it('names host veths vb- and 12 hex digits, the same for the same container and interface', () => {
    const name = hostVethName('web-1', 'eth0', 4026532000);
    expect(name).toMatch(/^vb-[0-9a-f]{12}$/);
    expect(name).toHaveLength(15);
    expect(hostVethName('web-1', 'eth0', 4026532000)).toBe(name);
    expect(hostVethName('web-1', 'eth1', 4026532000)).not.toBe(name);
    expect(hostVethName('web-1', 'eth0', 4026532001)).not.toBe(name);
  });

  it('derives a locally administered unicast MAC from the address', () => {
    expect(macForAddress('10.88.0.2')).toBe('02:be:0a:58:00:02');
  });

  it('round-trips owners through the alias and comment mark', () => {
    expect(ownerFromTag(ownerTag('web-1'))).toBe('web-1');
    expect(ownerFromTag('something else')).toBeUndefined();
    expect(ownerFromTag(undefined)).toBeUndefined();
  });

  it('refuses owners and interface names that could not be written safely', () => {
    expect(() => validateOwner('has space')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => validateOwner('quote"d')).toThrow(/owner/);
    expect(() => validateInterfaceName('sixteen-chars-xx', 'bridge')).toThrow(/bridge: .* 1-15/);
    expect(() => validateInterfaceName('a/b', 'ifname')).toThrow(/ifname/);
    expect(validateInterfaceName('berth-default', 'bridge')).toBe('berth-default');
  });
});
