import { request } from 'node:http';

/**
 * One GET on a new TCP connection (no agent, so no keep-alive and no pooled socket): connect,
 * request, read the whole body, close. Rejects on anything but 200, or after `timeoutMs`.
 */
export function getOnNewConnection(host: string, port: number, path: string, timeoutMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, agent: false, headers: { connection: 'close' }, timeout: timeoutMs }, (response) => {
      response.resume();
      response.once('error', reject);
      response.once('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`GET http://${host}:${port}${path}: ${response.statusCode}`))));
    });
    req.once('timeout', () => req.destroy(new Error(`GET http://${host}:${port}${path}: no answer in ${timeoutMs} ms`)));
    req.once('error', reject);
    req.end();
  });
}
