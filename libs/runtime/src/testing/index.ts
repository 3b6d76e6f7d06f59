// Fixtures for tests and benchmarks that need real containers: a busybox OCI bundle, a
// runtime on a throwaway state root, and a QEMU VM on a real kernel. Not for production code.
export { findStaticBusybox, makeBusyboxBundle, makeTempDir, type BusyboxBundle } from './busybox-bundle.js';
export { RuntimeFixture } from './runtime-fixture.js';
export { PRIVATE_CONTAINERD_IMAGE, startPrivateContainerd, type CtrAnswer, type PrivateContainerd } from './private-containerd.js';
export * from './kernel-vm/index.js';
export { networkSnapshot, snapshotMatching, stableSnapshot, type NetworkSnapshot } from '../network/testing/host-snapshot.js';
