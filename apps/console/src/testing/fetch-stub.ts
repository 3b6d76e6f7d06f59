import type { ReadinessResponse, SystemInfo } from '@berth/contracts';
import { vi } from 'vitest';

/**
 * Test helpers that stand in for the API at the fetch boundary, so specs exercise the
 * real client, stores and components. Only specs import this file.
 */

/** A canned answer; a function is called per request because a Response body reads once. */
export type StubAnswer = Response | Error | (() => Response | Promise<Response>);

export function stubFetch(answers: Record<string, StubAnswer>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, _init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const path = new URL(url, 'http://console.test').pathname;
    const answer = answers[path];
    if (answer === undefined) return problemResponse(404, 'NOT_FOUND', `no stub for ${path}`);
    if (answer instanceof Error) throw answer;
    return typeof answer === 'function' ? answer() : answer.clone();
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}

export function problemResponse(status: number, code: string, detail: string): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title: 'Error', status, code, detail }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

export const sampleSystemInfo: SystemInfo = {
  version: '0.1.0',
  apiVersion: 'v1',
  runtime: { name: 'berth-runtime', version: '0.1.0', ociVersion: '1.1.0' },
  hostname: 'dock-01',
  kernel: '6.1.0-26-amd64',
  os: 'Debian GNU/Linux 12 (bookworm)',
  architecture: 'x64',
  cpus: 8,
  memoryBytes: 16 * 1024 ** 3,
  cgroupVersion: 'hybrid',
  database: 'embedded',
  stateRoot: '/var/lib/berth',
  containers: { total: 3, running: 2, paused: 0, stopped: 1 },
  images: 2,
  volumes: 1,
};

export const sampleReadiness: ReadinessResponse = {
  status: 'ready',
  checks: [
    { name: 'database', ok: true },
    { name: 'migrations', ok: true },
  ],
};
