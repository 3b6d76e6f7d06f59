// Fixtures for tests and benchmarks: in-memory tar archives and a real local registry.
export { startLocalRegistry, type LocalRegistry } from './local-registry.js';
export { tarOf, type TarEntry } from './tar-of.js';
