import { describe, expect, it } from 'vitest';
import { resourcesFromFlags } from '../cli/update-flags.js';
import { mergeResources, updateWrites } from './merge-resources.js';

describe('update resources (pure)', () => {
  it('merges field by field and keeps the device rules', () => {
    const stored = { memory: { limit: 100, swap: 200 }, cpu: { shares: 512 }, devices: [{ allow: false }] };
    expect(mergeResources(stored, { memory: { limit: 150 }, pids: { limit: 9 } })).toEqual({
      memory: { limit: 150, swap: 200 },
      cpu: { shares: 512 },
      pids: { limit: 9 },
      devices: [{ allow: false }],
    });
  });

  it('writes values that share a file or an ordering together', () => {
    const merged = { memory: { limit: 150, swap: 200 }, cpu: { quota: 50_000, period: 100_000, shares: 2 } };
    expect(updateWrites(merged, { memory: { limit: 150 } })).toEqual({ memory: { limit: 150, swap: 200 } });
    expect(updateWrites(merged, { cpu: { quota: 50_000 } })).toEqual({ cpu: { quota: 50_000, period: 100_000 } });
    expect(updateWrites({ cpu: { period: 20_000 } }, { cpu: { period: 20_000 } })).toEqual({ cpu: { quota: -1, period: 20_000 } });
    expect(updateWrites(merged, { cpu: { shares: 2 } })).toEqual({ cpu: { shares: 2 } });
  });

  it('turns docker-style flags into a resources patch over a --resources file', () => {
    expect(
      resourcesFromFlags({ memory: '512m', memorySwap: '-1', cpus: '1.5', pidsLimit: '20', cpusetCpus: '0' }, { pids: { limit: 5 }, blockIO: { weight: 100 } }),
    ).toEqual({
      memory: { limit: 512 * 1024 * 1024, swap: -1 },
      cpu: { quota: 150_000, period: 100_000, cpus: '0' },
      pids: { limit: 20 },
      blockIO: { weight: 100 },
    });
    expect(() => resourcesFromFlags({ cpus: '1', cpuQuota: '5000' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => resourcesFromFlags({ pidsLimit: 'many' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^--pids-limit/) }),
    );
  });
});
