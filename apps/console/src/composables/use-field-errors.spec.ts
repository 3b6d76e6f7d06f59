import { BerthApiError } from '@berth/contracts';
import { describe, expect, it } from 'vitest';
import { shallowRef } from 'vue';
import { useFieldErrors } from './use-field-errors';

const problem = (errors: { field: string; message: string }[]) =>
  new BerthApiError('VALIDATION_FAILED', 400, 'bad input', {
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    code: 'VALIDATION_FAILED',
    detail: 'bad input',
    errors,
  });

describe('useFieldErrors', () => {
  it('finds the messages of a field and of the fields nested in it', () => {
    const error = shallowRef<BerthApiError | null>(
      problem([
        { field: 'image', message: 'image should not be empty' },
        { field: 'ports.0.hostPort', message: 'hostPort must not be greater than 65535' },
        { field: 'ports.0.hostPort', message: 'hostPort must be an integer' },
        { field: 'ports.10.containerPort', message: 'containerPort must be at least 1' },
      ]),
    );
    const { errorFor, hasFieldErrors } = useFieldErrors(error);

    expect(errorFor('image')).toBe('image should not be empty');
    expect(errorFor('ports.0')).toBe('hostPort must not be greater than 65535; hostPort must be an integer');
    expect(errorFor('ports.1')).toBeUndefined();
    expect(errorFor('name')).toBeUndefined();
    expect(hasFieldErrors.value).toBe(true);
  });

  it('has nothing to say without a problem or without field details', () => {
    const error = shallowRef<BerthApiError | null>(null);
    const { errorFor, hasFieldErrors } = useFieldErrors(error);
    expect(errorFor('image')).toBeUndefined();

    error.value = new BerthApiError('UNREACHABLE', 0, 'cannot reach Berth');
    expect(hasFieldErrors.value).toBe(false);
  });
});
