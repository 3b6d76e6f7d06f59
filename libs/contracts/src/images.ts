import type { HealthcheckRequest } from './healthcheck.js';
/**
 * The images part of /api/v1 (`docker image …` over HTTP), shared by the API's DTOs, the
 * console and the CLI. Shapes follow the Docker Engine API where it makes sense, in
 * camelCase. Image names are shown the way `docker images` shows them (`busybox:latest`,
 * `127.0.0.1:5000/app:1`); an image's `id` is its manifest digest.
 */

import type { PageQuery } from './page.js';

/** `GET /images`: one line of `docker images`. */
export interface ImageSummary {
  /** The manifest digest, `sha256:<hex>`; any unique prefix of the hex part also finds the image. */
  id: string;
  /** Names pointing at the image; empty for a dangling image. */
  repoTags: string[];
  /** `name@sha256:…` the image was pulled by or is known as in a registry. */
  repoDigests: string[];
  /** Bytes of manifest, config and (compressed) layers. */
  size: number;
  /** RFC 3339: when the image was built (its config), else when it was catalogued. */
  created: string;
  /** Containers of the caller's team using the image. */
  containers: number;
}

/** Query of `GET /images`. */
export interface ImageListQuery extends PageQuery {
  /** A name or glob (`busybox`, `busybox:1.*`, `*:latest`), as `docker images --filter reference=`. */
  reference?: string;
  /** `true`: only untagged images; `false`: only tagged ones. */
  dangling?: boolean;
}

/** What a container of the image runs by default (the image config's `config`, camelCased). */
export interface ImageRunConfig {
  env: string[];
  cmd: string[] | null;
  entrypoint: string[] | null;
  workingDir: string;
  user: string;
  exposedPorts: string[];
  volumes: string[];
  labels: Record<string, string>;
  /** The image's HEALTHCHECK (durations in ms, 0 = the default); absent when it has none. */
  healthcheck?: HealthcheckRequest;
}

export interface ImageLayerDetail {
  /** The blob as stored and transferred (possibly compressed). */
  digest: string;
  /** Digest of the uncompressed tar. */
  diffId: string;
  /** The snapshot this layer and the ones below it make (OCI chain ID). */
  chainId: string;
  mediaType: string;
  size: number;
}

/** `GET /images/:ref`: `docker image inspect`. */
export interface ImageDetail extends ImageSummary {
  architecture: string;
  os: string;
  variant?: string;
  author?: string;
  config: ImageRunConfig;
  /** Bottom layer first. */
  layers: ImageLayerDetail[];
}

/** `GET /images/:ref/history`: one entry per step, newest first, as `docker history`. */
export interface ImageHistoryEntry {
  /** The layer's diff ID, or null for a step that made no layer. */
  layer: string | null;
  created: string | null;
  createdBy: string;
  comment?: string;
  /** Bytes of the step's layer (0 when it made none). */
  size: number;
  emptyLayer: boolean;
  /** The image's names, on its top entry only. */
  tags: string[];
}

/**
 * Credentials for one pull or push; sent to the registry only, never stored. Without them the
 * caller's stored login for the registry is used, then the team's (`berth login`).
 */
export interface RegistryAuthRequest {
  username: string;
  password: string;
}

/** `POST /images/pull`. */
export interface PullImageRequest {
  /** `busybox`, `ghcr.io/org/app:1.2`, `127.0.0.1:5000/app@sha256:…` */
  reference: string;
  /** `linux/arm64`, `linux/arm/v7`; default the host's. */
  platform?: string;
  auth?: RegistryAuthRequest;
  /** Speak plain HTTP to this registry (loopback registries always are). */
  insecure?: boolean;
}

/** `POST /images/pull` (JSON, or the `done` event of the stream). */
export interface PullImageResponse extends ImageSummary {
  /** The canonical reference pulled. */
  reference: string;
  /** What the registry calls it: the index digest for a multi-platform image, else `id`. */
  registryDigest: string;
  /** The platform picked from an index. */
  platform?: string;
}

/** `POST /images/:ref/push`. */
export interface PushImageRequest {
  /** Where to push (`127.0.0.1:5000/app:1`); default the name the image was addressed by. */
  target?: string;
  auth?: RegistryAuthRequest;
  insecure?: boolean;
}

export interface PushImageResponse {
  reference: string;
  /** The manifest digest, as the registry confirmed it. */
  digest: string;
  uploaded: string[];
  /** Blobs the registry already had. */
  skipped: string[];
}

/**
 * One blob's progress in a pull or push (`event: progress` of the stream). `skipped` blobs
 * were already in the store (pull) or the registry (push).
 */
export interface ImageTransferProgress {
  digest: string;
  bytes: number;
  total: number;
  done: boolean;
  skipped?: boolean;
}

/** `POST /images/:ref/tag`: `docker tag`; the name moves here from any other image of the team. */
export interface TagImageRequest {
  reference: string;
}

/** `DELETE /images/:ref`, as `docker rmi` reports it. */
export interface DeleteImageResponse {
  untagged: string[];
  /** Manifest digests whose catalogue entry was removed. */
  deleted: string[];
}

/** `POST /images/prune`. */
export interface PruneImagesResponse {
  /** Manifest digests of the team's images removed (untagged and unused). */
  deleted: string[];
  /** Bytes of store content freed (no team's image referenced it any more). */
  reclaimedBytes: number;
  blobs: number;
  snapshots: number;
}

export interface LoadedImage {
  reference: string;
  id: string;
}

/** `POST /images/load` (a `docker save` or OCI archive as the body). */
export interface LoadImagesResponse {
  loaded: LoadedImage[];
}

/** Query of `POST /images/build` (the body is the build context as a tar). */
export interface BuildImageQuery {
  tag: string;
  /** Path inside the context; default `Dockerfile`. */
  dockerfile?: string;
  /** A JSON object of strings: `{"VERSION":"1.2"}`. */
  buildArgs?: string;
  /** A JSON object of strings set as labels on the built image: `{"tier":"web"}`. */
  labels?: string;
  /** Build up to this stage (name or index). */
  target?: string;
  noCache?: boolean;
}

export interface BuildStepSummary {
  stage: number;
  instruction: string;
  layer: boolean;
  cached: boolean;
}

/** `POST /images/build` (JSON, or the `done` event of the stream, which carries no `log`). */
export interface BuildImageResponse {
  id: string;
  reference: string;
  steps: BuildStepSummary[];
  cacheHits: number;
  /** RUN steps that ran a container (cache misses). */
  runs: number;
  log?: string[];
}

/** `event: step` of the build stream: an instruction begins. */
export interface BuildStepEvent {
  number: number;
  total: number;
  stage: string;
  instruction: string;
}

/** `event: log` of the build stream. */
export interface BuildLogEvent {
  line: string;
}

/** Server-sent event names of the image streams. */
export const IMAGE_STREAM_EVENTS = { progress: 'progress', log: 'log', step: 'step', done: 'done', error: 'error' } as const;
