'use strict';
// Runs a bin's one-file CommonJS bundle (tools/bootstrap/bundle-bin.mjs) with V8's code cache:
// the bytecode of what the last run compiled is read back instead of parsing and compiling
// the bundle again. Node >= 22.1 does this itself (module.enableCompileCache); Node 20 offers
// it only to a vm.Script, hence this loader. The cache sits beside the bundle, is named after
// the Node version and the bundle's size and mtime (V8 checks only the source's length), and
// is rewritten when V8 rejects it; a read-only install simply runs without one.
const { createRequire } = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

/** Loads `file`, answers its exports and `saveCache`, to call once the command has run. */
function loadBundle(file) {
  const source = fs.readFileSync(file, 'utf8');
  const stat = fs.statSync(file);
  const cacheFile = `${file}.${process.version}-${stat.size}-${Math.floor(stat.mtimeMs)}.cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  const saveCache = () => {
    if (cachedData && !script.cachedDataRejected) return;
    try {
      // After the run, so the functions the command used are in it, not only the top level.
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, script.createCachedData());
      fs.renameSync(temporary, cacheFile);
      removeStale(file, cacheFile);
    } catch {
      // No cache this time (read-only directory, full disk): the next run compiles again.
    }
  };
  return { exports: module.exports, saveCache };
}

function removeStale(file, keep) {
  const directory = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  for (const name of fs.readdirSync(directory)) {
    const full = path.join(directory, name);
    if (full !== keep && name.startsWith(prefix) && name.endsWith('.cache')) fs.rmSync(full, { force: true });
  }
}

module.exports = { loadBundle };
