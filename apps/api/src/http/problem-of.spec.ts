import { Logger } from '@nestjs/common';
import { RuntimeError } from '@berth/runtime/model';
import { describe, expect, it } from 'vitest';
import { problemOf } from './problem-of.js';

const logger = new Logger('problem-of.spec');

describe('problemOf', () => {
  it("answers a runtime's ENOENT as what it is, not as a database gone away", () => {
    const problem = problemOf(new RuntimeError('ENOENT', 'creating container c1: executable file nope not found in $PATH'), undefined, logger);
    expect(problem).toMatchObject({ status: 404, code: 'ENOENT', detail: expect.stringContaining('executable file nope') });
  });

  it('answers a refused database connection with 503 DATABASE_UNAVAILABLE', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(problemOf(new Error('query failed', { cause: refused }), undefined, logger)).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
  });
});
