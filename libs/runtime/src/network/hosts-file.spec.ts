import { describe, expect, it } from 'vitest';
import { renderHostsFile } from './hosts-file.js';

describe('renderHostsFile', () => {
  it('writes the loopback lines, then one line per address', () => {
    const text = renderHostsFile([
      { address: '10.88.0.2', names: ['web', 'web.berth'] },
      { address: 'fd00::2', names: ['db'] },
    ]);
    expect(text.split('\n').slice(0, 2)).toEqual(['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback']);
    expect(text.endsWith('10.88.0.2\tweb web.berth\nfd00::2\tdb\n')).toBe(true);
    expect(renderHostsFile([{ address: '10.0.0.3', names: ['a'] }], { loopback: false })).toBe('10.0.0.3\ta\n');
  });

  it.each([['has space'], ['x#y'], ['-lead'], ['a..b'], ['x'.repeat(64)]])('refuses the name %j, which would corrupt the file', (name) => {
    expect(() => renderHostsFile([{ address: '10.0.0.3', names: [name] }])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('refuses an entry that is not an address or has no name', () => {
    expect(() => renderHostsFile([{ address: '10.0.0', names: ['a'] }])).toThrow(/hosts\[0\]\.address/);
    expect(() => renderHostsFile([{ address: '10.0.0.1', names: [] }])).toThrow(/hosts\[0\]\.names: give at least one name/);
  });
});
