import { describe, expect, it } from 'vitest';
import { isMutating, roleAtLeast, ROLES, weakerRole } from './access-rule.js';

describe('access rule', () => {
  it('orders the roles viewer < operator < admin', () => {
    expect(ROLES).toEqual(['viewer', 'operator', 'admin']);
    expect(roleAtLeast('admin', 'operator')).toBe(true);
    expect(roleAtLeast('operator', 'operator')).toBe(true);
    expect(roleAtLeast('viewer', 'operator')).toBe(false);
  });

  it('takes the weaker of two roles, in either order', () => {
    expect(weakerRole('admin', 'viewer')).toBe('viewer');
    expect(weakerRole('viewer', 'admin')).toBe('viewer');
    expect(weakerRole('operator', 'operator')).toBe('operator');
  });

  it('calls every method but GET, HEAD and OPTIONS mutating, whatever its case', () => {
    expect(['GET', 'head', 'Options'].map(isMutating)).toEqual([false, false, false]);
    expect(['POST', 'put', 'PATCH', 'DELETE'].map(isMutating)).toEqual([true, true, true, true]);
  });
});
