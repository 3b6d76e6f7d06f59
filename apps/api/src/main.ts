import { loadConfig } from './config/berth-config.js';
import { createApp } from './create-app.js';
import { DockerListener } from './docker-api/docker-listener.service.js';
import { CleanupStack } from './startup/cleanup-stack.js';
import { openDatabase } from './startup/database-startup.js';
import { acquireInstanceLock } from './startup/instance-lock.js';
import { ensurePortFree, portError } from './startup/port-probe.js';
import { StartupError } from './startup/startup-error.js';
import { prepareStateRoot } from './startup/state-root.js';

/**
 * `npm start` ends here: state root → instance lock → port → database → HTTP. Each step
 * registers its undo, so a failure at any point, Ctrl-C or SIGTERM leaves nothing running.
 */
const say = (line: string): void => void process.stderr.write(`berth: ${line}\n`);

async function main(): Promise<void> {
  const cleanup = new CleanupStack();
  let stopping = false;
  const stop = async (exitCode: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const failures = await cleanup.unwind();
    for (const failure of failures) say(`while stopping ${failure.name}: ${String(failure.error)}`);
    process.exit(failures.length > 0 ? 1 : exitCode);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      say(`${signal} received, stopping`);
      void stop(0);
    });
  }

  try {
    const config = loadConfig();
    prepareStateRoot(config.root);
    const lock = acquireInstanceLock(config.root);
    cleanup.defer('the instance lock', () => lock.release());
    await ensurePortFree(config.host, config.port);
    const database = await openDatabase(config, say);
    cleanup.defer('PostgreSQL', () => database.stop());
    const app = await createApp({ config, database: { url: database.url, mode: database.mode } });
    cleanup.defer('the HTTP server', () => app.close());
    await app.listen(config.port, config.host).catch((error: NodeJS.ErrnoException) => {
      throw portError(config.host, config.port, error);
    });
    say(`listening on http://${config.host}:${config.port} (state root ${config.root}, ${database.mode} database)`);
    const docker = await app.get(DockerListener).listen();
    if (docker.socket) say(`Docker Engine API on unix://${docker.socket}`);
    if (docker.tcp) say(`Docker Engine API on tcp://${docker.tcp} (bearer tokens)`);
  } catch (error) {
    if (error instanceof StartupError) say(`${error.code}: ${error.message}`);
    else say(`unexpected start-up failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await stop(1);
  }
}

void main();
