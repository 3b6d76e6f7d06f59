#!/usr/bin/env node
'use strict';
// The TypeScript `berth-runtime` (the reference for every verb): runs the bundled CLI
// (build/bin/berth-runtime.cjs, made by `npm run build`) through V8's code cache. The command
// people run is bin/berth-runtime, which answers create/run/state/start/kill/delete/ps natively. CommonJS,
// since an ES module entry alone makes Node load its ESM loader.
const { existsSync } = require('node:fs');
const path = require('node:path');
const { loadBundle } = require('./run-bundle.cjs');

const bundle = path.join(__dirname, '../build/bin/berth-runtime.cjs');
if (!existsSync(bundle)) {
  process.stderr.write('berth-runtime: not built yet; run `npm run build` in the repository first\n');
  process.exit(1);
}
const { exports: cli, saveCache } = loadBundle(bundle);
cli.main(process.argv).then((code) => {
  process.exitCode = code;
  saveCache();
});
