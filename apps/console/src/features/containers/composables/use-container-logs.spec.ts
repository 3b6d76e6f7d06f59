import { afterEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { liveSse, problemResponse, sseResponse, stubFetch } from '../../../testing/fetch-stub';
import { MAX_LOG_LINES, useContainerLogs } from './use-container-logs';

const LOGS = '/api/v1/containers/web/logs';

describe('useContainerLogs', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('follows the output line by line until the stream ends', async () => {
    const fetchMock = stubFetch({
      [LOGS]: sseResponse([
        { event: 'log', data: { stream: 'stdout', log: 'hello\nworld\n' } },
        { event: 'log', data: { stream: 'stderr', log: 'oops\n' } },
        { event: 'end', data: {} },
      ]),
    });
    const logs = useContainerLogs(() => 'web');

    await logs.follow();

    expect(logs.lines.value.map((line) => [line.stream, line.text])).toEqual([
      ['stdout', 'hello'],
      ['stdout', 'world'],
      ['stderr', 'oops'],
    ]);
    expect(logs.ended.value).toBe(true);
    expect(logs.following.value).toBe(false);
    const url = new URL(String(fetchMock.mock.calls[0]![0]), 'http://x');
    expect(url.searchParams.get('follow')).toBe('true');
    expect(url.searchParams.get('tail')).toBe('500');
  });

  it('keeps only the newest lines', async () => {
    const many = Array.from({ length: MAX_LOG_LINES + 5 }, (_, index) => `${index}`).join('\n');
    stubFetch({
      [LOGS]: sseResponse([
        { event: 'log', data: { stream: 'stdout', log: many } },
        { event: 'end', data: {} },
      ]),
    });
    const logs = useContainerLogs(() => 'web');

    await logs.follow();

    expect(logs.lines.value).toHaveLength(MAX_LOG_LINES);
    expect(logs.lines.value[0]!.text).toBe('5');
  });

  it('shows the problem when the stream is refused or breaks off', async () => {
    stubFetch({ [LOGS]: problemResponse(404, 'CONTAINER_NOT_FOUND', 'no container web') });
    const logs = useContainerLogs(() => 'web');
    await logs.follow();
    expect(logs.error.value).toMatchObject({ code: 'CONTAINER_NOT_FOUND' });

    stubFetch({ [LOGS]: sseResponse([{ event: 'log', data: { stream: 'stdout', log: 'x\n' } }]) });
    await logs.follow();
    expect(logs.error.value?.code).toBe('STREAM_INTERRUPTED');
  });

  it('stops following when its scope ends, without reporting an error', async () => {
    const live = liveSse();
    stubFetch({ [LOGS]: () => live.response() });
    const scope = effectScope();
    const logs = scope.run(() => useContainerLogs(() => 'web'))!;

    const following = logs.follow();
    live.send({ event: 'log', data: { stream: 'stdout', log: 'first\n' } });
    await vi.waitFor(() => expect(logs.lines.value).toHaveLength(1));
    scope.stop();
    await following;

    expect(logs.following.value).toBe(false);
    expect(logs.error.value).toBeNull();
    expect(logs.ended.value).toBe(false);
  });
});
