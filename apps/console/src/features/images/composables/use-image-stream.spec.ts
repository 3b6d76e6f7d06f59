import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { BerthApiError } from '@berth/contracts';
import { pageResponse, stubFetch } from '../../../testing/fetch-stub';
import { useImageStream } from './use-image-stream';

type Event = { event: 'tick'; data: number } | { event: 'done'; data: string };

/** A stream that yields `events`, then waits until aborted (a long pull or build). */
async function* endless(events: Event[], signal: AbortSignal): AsyncGenerator<Event> {
  yield* events;
  // The abort may come before this line runs (the generator starts a few microtasks late).
  await new Promise((_resolve, reject) => {
    const abort = () => reject(new DOMException('aborted', 'AbortError'));
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort);
  });
}

async function* finished(events: Event[]): AsyncGenerator<Event> {
  yield* events;
}

/** A stream that ends with a problem event, as the client throws it. */
async function* failing(problem: Error): AsyncGenerator<Event> {
  yield { event: 'tick', data: 0 };
  throw problem;
}

describe('useImageStream', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('hands progress on, keeps the done data as the result and reloads the images', async () => {
    const fetchMock = stubFetch({ 'GET /api/v1/images': pageResponse([]) });
    const stream = useImageStream<Event>();
    const ticks: number[] = [];

    const result = await stream.run(
      () =>
        finished([
          { event: 'tick', data: 1 },
          { event: 'tick', data: 2 },
          { event: 'done', data: 'ok' },
        ]),
      (event) => ticks.push(event.data as number),
    );

    expect(result).toBe('ok');
    expect(stream.result.value).toBe('ok');
    expect(ticks).toEqual([1, 2]);
    expect(stream.running.value).toBe(false);
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
  });

  it('keeps a failure, but not a cancel, as the problem', async () => {
    const stream = useImageStream<Event>();
    const first = stream.run(
      (signal) => endless([], signal),
      () => undefined,
    );
    expect(stream.running.value).toBe(true);
    stream.cancel();
    await expect(first).resolves.toBeUndefined();
    expect(stream.error.value).toBeNull();

    await stream.run(
      () => failing(new BerthApiError('REGISTRY_UNREACHABLE', 502, 'no route')),
      () => undefined,
    );
    expect(stream.error.value?.code).toBe('REGISTRY_UNREACHABLE');
  });

  it('cancels the run under way when another starts, and when its scope ends', async () => {
    const scope = effectScope();
    const stream = scope.run(() => useImageStream<Event>())!;
    const signals: AbortSignal[] = [];
    const open = (signal: AbortSignal) => {
      signals.push(signal);
      return endless([], signal);
    };

    const first = stream.run(open, () => undefined);
    const second = stream.run(open, () => undefined);
    await expect(first).resolves.toBeUndefined();
    expect(signals[0]!.aborted).toBe(true);
    expect(stream.running.value).toBe(true);

    scope.stop();
    await expect(second).resolves.toBeUndefined();
    expect(signals[1]!.aborted).toBe(true);
    expect(stream.running.value).toBe(false);
  });
});
