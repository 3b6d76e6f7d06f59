#!/usr/bin/env node
// The TypeScript `berth-runtime` (the reference for every verb): runs the bundled CLI
// (build/bin/berth-runtime.cjs, made by `npm run build`) through V8's code cache. The command
// people run is bin/berth-runtime, which answers state/start/kill/delete/ps natively.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const bundle = fileURLToPath(new URL('../build/bin/berth-runtime.cjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('berth-runtime: not built yet; run `npm run build` in the repository first\n');
  process.exit(1);
}
const { loadBundle } = require('./run-bundle.cjs');
const { exports, saveCache } = loadBundle(bundle);
process.exitCode = await exports.main(process.argv);
saveCache();
