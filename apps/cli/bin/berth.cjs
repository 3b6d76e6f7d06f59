#!/usr/bin/env node
'use strict';
// Entry for `npx berth`: runs the bundled CLI (build/bin/berth.cjs, made by `npm run build`)
// through V8's code cache, so a command costs little more than starting Node. CommonJS, since
// an ES module entry alone makes Node load its ESM loader (~15 ms here).
const { existsSync } = require('node:fs');
const path = require('node:path');

const bundle = path.join(__dirname, '../build/bin/berth.cjs');
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
const { exports: cli, saveCache } = loadBundle(bundle);
cli.main(process.argv).then((code) => {
  process.exitCode = code;
  saveCache();
});
