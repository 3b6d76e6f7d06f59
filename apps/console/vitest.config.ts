import vue from '@vitejs/plugin-vue';
import { berthVitestConfig } from '../../vitest.shared.js';

export default berthVitestConfig(import.meta.dirname, { plugins: [vue()], test: { environment: 'happy-dom' } });
