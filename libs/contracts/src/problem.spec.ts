import { describe, expect, it } from 'vitest';
import { isProblemDetails } from './problem.js';

describe('isProblemDetails', () => {
  it('recognises an RFC 9457 body with a stable code', () => {
    expect(isProblemDetails({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'no such container', code: 'CONTAINER_NOT_FOUND' })).toBe(true);
  });

  it.each([null, 'oops', { status: 404 }, { code: 'X' }])('rejects %j', (value) => {
    expect(isProblemDetails(value)).toBe(false);
  });
});
