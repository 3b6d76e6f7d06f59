import { describe, expect, it, vi } from 'vitest';
import { startBerthServer } from '../server/berth-server.js';
import { main } from './bench.js';

/**
 * `npm run bench -- --suite … --persist` with no DATABASE_URL while Berth runs: the run goes into
 * the API's own embedded database, so the console's Benchmarks page (GET /api/v1/benchmarks/runs)
 * lists it. Real API server and PostgreSQL; root.
 */
describe('bench CLI next to a running Berth', () => {
  it('stores the run in the API database, where the API lists it to the host admins', { timeout: 180_000 }, async () => {
    const server = await startBerthServer(() => undefined);
    try {
      let stdout = '';
      const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        stdout += chunk.toString();
        return true;
      });
      let code: number;
      try {
        const env: NodeJS.ProcessEnv = { ...process.env, BERTH_ROOT: server.root };
        delete env['DATABASE_URL'];
        delete env['BERTH_BENCH_STATE'];
        code = await main(['node', 'bench', '--suite', 'runtime-cli', '--smoke', '--json', '--persist'], env);
      } finally {
        write.mockRestore();
      }
      expect(code).toBe(0);
      const { id } = JSON.parse(stdout) as { id: string };
      expect(id).toMatch(/^[0-9a-f-]{36}$/);

      const response = await fetch(`${server.api}/benchmarks/runs?suite=runtime-cli`, { headers: { authorization: `Bearer ${server.token}` } });
      expect(response.status).toBe(200);
      const listed = (await response.json()) as { items: { id: string; suite: string }[] };
      expect(listed.items.map((run) => run.id)).toContain(id);
    } finally {
      await server.stop();
    }
  });
});
