import { describe, expect, it } from 'vitest';
import { containerSocketUrl, controlFrame, readSocketFrame } from './container-socket.js';

describe('containerSocketUrl', () => {
  it('turns http into ws and gives one cmd parameter per argument', () => {
    const url = containerSocketUrl('http://127.0.0.1:8080', 'web', {
      kind: 'exec',
      cmd: ['sh', '-c', 'echo a&b'],
      tty: true,
      size: { rows: 24, cols: 80 },
      env: ['A=1', 'B=x y'],
      workingDir: '/tmp',
      user: '1000:1000',
    });
    const parsed = new URL(url);
    expect(`${parsed.protocol}//${parsed.host}${parsed.pathname}`).toBe('ws://127.0.0.1:8080/api/v1/containers/web/exec/ws');
    expect(parsed.searchParams.getAll('cmd')).toEqual(['sh', '-c', 'echo a&b']);
    expect(parsed.searchParams.getAll('env')).toEqual(['A=1', 'B=x y']);
    expect(Object.fromEntries([...parsed.searchParams].filter(([key]) => key !== 'cmd' && key !== 'env'))).toEqual({
      tty: 'true',
      rows: '24',
      cols: '80',
      workingDir: '/tmp',
      user: '1000:1000',
    });
  });

  it('keeps https as wss and a path prefix (Berth behind a proxy); attach takes no query', () => {
    expect(containerSocketUrl('https://example.test/berth/', 'a b', { kind: 'attach' })).toBe('wss://example.test/berth/api/v1/containers/a%20b/attach/ws');
    expect(containerSocketUrl('http://h:1', 'c', { kind: 'exec', cmd: ['sh'] })).toBe('ws://h:1/api/v1/containers/c/exec/ws?cmd=sh&tty=false');
  });

  it('refuses an empty baseUrl where there is no page to take the origin from', () => {
    expect(() => containerSocketUrl('', 'c', { kind: 'attach' })).toThrow(/absolute baseUrl/);
  });
});

describe('socket frames', () => {
  it('reads output frames by their first byte, from bytes or an ArrayBuffer', () => {
    expect(readSocketFrame(Uint8Array.of(1, 104, 105))).toEqual({ type: 'output', stream: 'stdout', data: Uint8Array.of(104, 105) });
    expect(readSocketFrame(Uint8Array.of(2, 33).buffer)).toEqual({ type: 'output', stream: 'stderr', data: Uint8Array.of(33) });
    expect(readSocketFrame(Uint8Array.of(9, 1))).toBeUndefined();
  });

  it('reads the exit message as text or as the bytes of a text frame, and ignores what it does not know', () => {
    expect(readSocketFrame('{"type":"exit","exitCode":3}')).toEqual({ type: 'exit', exitCode: 3 });
    expect(readSocketFrame(new TextEncoder().encode('{"type":"exit","exitCode":0}'), false)).toEqual({ type: 'exit', exitCode: 0 });
    expect(readSocketFrame('{"type":"later"}')).toBeUndefined();
    expect(readSocketFrame('not json')).toBeUndefined();
  });

  it('writes control messages as the JSON the server reads', () => {
    expect(JSON.parse(controlFrame({ type: 'resize', rows: 50, cols: 132 }))).toEqual({ type: 'resize', rows: 50, cols: 132 });
    expect(controlFrame({ type: 'eof' })).toBe('{"type":"eof"}');
  });
});
