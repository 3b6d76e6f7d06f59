import type { ReadinessResponse, SystemInfo } from '@berth/contracts';
import { vi } from 'vitest';

/**
 * Test helpers that stand in for the API at the fetch boundary, so specs exercise the
 * real client, stores and components. Only specs import this file.
 */

/** A canned answer; a function is called per request because a Response body reads once. */
export type StubAnswer = Response | Error | ((url: URL, init?: RequestInit) => Response | Promise<Response>);

export function stubFetch(answers: Record<string, StubAnswer>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const parsed = new URL(url, 'http://console.test');
    const path = decodeURIComponent(parsed.pathname);
    const answer = answers[`${init?.method ?? 'GET'} ${path}`] ?? answers[path];
    if (answer === undefined) return problemResponse(404, 'NOT_FOUND', `no stub for ${path}`);
    if (answer instanceof Error) throw answer;
    const response = typeof answer === 'function' ? await answer(parsed, init) : answer.clone();
    return abortable(response, init?.signal ?? undefined);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

/**
 * What a real fetch does on abort: a body still being read fails with the abort's reason,
 * so streaming code under test sees exactly what it would in a browser.
 */
function abortable(response: Response, signal: AbortSignal | undefined): Response {
  if (!signal || !response.body) return response;
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      signal.addEventListener(
        'abort',
        () => {
          controller.error(signal.reason ?? new DOMException('aborted', 'AbortError'));
          reader.cancel().catch(() => undefined);
        },
        { once: true },
      );
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (signal.aborted) return;
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** A list endpoint's answer: every item on one page, as the API's `{ items, total }` envelope. */
export function pageResponse(items: unknown[]): Response {
  return jsonResponse({ items, total: items.length });
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}

export function problemResponse(status: number, code: string, detail: string, errors?: { field: string; message: string }[]): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title: 'Error', status, code, detail, ...(errors ? { errors } : {}) }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

/** One Server-Sent Events message as the API writes it. */
export interface SseStubMessage {
  event?: string;
  data: unknown;
  id?: string;
}

function sseText(message: SseStubMessage): string {
  const lines = [message.id ? `id: ${message.id}` : '', message.event ? `event: ${message.event}` : '', `data: ${JSON.stringify(message.data)}`];
  return `${lines.filter(Boolean).join('\n')}\n\n`;
}

/** An event stream that sends `messages` and closes. */
export function sseResponse(messages: SseStubMessage[]): Response {
  return new Response(messages.map(sseText).join(''), { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

/**
 * An event stream the spec writes to while the code under test reads it, for behaviour
 * that depends on messages arriving over time; `close` ends it as the server would.
 */
export function liveSse() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({ start: (c) => (controller = c) });
  return {
    response: () => new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }),
    send: (message: SseStubMessage) => controller.enqueue(encoder.encode(sseText(message))),
    close: () => controller.close(),
  };
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
  capabilities: [
    { name: 'bridge-networking', available: false, missingTools: ['iptables-save', 'iptables-restore'], install: 'apt-get install iptables' },
    { name: 'seed-image', available: true, missingTools: [] },
  ],
};

export const sampleReadiness: ReadinessResponse = {
  status: 'ready',
  checks: [
    { name: 'database', ok: true },
    { name: 'migrations', ok: true },
  ],
};
