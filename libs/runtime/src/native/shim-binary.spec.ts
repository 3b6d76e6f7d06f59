import { describe, expect, it } from 'vitest';
import { locateShim, parseShimError } from './shim-binary.js';

describe('shim binary', () => {
  it('turns the last "berth: ERRNO: context" line into a RuntimeError', () => {
    const error = parseShimError('warning\nberth: EPERM: creating container c1: mounting proc (proc) on /proc\n', 1, 'create');
    expect(error).toMatchObject({ code: 'EPERM', message: 'creating container c1: mounting proc (proc) on /proc' });
  });

  it('says so when the shim failed without an error line', () => {
    expect(parseShimError('', 139, 'create')).toMatchObject({ code: 'SHIM_FAILED', message: expect.stringContaining('exit status 139') });
  });

  it('finds the built shim, and names the make command when it is missing', () => {
    expect(locateShim()).toMatch(/native\/build\/berth-shim$/);
    expect(() => locateShim('/no/such/berth-shim')).toThrow(
      expect.objectContaining({ code: 'SHIM_NOT_FOUND', message: expect.stringContaining('make -C libs/runtime/native') }),
    );
  });
});
