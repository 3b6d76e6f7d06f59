import { request, type IncomingMessage } from 'node:http';

export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

export interface SseConnection {
  response: IncomingMessage;
  messages: SseMessage[];
  comments: string[];
  /** The first message (seen already or still to come) that satisfies `match`; rejects after `timeoutMs`. */
  next(match: (message: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Goes away as a browser tab would: destroys the socket. */
  close(): void;
}

/**
 * A raw Server-Sent Events client for tests: a plain HTTP request to a listening server,
 * parsed by the rules of the EventSource spec (blank line ends a message; `:` starts a
 * comment). supertest buffers whole bodies, which a stream never finishes.
 */
export function openSse(port: number, path: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Accept: 'text/event-stream', ...headers } }, (response) => {
      const messages: SseMessage[] = [];
      const comments: string[] = [];
      const waiters = new Set<() => void>();
      let buffer = '';
      const ended = new Promise<void>((done) => response.once('end', done).once('close', done));
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let boundary: number;
        while ((boundary = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const message: SseMessage = { data: '' };
          let isMessage = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) [message.id, isMessage] = [line.slice(4), true];
            else if (line.startsWith('event: ')) [message.event, isMessage] = [line.slice(7), true];
            else if (line.startsWith('data: ')) [message.data, isMessage] = [message.data ? `${message.data}\n${line.slice(6)}` : line.slice(6), true];
          }
          if (isMessage) messages.push(message);
          for (const waiter of waiters) waiter();
        }
      });
      resolve({
        response,
        messages,
        comments,
        ended,
        close: () => req.destroy(),
        next(match, timeoutMs = 5000) {
          return new Promise((found, fail) => {
            const check = () => {
              const hit = messages.find(match);
              if (!hit) return;
              cleanup();
              found(hit);
            };
            const timer = setTimeout(() => {
              cleanup();
              fail(new Error(`no matching SSE message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
            }, timeoutMs);
            const cleanup = () => {
              clearTimeout(timer);
              waiters.delete(check);
            };
            waiters.add(check);
            check();
          });
        },
      });
    });
    req.once('error', reject);
    req.end();
  });
}
