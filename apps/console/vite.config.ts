import vue from '@vitejs/plugin-vue';
import { defineConfig, type ProxyOptions } from 'vite';

/**
 * In development the console runs on Vite's server and the API on its own port; proxying
 * keeps every request same-origin, exactly as in production where the API serves the
 * built console. BERTH_HOST / BERTH_PORT are the API's own settings, so one environment
 * configures both.
 */
const apiTarget = `http://${process.env['BERTH_HOST'] ?? '127.0.0.1'}:${process.env['BERTH_PORT'] ?? '8080'}`;

const toApi: ProxyOptions = {
  target: apiTarget,
  // Vite's default answer to a refused connection is a bare text/plain 502, which the
  // console could only show as "HTTP 502". Answer with the same problem code the
  // client uses for an unreachable API in production, so dev and prod read alike.
  configure(proxy) {
    proxy.on('error', (err, _req, res) => {
      if (!('writeHead' in res) || res.headersSent) return;
      const cause = (err as { code?: string }).code ?? err.message;
      res.writeHead(502, { 'Content-Type': 'application/problem+json' }).end(
        JSON.stringify({
          type: 'about:blank',
          title: 'Bad Gateway',
          status: 502,
          code: 'NETWORK',
          detail: `The console's dev server could not reach the Berth API at ${apiTarget} (${cause}). Is it running (npm start)?`,
        }),
      );
    });
  },
};

export default defineConfig({
  root: import.meta.dirname,
  plugins: [vue()],
  resolve: {
    // Workspace packages export their TypeScript source under this condition, so the
    // console never bundles a stale dist/. Vite 8 replaces (not extends) the defaults
    // when conditions are given, hence the explicit rest of the list.
    conditions: ['@berth/source', 'module', 'browser', 'development|production'],
  },
  server: {
    proxy: {
      // ws: the container terminal is a WebSocket under /api/v1 too.
      '/api': { ...toApi, ws: true },
      '/healthz': toApi,
      '/readyz': toApi,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
});
