// Fixtures for tests and benchmarks that need real containers: a busybox OCI bundle and a
// runtime on a throwaway state root. Not for production code.
export { findStaticBusybox, makeBusyboxBundle, makeTempDir, type BusyboxBundle } from './busybox-bundle.js';
export { RuntimeFixture } from './runtime-fixture.js';
