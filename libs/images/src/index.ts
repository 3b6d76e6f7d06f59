export { IMAGE_ERROR_CODES, ImageError, type ImageErrorCode } from './image-error.js';
export { isDigest, parseDigest, type Digest } from './reference/digest.js';
export { DEFAULT_REGISTRY, DEFAULT_TAG, familiarName, formatImageReference, parseImageReference, type ImageReference } from './reference/image-reference.js';
export { BlobStore } from './store/blob-store.js';
export { ImageStore, type StoredImage } from './store/image-store.js';
export { SnapshotStore } from './store/snapshots.js';
export { writeImage, type NewLayer } from './store/write-image.js';
export { MEDIA_TYPES, REF_NAME, type Descriptor, type ImageConfig, type ImageHealthcheck, type ImageIndex, type ImageManifest } from './store/oci-types.js';
export { chainIds } from './unpack/chain-id.js';
export { DEFAULT_UNPACK_LIMITS, unpackLayer, type UnpackLimits, type UnpackReport } from './unpack/unpack-layer.js';
export { exportDockerArchive } from './archive/export-archive.js';
export { importArchive } from './archive/import-archive.js';
export { prune, removeImage, type PruneReport, type SnapshotsInUse } from './store/garbage-collection.js';
export { parseWwwAuthenticate, RegistryAuth, type AuthChallenge, type RegistryCredentials } from './registry/auth.js';
export {
  IMAGE_MANIFEST_MEDIA_TYPES,
  INDEX_MEDIA_TYPES,
  MANIFEST_MEDIA_TYPES,
  RegistryClient,
  sha256Digest,
  type FetchedManifest,
  type RegistryClientOptions,
} from './registry/registry-client.js';
export { formatPlatform, hostPlatform, parsePlatform, selectPlatform, type Platform } from './registry/platform.js';
export { pullImage, type PullOptions, type PullResult } from './registry/pull.js';
export { pushImage, type PushOptions, type PushResult } from './registry/push.js';
export type { ProgressListener, TransferProgress } from './registry/transfer.js';
export { buildImage, BuildError, describeInstruction, type BuildOptions, type BuildResult, type BuildStep } from './builder/builder.js';
export { lookupUser, parseColonFile, type UserLookup } from './builder/user-lookup.js';
export type { ImageResolver } from './builder/base-images.js';
export {
  expandWord,
  expandWords,
  parseDockerfile,
  type CommandForm,
  type Dockerfile,
  type Instruction,
  type ParseOptions,
  type Stage,
} from './builder/dockerfile-parser.js';
export { compileGlob, IgnoreMatcher, parseDockerignore, type GlobMatcher, type IgnorePattern } from './builder/dockerignore.js';
export { commitContainer, type CommitOptions } from './store/commit.js';
export { BUSYBOX_BINARY, BUSYBOX_CONFIG, busyboxEntries, busyboxLayer } from './seed/busybox-layer.js';
export { isStaticElf } from './seed/static-elf.js';
export { tarBuffer, type TarEntry } from './archive/tar-buffer.js';
export { IMAGES_HOST_TOOLS } from './host-tools.js';
