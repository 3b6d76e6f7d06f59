import { afterAll, afterEach, beforeAll } from 'vitest';
import type { RuntimeOptions } from '../engine/runtime.js';
import { RuntimeFixture } from './runtime-fixture.js';

/**
 * Registers a RuntimeFixture's lifecycle in the enclosing describe(): made before the
 * tests, containers force-deleted after each test, everything removed at the end — also
 * when a test fails. Test-only (imports vitest), so not exported from ./index.ts.
 */
export function useRuntimeFixture(receive: (fixture: RuntimeFixture) => void, options: () => Omit<RuntimeOptions, 'root'> = () => ({})): void {
  let fixture: RuntimeFixture | undefined;
  beforeAll(async () => {
    fixture = await RuntimeFixture.create(options());
    receive(fixture);
  });
  afterEach(async () => {
    await fixture?.removeContainers();
  });
  afterAll(async () => {
    await fixture?.dispose();
  });
}
