// Child process for the subuid allocation race test: ensures the berth range in the given
// files and prints it as JSON. Usage: <subuid file> <subgid file>.
import { ensureRemapRange } from '../security/subordinate-ids.js';

const [subuid, subgid] = process.argv.slice(2) as [string, string];
process.stdout.write(`${JSON.stringify(await ensureRemapRange({ subuid, subgid }))}\n`);
