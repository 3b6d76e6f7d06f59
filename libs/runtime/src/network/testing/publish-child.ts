// Child process for the published-port restart test: publishes a port through the library,
// reports, then idles until the test kills it with SIGKILL, as a crashed API would go.
// Usage: <owner> <bridge> <hostPort> <containerIp> <containerPort>.
import { publishPort } from '../firewall/port-rules.js';

const [owner, bridge, hostPort, containerIp, containerPort] = process.argv.slice(2) as [string, string, string, string, string];
await publishPort({ owner, bridge, protocol: 'tcp', hostPort: Number(hostPort), containerIp, containerPort: Number(containerPort) });
process.stdout.write(`published ${process.pid}\n`);
setInterval(() => undefined, 60_000);
