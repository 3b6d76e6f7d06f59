import { BerthApiError } from '@berth/contracts';
import { describe, expect, it } from 'vitest';
import { useSubmit } from './use-submit';

describe('useSubmit', () => {
  it('is busy while the action runs and keeps its problem', async () => {
    const { busy, error, submit } = useSubmit();

    const refused = submit(() => Promise.reject(new BerthApiError('VOLUME_EXISTS', 409, 'taken')));
    expect(busy.value).toBe(true);
    await expect(refused).resolves.toBe(false);
    expect(busy.value).toBe(false);
    expect(error.value?.code).toBe('VOLUME_EXISTS');

    await expect(submit(async () => 'made')).resolves.toBe(true);
    expect(error.value).toBeNull();
  });

  it('keeps what was not an API error as an unexpected problem', async () => {
    const { error, submit } = useSubmit();
    await submit(() => Promise.reject(new Error('boom')));
    expect(error.value).toMatchObject({ code: 'UNEXPECTED', detail: 'boom' });
  });
});
