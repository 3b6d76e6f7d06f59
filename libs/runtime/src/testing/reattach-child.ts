// Child process for the reattach test: creates and starts a container through the library,
// reports, then idles until the test kills it with SIGKILL. Usage: <root> <bundle> <id>.
import { Runtime } from '../engine/runtime.js';

const [root, bundle, id] = process.argv.slice(2) as [string, string, string];
const runtime = new Runtime({ root });
await runtime.run(id, { bundle });
process.stdout.write(`started ${process.pid}\n`);
setInterval(() => undefined, 60_000);
