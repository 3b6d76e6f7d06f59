// `npm start`: install what is missing (npm dependencies, and the Debian packages of the tools
// the server spawns), build what is stale (Nx caches the rest), then run the API, which serves
// the console and starts its own PostgreSQL when DATABASE_URL is unset.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureInstall, WORKSPACE_ROOT } from './ensure-install.mjs';
import { ensureHostPackages } from './host-packages.mjs';
import { runNx } from './nx.mjs';

ensureInstall();
// Not fatal: a host that cannot install them gets the command to run, and the server starts
// with what it has (GET /api/v1/system/info names the capabilities that are off).
ensureHostPackages('server', { required: false });
const built = await runNx(['run-many', '-t', 'build', '-p', '@berth/api', '@berth/console', '@berth/cli', '@berth/benchmarks', '--outputStyle=static']);
if (built !== 0) {
  console.error('berth: the build failed (see above); nothing was started');
  process.exit(built);
}

const server = spawn(process.execPath, [join(WORKSPACE_ROOT, 'apps', 'api', 'dist', 'main.js')], { stdio: 'inherit' });
// Ctrl-C reaches the whole process group, the server included; SIGTERM sent to this
// process alone is passed on. Either way we wait for the server to finish stopping
// PostgreSQL and exit with its status.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (server.exitCode === null) server.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal);
  });
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
