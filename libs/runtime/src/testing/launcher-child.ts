// Child process for the launcher tests. Usage:
//   server                  starts a ServerLauncher's server, prints "server <pid>", idles until killed
//   runtime <root> <bundle> <id>   runs a container to exit through a Runtime, never calls close()
import { Runtime } from '../engine/runtime.js';
import { locateShim } from '../native/shim-binary.js';
import { ServerLauncher } from '../native/shim-launcher.js';

const [mode, ...args] = process.argv.slice(2);
if (mode === 'server') {
  const launcher = new ServerLauncher(locateShim());
  // Any request starts the server; this one fails (ENOENT) without creating anything.
  await launcher.create('/no/such/plan', 'probing').catch(() => undefined);
  process.stdout.write(`server ${launcher.pid}\n`);
  setInterval(() => undefined, 60_000);
} else {
  const [root, bundle, id] = args as [string, string, string];
  const runtime = new Runtime({ root });
  await runtime.run(id, { bundle });
  const exit = await runtime.wait(id, 10_000);
  await runtime.delete(id);
  process.stdout.write(`exit ${exit.exitCode}\n`);
  // No close(): the server must not keep this process alive.
}
