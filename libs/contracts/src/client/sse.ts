/**
 * Server-Sent Events over `fetch`, for the streams EventSource cannot open: EventSource
 * sends no Authorization header and only GETs, while Berth's streams need a bearer token and
 * some are POSTs (pull, push, build). Parsing follows the HTML standard's event-stream
 * rules, so what a browser's EventSource would see is what this yields.
 */
export interface SseMessage {
  /** The `event:` field; `message` when the server sent none. */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  /** The last `id:` seen on the stream so far (ids carry over), to resume with Last-Event-ID. */
  id: string | undefined;
}

/** An incremental parser: feed it text as it arrives, take the complete messages. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private lastId: string | undefined;
  private started = false;

  /** The messages completed by `chunk`; a partial line or message waits for the next chunk. */
  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    if (!this.started && this.buffer.length > 0) {
      this.started = true;
      if (this.buffer.startsWith('\uFEFF')) this.buffer = this.buffer.slice(1);
    }
    const messages: SseMessage[] = [];
    for (let line = this.nextLine(); line !== undefined; line = this.nextLine()) {
      const message = this.processLine(line);
      if (message) messages.push(message);
    }
    return messages;
  }

  /** Takes one line off the buffer. A lone `\r` at the end may be half of `\r\n`: it waits. */
  private nextLine(): string | undefined {
    const match = /\r\n|\n|\r/.exec(this.buffer);
    if (!match || (match[0] === '\r' && match.index === this.buffer.length - 1)) return undefined;
    const line = this.buffer.slice(0, match.index);
    this.buffer = this.buffer.slice(match.index + match[0].length);
    return line;
  }

  private processLine(line: string): SseMessage | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined; // a comment: heartbeats, notes
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.lastId = value === '' ? undefined : value;
    // `retry` only matters to a reconnecting EventSource; unknown fields are ignored by the standard.
    return undefined;
  }

  private dispatch(): SseMessage | undefined {
    const data = this.data;
    const event = this.event;
    this.data = [];
    this.event = '';
    // The standard drops a message without data (an `event:` line alone dispatches nothing).
    if (data.length === 0) return undefined;
    return { event: event || 'message', data: data.join('\n'), id: this.lastId };
  }
}

/**
 * The messages of an event-stream response, as they arrive. A message not finished by a
 * blank line when the stream closes is dropped, as the standard says. Breaking out of the
 * loop cancels the response body, which closes the connection.
 */
export async function* readSse(response: Response): AsyncGenerator<SseMessage> {
  if (!response.body) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
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
