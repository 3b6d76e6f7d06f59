import { describe, expect, it } from 'vitest';
import { BerthApiError } from './berth-api-error.js';
import { itemsUntilEnd, operationEvents } from './named-events.js';
import { readSse, SseParser, type SseMessage } from './sse.js';

/** A streamed response whose body arrives in exactly these chunks, as a slow network would split it. */
function responseOf(chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('SseParser', () => {
  it('joins multi-line data with newlines and names the event', () => {
    const parser = new SseParser();
    expect(parser.push('event: log\ndata: first\ndata: second\ndata:third\n\n')).toEqual([{ event: 'log', data: 'first\nsecond\nthird', id: undefined }]);
  });

  it('carries the last id over to later messages and forgets it on an empty id', () => {
    const parser = new SseParser();
    const messages = parser.push('id: 7\nevent: container\ndata: {"a":1}\n\ndata: no id line\n\nid\ndata: reset\n\n');
    expect(messages.map((message) => message.id)).toEqual(['7', '7', undefined]);
    expect(messages[1]!.event).toBe('message');
  });

  it('waits for the blank line, across chunks split anywhere (CRLF split between chunks too)', () => {
    const parser = new SseParser();
    const text = 'retry: 3000\r\n: connected\r\n\r\nid: 42\r\nevent: stats\r\ndata: {"x":\r\ndata: 1}\r\n\r\n';
    const messages: SseMessage[] = [];
    for (const char of text) messages.push(...parser.push(char));
    expect(messages).toEqual([{ event: 'stats', data: '{"x":\n1}', id: '42' }]);
  });

  it('ignores comments, unknown fields, an event without data, and a leading byte order mark', () => {
    const parser = new SseParser();
    expect(parser.push('\uFEFF: heartbeat\n\nevent: lonely\n\nfoo: bar\ndata\n\n')).toEqual([{ event: 'message', data: '', id: undefined }]);
  });

  it('keeps a colon inside the value and strips only one leading space', () => {
    expect(new SseParser().push('data:  two spaces: and a colon\n\n')[0]!.data).toBe(' two spaces: and a colon');
  });

  it('ignores a bad retry and keeps parsing', () => {
    expect(new SseParser().push('retry: soon\n\nevent: a\ndata: 1\n\n')).toEqual([{ event: 'a', data: '1', id: undefined }]);
  });

  it('refuses a message that grows past its bound instead of buffering it', () => {
    const parser = new SseParser(1024);
    expect(parser.push('data: small\n\n')).toHaveLength(1);
    expect(() => parser.push(`data: ${'x'.repeat(2048)}`)).toThrow(expect.objectContaining({ code: 'INVALID_RESPONSE' }));
    // Once refused, the stream stays refused.
    expect(() => parser.push('\n\n')).toThrow(expect.objectContaining({ code: 'INVALID_RESPONSE' }));
  });
});

describe('readSse', () => {
  it('reads messages from a streamed body and drops an unfinished one at the end', async () => {
    const response = responseOf(['id: 1\nevent: a\nda', 'ta: x\n', 'data: y\n\nevent: b\ndata: z\n\n', 'data: never finished\n']);
    expect(await collect(readSse(response))).toEqual([
      { event: 'a', data: 'x\ny', id: '1' },
      { event: 'b', data: 'z', id: '1' },
    ]);
  });

  it('decodes UTF-8 split inside a character', async () => {
    const bytes = new TextEncoder().encode('data: größe ✓\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(Uint8Array.of(byte));
        controller.close();
      },
    });
    expect((await collect(readSse(new Response(body))))[0]!.data).toBe('größe ✓');
  });

  it('fails a stream whose line never ends, and closes it', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('data: '.padEnd(600, 'x')));
      },
      cancel() {
        cancelled = true;
      },
    });
    await expect(collect(readSse(new Response(body), new SseParser(4096)))).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
    expect(cancelled).toBe(true);
  });
});

describe('stream endings', () => {
  it('yields items until `end`', async () => {
    const response = responseOf(['event: log\ndata: {"stream":"stdout","log":"hi\\n"}\n\n', 'event: end\ndata: {}\n\n']);
    expect(await collect(itemsUntilEnd(response, 'log', 'logs'))).toEqual([{ stream: 'stdout', log: 'hi\n' }]);
  });

  it('throws the error event as a BerthApiError with its code', async () => {
    const response = responseOf(['event: error\ndata: {"code":"CONTAINER_NOT_FOUND","detail":"gone"}\n\n']);
    const error = await collect(itemsUntilEnd(response, 'log', 'logs')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BerthApiError);
    expect(error).toMatchObject({ code: 'CONTAINER_NOT_FOUND', detail: 'gone' });
  });

  it('calls a stream that closes before its end interrupted', async () => {
    const error = await collect(itemsUntilEnd(responseOf(['event: log\ndata: {}\n\n']), 'log', 'logs')).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'STREAM_INTERRUPTED' });
  });

  it('takes an image stream problem document, status included', async () => {
    const problem = { type: 'about:blank', title: 'Bad Gateway', status: 502, detail: 'registry said no', code: 'REGISTRY_ERROR' };
    const response = responseOf([
      `event: progress\ndata: {"digest":"sha256:a","bytes":1,"total":2,"done":false}\n\nevent: error\ndata: ${JSON.stringify(problem)}\n\n`,
    ]);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of operationEvents<{ event: string; data: unknown }>(response, 'pull')) seen.push(event.event);
    })().catch((caught: unknown) => caught);
    expect(seen).toEqual(['progress']);
    expect(error).toMatchObject({ code: 'REGISTRY_ERROR', status: 502, detail: 'registry said no' });
  });
});
