import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { berthVitestConfig } from '../../vitest.shared.js';

export default berthVitestConfig(import.meta.dirname, {
  plugins: [vue()],
  resolve: {
    // Specs run a real WebSocket server (the `ws` package) for the terminal's socket to talk
    // to; the browser condition used for the console's code would pick ws's browser stub.
    alias: [{ find: /^ws$/, replacement: fileURLToPath(new URL('../../node_modules/ws/wrapper.mjs', import.meta.url)) }],
  },
  test: { environment: 'happy-dom' },
});
