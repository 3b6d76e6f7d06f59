import { createTestDatabase } from '@berth/db/testing';
import { loadRun, saveRun, type StoredRun } from '../persistence/run-repository.js';
import type { SuiteRun } from '../run/run-suite.js';

/** Stores a run in a fresh database of the test server (real migrations) and reads it back, as a report would. */
export async function persistRoundTrip(run: SuiteRun): Promise<{ id: string; loaded: StoredRun | undefined }> {
  const database = await createTestDatabase();
  try {
    const id = await saveRun(database.prisma, run);
    return { id, loaded: await loadRun(database.prisma, id) };
  } finally {
    await database.drop();
  }
}
