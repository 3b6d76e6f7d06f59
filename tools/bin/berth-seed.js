#!/usr/bin/env node
// Entry for `npx berth-seed`: runs the compiled tool (built by `npm run build`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/seed.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('berth-seed: not built yet; run `npm run build` in the repository first\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
