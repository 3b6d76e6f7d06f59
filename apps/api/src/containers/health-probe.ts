import type { HealthcheckConfig, HealthLogEntry } from '@berth/contracts';
import { HEALTH_OUTPUT_LIMIT } from '@berth/contracts';
import type { RuntimeAdapter } from '../engine/runtime-adapter.js';
import { BoundedOutput } from './bounded-output.js';
import { probeArgs } from './healthcheck-config.js';

/**
 * One healthcheck probe: the test run inside the container through the runtime's exec (the
 * container's env, user and working directory, as Docker's probe has them), its output
 * bounded to what Docker keeps. Past the timeout, or when `signal` aborts, the probe and all
 * it forked are SIGKILLed (the runtime's exec session kills the whole tree for SIGKILL), and
 * the result is a failure (-1). Never throws: a probe that cannot run is a
 * failed probe.
 */
export async function runProbe(
  runtime: Pick<RuntimeAdapter, 'execSession'>,
  id: string,
  config: HealthcheckConfig,
  signal: AbortSignal,
): Promise<HealthLogEntry> {
  const start = new Date();
  const output = new BoundedOutput(HEALTH_OUTPUT_LIMIT);
  let session;
  try {
    session = await runtime.execSession(id, { args: probeArgs(config), onOutput: (_stream, data) => output.push(data) });
  } catch (error) {
    return entry(start, -1, (error as Error).message);
  }
  session.endInput();
  let timedOut = false;
  const kill = () => session.kill('SIGKILL');
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, config.timeoutMs);
  signal.addEventListener('abort', kill, { once: true });
  try {
    const exitCode = await session.exit;
    if (timedOut) return entry(start, -1, `Health check exceeded timeout (${config.timeoutMs}ms)`);
    return entry(start, exitCode, output.text());
  } catch (error) {
    return entry(start, -1, (error as Error).message);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', kill);
  }
}

function entry(start: Date, exitCode: number, output: string): HealthLogEntry {
  return { start: start.toISOString(), end: new Date().toISOString(), exitCode, output };
}
