import { API_PREFIX } from '../api-paths.js';
import type {
  BuildImageQuery,
  BuildImageResponse,
  BuildLogEvent,
  BuildStepEvent,
  DeleteImageResponse,
  ImageDetail,
  ImageHistoryEntry,
  ImageListQuery,
  ImageSummary,
  ImageTransferProgress,
  LoadImagesResponse,
  PruneImagesResponse,
  PullImageRequest,
  PullImageResponse,
  PushImageRequest,
  PushImageResponse,
} from '../images.js';
import type { Page } from '../page.js';
import { allPages } from './all-pages.js';
import { BerthApiError, CLIENT_ERROR_CODES } from './berth-api-error.js';
import { operationEvents } from './named-events.js';
import type { HttpTransport } from './transport.js';

/** An event of a pull or push stream; the last one is `done`. */
export type TransferEvent<Done> = { event: 'progress'; data: ImageTransferProgress } | { event: 'done'; data: Done };

/** An event of a build stream; the last one is `done` (without the `log`, which came as events). */
export type BuildEvent = { event: 'step'; data: BuildStepEvent } | { event: 'log'; data: BuildLogEvent } | { event: 'done'; data: BuildImageResponse };

/** A tar archive to upload: a Blob or bytes in a browser, a web ReadableStream from a file in Node. */
export type TarBody = NonNullable<RequestInit['body']>;

const TAR = 'application/x-tar';
const EVENT_STREAM = 'text/event-stream';

/** /api/v1/images. An image is named by reference (`busybox`, `127.0.0.1:5000/app:1`), digest or id prefix. */
export class ImagesClient {
  constructor(private readonly http: HttpTransport) {}

  /** One page, newest first. */
  list(query: ImageListQuery = {}): Promise<Page<ImageSummary>> {
    return this.http.json('GET', path(), { query: { ...query } });
  }

  /** Every matching image, however many pages that takes. */
  listAll(query: Omit<ImageListQuery, 'offset' | 'limit'> = {}): Promise<ImageSummary[]> {
    return allPages((page) => this.list({ ...query, ...page }));
  }

  inspect(ref: string): Promise<ImageDetail> {
    return this.http.json('GET', path(ref));
  }

  history(ref: string): Promise<ImageHistoryEntry[]> {
    return this.http.json('GET', path(ref, 'history'));
  }

  /** Answers once the pull is done; {@link pullStream} reports progress on the way. */
  pull(request: PullImageRequest): Promise<PullImageResponse> {
    return this.http.json('POST', path('pull'), { json: request });
  }

  async *pullStream(request: PullImageRequest, signal?: AbortSignal): AsyncGenerator<TransferEvent<PullImageResponse>> {
    const response = await this.http.send('POST', path('pull'), { json: request, accept: EVENT_STREAM, signal });
    yield* operationEvents<TransferEvent<PullImageResponse>>(response, 'pull');
  }

  push(ref: string, request: PushImageRequest = {}): Promise<PushImageResponse> {
    return this.http.json('POST', path(ref, 'push'), { json: request });
  }

  async *pushStream(ref: string, request: PushImageRequest = {}, signal?: AbortSignal): AsyncGenerator<TransferEvent<PushImageResponse>> {
    const response = await this.http.send('POST', path(ref, 'push'), { json: request, accept: EVENT_STREAM, signal });
    yield* operationEvents<TransferEvent<PushImageResponse>>(response, 'push');
  }

  /** Names the image `reference` too (moving the name from any other image), like `docker tag`. */
  tag(ref: string, reference: string): Promise<ImageSummary> {
    return this.http.json('POST', path(ref, 'tag'), { json: { reference } });
  }

  remove(ref: string, options: { force?: boolean } = {}): Promise<DeleteImageResponse> {
    return this.http.json('DELETE', path(ref), { query: { force: options.force } });
  }

  prune(): Promise<PruneImagesResponse> {
    return this.http.json('POST', path('prune'));
  }

  /** Loads a `docker save` or OCI archive. */
  load(archive: TarBody, signal?: AbortSignal): Promise<LoadImagesResponse> {
    return this.http.json('POST', path('load'), { body: archive, contentType: TAR, signal });
  }

  /** The image as a `docker save` archive; read the stream to its end. */
  async save(ref: string, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const response = await this.http.send('GET', path(ref, 'save'), { accept: TAR, signal });
    if (!response.body) throw new BerthApiError(CLIENT_ERROR_CODES.invalidResponse, response.status, `the archive of ${ref} came without a body`);
    return response.body;
  }

  /** Builds from a context tar (with the Dockerfile inside it) and answers once it is done. */
  build(query: BuildImageQuery, context: TarBody, signal?: AbortSignal): Promise<BuildImageResponse> {
    return this.http.json('POST', path('build'), { query: { ...query }, body: context, contentType: TAR, signal });
  }

  async *buildStream(query: BuildImageQuery, context: TarBody, signal?: AbortSignal): AsyncGenerator<BuildEvent> {
    const response = await this.http.send('POST', path('build'), { query: { ...query }, body: context, contentType: TAR, accept: EVENT_STREAM, signal });
    yield* operationEvents<BuildEvent>(response, 'build');
  }
}

/** References keep their slashes (the API matches them over path segments); each segment is encoded. */
function path(ref?: string, action?: string): string {
  const encoded = ref === undefined ? '' : `/${ref.split('/').map(encodeURIComponent).join('/')}`;
  return `${API_PREFIX}/images${encoded}${action ? `/${action}` : ''}`;
}
