// `npm run bench -- --suite NAME [--json] [--smoke]`: install and build as `npm start`
// does, install the peers the suites compare with (Debian's crun, runc), then run the
// suite. Nx's build output goes to stderr so that with --json stdout is one JSON document.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureInstall, WORKSPACE_ROOT } from './ensure-install.mjs';
import { ensureHostPackages } from './host-packages.mjs';
import { NX_ENV } from './nx.mjs';

const log = (line) => console.error(`berth: ${line}`);
ensureInstall({ log });
ensureHostPackages('bench', { log });
const built = await new Promise((resolve) => {
  const nx = spawn(join(WORKSPACE_ROOT, 'node_modules', '.bin', 'nx'), ['run', '@berth/benchmarks:build', '--outputStyle=static'], {
    cwd: WORKSPACE_ROOT,
    stdio: ['ignore', process.stderr, process.stderr],
    env: { ...process.env, ...NX_ENV },
  });
  nx.on('exit', (code) => resolve(code ?? 1));
});
if (built !== 0) process.exit(built);
const bench = spawn(process.execPath, [join(WORKSPACE_ROOT, 'benchmarks', 'dist', 'cli', 'bench.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
bench.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
