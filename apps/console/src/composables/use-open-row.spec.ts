import { describe, expect, it, vi } from 'vitest';
import { useOpenRow } from './use-open-row';

describe('useOpenRow', () => {
  it('opens one row at a time and inspects it on opening only', async () => {
    const inspect = vi.fn(async () => undefined);
    const { open, toggle } = useOpenRow(inspect);

    await toggle('a');
    expect(open.value).toBe('a');
    await toggle('b');
    expect(open.value).toBe('b');
    await toggle('b');
    expect(open.value).toBeNull();

    expect(inspect.mock.calls).toEqual([['a'], ['b']]);
  });
});
