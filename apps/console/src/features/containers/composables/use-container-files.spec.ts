import { afterEach, describe, expect, it, vi } from 'vitest';
import { problemResponse, stubFetch } from '../../../testing/fetch-stub';
import { useContainerFiles } from './use-container-files';

const ARCHIVE = '/api/v1/containers/web/archive';
const stat = { name: 'hostname', size: 4, mode: 0o644, mtime: '2026-01-01T00:00:00.000Z', linkTarget: '' };

describe('useContainerFiles', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('downloads a path as a tar named after it', async () => {
    const fetchMock = stubFetch({
      [`GET ${ARCHIVE}`]: () =>
        new Response(new Uint8Array([1, 2, 3]), {
          headers: { 'Content-Type': 'application/x-tar', 'X-Docker-Container-Path-Stat': btoa(JSON.stringify(stat)) },
        }),
    });
    const files = useContainerFiles(() => 'web');

    const archive = await files.download('/etc/hostname');

    expect(archive?.filename).toBe('hostname.tar');
    expect(archive?.blob.size).toBe(3);
    expect(new URL(String(fetchMock.mock.calls[0]![0]), 'http://x').searchParams.get('path')).toBe('/etc/hostname');
    expect(files.error.value).toBeNull();
  });

  it('uploads one file into a directory as a one-file tar', async () => {
    let sent: { path: string | null; type: string | null; name: string } | undefined;
    stubFetch({
      [`PUT ${ARCHIVE}`]: async (url, init) => {
        const body = new Uint8Array(await new Response(init!.body).arrayBuffer());
        const headers = new Headers(init!.headers);
        sent = { path: url.searchParams.get('path'), type: headers.get('content-type'), name: new TextDecoder().decode(body.subarray(0, 9)) };
        return new Response(null, { status: 204 });
      },
    });
    const files = useContainerFiles(() => 'web');

    const done = await files.upload('/tmp', new File(['payload'], 'notes.txt'));

    expect(done).toBe(true);
    expect(sent).toEqual({ path: '/tmp', type: 'application/x-tar', name: 'notes.txt' });
    expect(files.done.value).toBe('Uploaded notes.txt into /tmp');
  });

  it('keeps the problem when the path is missing', async () => {
    stubFetch({ [`GET ${ARCHIVE}`]: problemResponse(404, 'PATH_NOT_FOUND', 'no such file or directory in the container: /nope') });
    const files = useContainerFiles(() => 'web');

    expect(await files.download('/nope')).toBeUndefined();

    expect(files.error.value).toMatchObject({ code: 'PATH_NOT_FOUND' });
    expect(files.busy.value).toBe(false);
  });
});
