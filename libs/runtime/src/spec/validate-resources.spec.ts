import { describe, expect, it } from 'vitest';
import type { OciResources } from '../model/oci-spec.js';
import { validateResources } from './validate-resources.js';

describe('validateResources', () => {
  it('accepts a full, valid set', () => {
    const resources: OciResources = {
      memory: { limit: 1 << 26, reservation: 1 << 25, swap: 1 << 27, swappiness: 0, disableOOMKiller: false },
      cpu: { shares: 1024, quota: 50_000, period: 100_000, cpus: '0-1,3', mems: '0' },
      pids: { limit: -1 },
      blockIO: { weight: 500, weightDevice: [{ major: 8, minor: 0, weight: 100 }], throttleReadBpsDevice: [{ major: 8, minor: 0, rate: 0 }] },
      devices: [
        { allow: false, access: 'rwm' },
        { allow: true, type: 'c', major: 1, minor: 3, access: 'rw' },
      ],
      unified: { 'memory.high': '1G' },
    };
    expect(validateResources(resources)).toBe(resources);
    expect(validateResources(undefined)).toEqual({});
  });

  it.each<[string, unknown, string, RegExp]>([
    ['a fractional limit', { memory: { limit: 1.5 } }, 'INVALID_RESOURCES', /^linux\.resources\.memory\.limit: 1\.5 must be bytes/],
    ['swap below the limit', { memory: { limit: 100, swap: 50 } }, 'INVALID_RESOURCES', /^linux\.resources\.memory\.swap: 50 is below/],
    ['swap without a limit', { memory: { swap: 50 } }, 'INVALID_RESOURCES', /memory\.swap: a memory\+swap limit needs a memory limit/],
    ['shares out of range', { cpu: { shares: 1 } }, 'INVALID_RESOURCES', /^linux\.resources\.cpu\.shares: 1 must be a whole number from 2 to 262144/],
    ['a tiny quota', { cpu: { quota: 10 } }, 'INVALID_RESOURCES', /^linux\.resources\.cpu\.quota: /],
    ['a bad cpu list', { cpu: { cpus: '0-' } }, 'INVALID_RESOURCES', /^linux\.resources\.cpu\.cpus: "0-" must be a list/],
    ['pids without a number', { pids: { limit: 'x' } }, 'INVALID_RESOURCES', /^linux\.resources\.pids\.limit: /],
    ['a blkio weight out of range', { blockIO: { weight: 5 } }, 'INVALID_RESOURCES', /^linux\.resources\.blockIO\.weight: /],
    ['a throttle without rate', { blockIO: { throttleWriteBpsDevice: [{ major: 8, minor: 0 }] } }, 'INVALID_RESOURCES', /throttleWriteBpsDevice\[0\]\.rate/],
    ['a device rule with bad access', { devices: [{ allow: true, access: 'rx' }] }, 'INVALID_RESOURCES', /^linux\.resources\.devices\[0\]\.access: /],
    ['a device rule with a bad type', { devices: [{ allow: true, type: 'z' }] }, 'INVALID_RESOURCES', /devices\[0\]\.type/],
    ['an unknown group', { memroy: {} }, 'INVALID_RESOURCES', /^linux\.resources\.memroy: /],
    ['a unified path escaping the cgroup', { unified: { '../x': '1' } }, 'INVALID_RESOURCES', /unified\.\.\.\/x/],
    ['a kernel memory limit that is no number', { memory: { kernel: 'x' } }, 'INVALID_RESOURCES', /^linux\.resources\.memory\.kernel: /],
    ['a kernel TCP limit that is no number', { memory: { kernelTCP: -5 } }, 'INVALID_RESOURCES', /^linux\.resources\.memory\.kernelTCP: /],
    ['a realtime runtime below -1', { cpu: { realtimeRuntime: -2 } }, 'INVALID_RESOURCES', /cpu\.realtimeRuntime: -2 must be microseconds/],
    ['an idle flag of 2', { cpu: { idle: 2 } }, 'INVALID_RESOURCES', /cpu\.idle: 2 must be 0 or 1/],
    ['net_cls', { network: { classID: 1 } }, 'NOT_SUPPORTED', /^linux\.resources\.network: /],
  ])('refuses %s, naming the field', (_name, input, code, message) => {
    expect(() => validateResources(input)).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  });

  it('names fields under the prefix it is given (update)', () => {
    expect(() => validateResources({ pids: { limit: 1.5 } }, 'resources')).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/^resources\.pids\.limit: /) }),
    );
  });
});
