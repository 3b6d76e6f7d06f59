import { describe, expect, it } from 'vitest';
import { DEFAULT_MASKED_PATHS, DEFAULT_READONLY_PATHS, defaultPaths } from './default-paths.js';

describe('default masked and read-only paths', () => {
  it('hide kernel memory, the keyring and host internals, and freeze /proc/sys', () => {
    for (const path of ['/proc/kcore', '/proc/keys', '/proc/interrupts', '/proc/timer_list', '/sys/firmware', '/sys/devices/virtual/powercap']) {
      expect(DEFAULT_MASKED_PATHS).toContain(path);
    }
    expect(DEFAULT_MASKED_PATHS).toHaveLength(12);
    expect(DEFAULT_READONLY_PATHS).toEqual(['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger']);
    expect([...DEFAULT_MASKED_PATHS, ...DEFAULT_READONLY_PATHS].every((path) => path.startsWith('/'))).toBe(true);
  });

  it('are copies, and empty for a privileged container', () => {
    const paths = defaultPaths();
    paths.maskedPaths.push('/x');
    expect(DEFAULT_MASKED_PATHS).not.toContain('/x');
    expect(defaultPaths({ privileged: true })).toEqual({ maskedPaths: [], readonlyPaths: [] });
  });
});
