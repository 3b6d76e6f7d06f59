// Bundles one command-line entry (a TypeScript module exporting `main`) into one CommonJS file,
// for the bins to run through V8's code cache (see libs/runtime/bin/run-bundle.cjs).
//   node tools/bootstrap/bundle-bin.mjs <entry.ts> <out.cjs>
// Sources are read through the `@berth/source` export condition, so no library needs building
// first. CommonJS, because Node 20 can give a code cache only to a vm.Script, not to a module.
import { rmSync, readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { build } from 'esbuild';

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  process.stderr.write('usage: bundle-bin.mjs <entry.ts> <out.cjs>\n');
  process.exit(2);
}

// Node built-ins that take milliseconds to load and that most commands never call: commander
// requires child_process (~15 ms) for executable subcommands Berth does not have. Each becomes
// a proxy that loads the real module on first use, so a command pays only for what it calls.
const LAZY_BUILTINS = ['child_process', 'crypto', 'readline', 'zlib', 'worker_threads', 'https', 'tls', 'dns'];

/** @type {import('esbuild').Plugin} */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    build.onResolve({ filter }, (args) =>
      // The proxy's own require is the real module.
      args.namespace === 'lazy-builtin' ? undefined : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      loader: 'js',
      contents: `let real;
const load = () => (real ??= require('node:${args.path}'));
module.exports = new Proxy({}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const descriptor = Object.getOwnPropertyDescriptor(load(), key);
    return descriptor && { ...descriptor, configurable: true };
  },
});`,
    }));
  },
};

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  conditions: ['@berth/source'],
  // ws loads these optional native speed-ups inside try/catch; absent, it uses JavaScript.
  external: ['bufferutil', 'utf-8-validate'],
  // import.meta.url is where a library finds files beside its module (the native core):
  // in the bundle that is the bundle's own URL, so it must sit as deep as the module was.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [lazyBuiltins],
  // Less to read and parse on every start; keepNames keeps class and function names for errors.
  minify: true,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
});

// A code cache made for the previous bundle must never meet the new one.
for (const name of readdirSync(dirname(outfile))) {
  if (name.startsWith(`${basename(outfile)}.`) && name.endsWith('.cache')) rmSync(`${dirname(outfile)}/${name}`, { force: true });
}
