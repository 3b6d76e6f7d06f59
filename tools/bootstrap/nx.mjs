// Runs the workspace's Nx offline and without a daemon: no cloud, no prompts, the same
// on a laptop and in CI.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './ensure-install.mjs';

export const NX_ENV = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_INTERACTIVE: 'false' };

export function runNx(args, { env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(join(WORKSPACE_ROOT, 'node_modules', '.bin', 'nx'), args, {
      cwd: WORKSPACE_ROOT,
      stdio: 'inherit',
      env: { ...process.env, ...NX_ENV, ...env },
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
