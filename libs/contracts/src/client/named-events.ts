import { BerthApiError, CLIENT_ERROR_CODES } from './berth-api-error.js';
import { readSse } from './sse.js';

/**
 * The items of a container stream (logs, stats): the data of each `itemEvent` message, until
 * `end`. An `error` event throws its problem; a stream that closes without `end` broke off
 * (the server went away) and throws STREAM_INTERRUPTED rather than passing for a clean end.
 */
export async function* itemsUntilEnd<T>(response: Response, itemEvent: string, what: string): AsyncGenerator<T> {
  for await (const message of readSse(response)) {
    if (message.event === itemEvent) yield JSON.parse(message.data) as T;
    else if (message.event === 'end') return;
    else if (message.event === 'error') throw BerthApiError.fromStreamError(message.data);
  }
  throw interrupted(what);
}

/**
 * The events of a long operation (pull, push, build) as `{event, data}`, ending with the one
 * whose name is `done`; an `error` event throws its problem document.
 */
export async function* operationEvents<E extends { event: string; data: unknown }>(response: Response, what: string): AsyncGenerator<E> {
  for await (const message of readSse(response)) {
    if (message.event === 'error') throw BerthApiError.fromStreamError(message.data);
    const event = { event: message.event, data: JSON.parse(message.data) as unknown } as E;
    yield event;
    if (message.event === 'done') return;
  }
  throw interrupted(what);
}

function interrupted(what: string): BerthApiError {
  return new BerthApiError(CLIENT_ERROR_CODES.streamInterrupted, 0, `the ${what} stream closed before it was finished; is the server still running?`);
}
