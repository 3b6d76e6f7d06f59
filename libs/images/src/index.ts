export { isDigest, parseDigest, type Digest } from './reference/digest.js';
export { DEFAULT_REGISTRY, DEFAULT_TAG, familiarName, formatImageReference, parseImageReference, type ImageReference } from './reference/image-reference.js';
