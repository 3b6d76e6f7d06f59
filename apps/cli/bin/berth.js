#!/usr/bin/env node
// Entry for `npx berth`: runs the compiled CLI (built by `npm run build`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('berth: not built yet; run `npm run build` in the repository first\n');
  process.exit(1);
}
// A reader that went away (`berth events | head`) ends the command quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
