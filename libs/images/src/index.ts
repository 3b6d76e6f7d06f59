export { isDigest, parseDigest, type Digest } from './reference/digest.js';
export { DEFAULT_REGISTRY, DEFAULT_TAG, familiarName, formatImageReference, parseImageReference, type ImageReference } from './reference/image-reference.js';
export { BlobStore } from './store/blob-store.js';
export { ImageStore, type StoredImage } from './store/image-store.js';
export { SnapshotStore } from './store/snapshots.js';
export { writeImage, type NewLayer } from './store/write-image.js';
export { MEDIA_TYPES, REF_NAME, type Descriptor, type ImageConfig, type ImageIndex, type ImageManifest } from './store/oci-types.js';
export { chainIds } from './unpack/chain-id.js';
export { DEFAULT_UNPACK_LIMITS, unpackLayer, type UnpackLimits, type UnpackReport } from './unpack/unpack-layer.js';
