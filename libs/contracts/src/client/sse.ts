import { createParser, type EventSourceParser } from 'eventsource-parser';
import { BerthApiError, CLIENT_ERROR_CODES } from './berth-api-error.js';

/**
 * Server-Sent Events over `fetch`, for the streams EventSource cannot open: EventSource
 * sends no Authorization header and only GETs, while Berth's streams need a bearer token and
 * some are POSTs (pull, push, build). The parsing is eventsource-parser's, which follows the
 * HTML standard's event-stream rules, so what a browser's EventSource would see is what this
 * yields.
 */
export interface SseMessage {
  /** The `event:` field; `message` when the server sent none. */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  /** The last `id:` seen on the stream so far (ids carry over), to resume with Last-Event-ID. */
  id: string | undefined;
}

/**
 * The most a message may hold before it is complete. Berth's largest message is an image
 * operation's `done` (a few KiB); a stream that never ends its line or message is not one
 * of Berth's, and must not grow the client's memory without bound.
 */
export const MAX_SSE_MESSAGE_CHARS = 16 * 1024 * 1024;

/** An incremental parser: feed it text as it arrives, take the complete messages. */
export class SseParser {
  private readonly parser: EventSourceParser;
  private completed: SseMessage[] = [];
  private lastId: string | undefined;
  private failure: Error | undefined;

  constructor(maxMessageChars = MAX_SSE_MESSAGE_CHARS) {
    this.parser = createParser({
      maxBufferSize: maxMessageChars,
      onEvent: (message) => {
        // The parser reports each message's own id; EventSource's lastEventId carries over.
        if (message.id !== undefined) this.lastId = message.id === '' ? undefined : message.id;
        this.completed.push({ event: message.event ?? 'message', data: message.data, id: this.lastId });
      },
      onError: (error) => {
        // Unknown fields and a bad `retry` are ignored, as the standard says; an overlong message is not.
        if (error.type === 'max-buffer-size-exceeded')
          this.failure = new BerthApiError(
            CLIENT_ERROR_CODES.invalidResponse,
            0,
            `the event stream sent a message longer than ${maxMessageChars} characters; it is not a Berth stream`,
          );
      },
    });
  }

  /** The messages completed by `chunk`; a partial line or message waits for the next chunk. */
  push(chunk: string): SseMessage[] {
    if (this.failure) throw this.failure;
    this.parser.feed(chunk);
    if (this.failure) throw this.failure;
    const messages = this.completed;
    this.completed = [];
    return messages;
  }
}

/**
 * The messages of an event-stream response, as they arrive. A message not finished by a
 * blank line when the stream closes is dropped, as the standard says. Breaking out of the
 * loop cancels the response body, which closes the connection.
 */
export async function* readSse(response: Response, parser = new SseParser()): AsyncGenerator<SseMessage> {
  if (!response.body) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    finished = true;
    yield* parser.push(decoder.decode());
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
