import { isDigest, type Digest } from './digest.js';
import { ImageError } from '../image-error.js';

/**
 * An image name as people type it (`busybox`, `ghcr.io/org/app:1.2`, `app@sha256:…`),
 * normalised the way Docker does: no registry means Docker Hub, a single path
 * component on Docker Hub lives under `library/`, and no tag or digest means `latest`.
 */
export interface ImageReference {
  registry: string;
  repository: string;
  tag: string | undefined;
  digest: Digest | undefined;
}

export const DEFAULT_REGISTRY = 'docker.io';
export const DEFAULT_TAG = 'latest';

// Grammar from the distribution spec: lowercase path components separated by / with . _ - inside.
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function parseImageReference(text: string): ImageReference {
  const invalid = (why: string) => new ImageError('INVALID_REFERENCE', `"${text}" is not an image reference: ${why}`);
  let rest = text.trim();
  let digest: Digest | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    const candidate = rest.slice(at + 1);
    if (!isDigest(candidate)) throw invalid('the part after @ must be sha256:<64 hex digits>');
    digest = candidate;
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalid(`tag "${tag}" may use letters, digits, _ . - and at most 128 characters`);
  }
  const parts = rest.split('/');
  // The first component is a registry when it looks like a host: has a dot or port, or is localhost.
  const first = parts[0]!;
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : DEFAULT_REGISTRY;
  const path = hasRegistry ? parts.slice(1) : parts;
  if (path.length === 0 || path.some((component) => !COMPONENT.test(component))) {
    throw invalid('the name must be lowercase letters and digits, separated by / and optionally . _ -');
  }
  const repository = registry === DEFAULT_REGISTRY && path.length === 1 ? `library/${path[0]}` : path.join('/');
  return { registry, repository, tag: tag ?? (digest ? undefined : DEFAULT_TAG), digest };
}

/** The canonical text: `docker.io/library/busybox:latest`, `host:5000/app@sha256:…`. */
export function formatImageReference(reference: ImageReference): string {
  const base = `${reference.registry}/${reference.repository}`;
  return `${base}${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
}

/** The short form `docker images` shows: Docker Hub's `library/` and registry dropped. */
export function familiarName(reference: ImageReference): string {
  const name = reference.registry === DEFAULT_REGISTRY ? reference.repository.replace(/^library\//, '') : `${reference.registry}/${reference.repository}`;
  return `${name}${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
}
