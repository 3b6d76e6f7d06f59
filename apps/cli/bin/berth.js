#!/usr/bin/env node
// Entry for `npx berth`: runs the bundled CLI (build/bin/berth.cjs, made by `npm run build`)
// through V8's code cache, so a command costs little more than starting Node.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const bundle = new URL('../build/bin/berth.cjs', import.meta.url);
if (!existsSync(bundle)) {
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
const { loadBundle } = require('@berth/runtime/run-bundle');
const { exports, saveCache } = loadBundle(fileURLToPath(bundle));
process.exitCode = await exports.main(process.argv);
saveCache();
