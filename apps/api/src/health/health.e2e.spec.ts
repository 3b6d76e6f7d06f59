import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/test-app.js';

let subject: TestApp;
beforeAll(async () => {
  subject = await startTestApp();
});
afterAll(async () => {
  await subject?.close();
});

describe('health endpoints', () => {
  it('GET /healthz answers that the process is up', async () => {
    const response = await subject.http().get('/healthz').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', version: expect.any(String) });
  });

  it('GET /readyz is ready when the database answers and is migrated', async () => {
    const response = await subject.http().get('/readyz').expect(200);
    expect(response.body).toEqual({
      status: 'ready',
      checks: [
        { name: 'database', ok: true },
        { name: 'migrations', ok: true },
      ],
    });
  });

  it('GET /readyz is 503 and names the pending migration when one is missing', async () => {
    await subject.db.prisma.$executeRaw`UPDATE "_prisma_migrations" SET rolled_back_at = now()`;
    try {
      const response = await subject.http().get('/readyz').expect(503);
      expect(response.body.status).toBe('not-ready');
      expect(response.body.checks[1]).toMatchObject({ name: 'migrations', ok: false, detail: expect.stringContaining('_init') });
    } finally {
      await subject.db.prisma.$executeRaw`UPDATE "_prisma_migrations" SET rolled_back_at = NULL`;
    }
  });
});
