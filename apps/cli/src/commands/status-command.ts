import { HEALTH_PATH, READY_PATH, type HealthResponse, type ReadinessResponse } from '@berth/contracts';
import { getJson, type ClientOptions } from '../api-client.js';

/** `berth status`: is the server up and ready? Exit status 0 only when ready, for scripts. */
export async function statusCommand(options: ClientOptions, output: { json: boolean }): Promise<number> {
  const health = await getJson<HealthResponse>(options, HEALTH_PATH);
  const readiness = await getJson<ReadinessResponse>(options, READY_PATH, { acceptStatuses: [503] });
  if (output.json) {
    process.stdout.write(`${JSON.stringify({ url: options.url, version: health.version, ...readiness }, null, 2)}\n`);
  } else {
    process.stdout.write(`Berth ${health.version} at ${options.url}: ${readiness.status}\n`);
    for (const check of readiness.checks) process.stdout.write(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}${check.detail ? `: ${check.detail}` : ''}\n`);
  }
  return readiness.status === 'ready' ? 0 : 1;
}
