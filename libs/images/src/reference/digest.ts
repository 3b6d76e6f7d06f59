import { ImageError } from '../image-error.js';

/** A content digest as the OCI image spec writes it: `sha256:<64 hex>` (the only algorithm Berth accepts). */
export type Digest = `sha256:${string}`;

const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;

export function isDigest(text: string): text is Digest {
  return DIGEST_PATTERN.test(text);
}

export function parseDigest(text: string): Digest {
  if (!isDigest(text)) {
    throw new ImageError('INVALID_DIGEST', `"${text}" is not a digest; expected sha256: followed by 64 lowercase hex digits`);
  }
  return text;
}
