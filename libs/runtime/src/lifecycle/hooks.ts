import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OciHook, OciSpec } from '../model/oci-spec.js';
import { RuntimeError } from '../model/runtime-error.js';

/** The hooks Berth runs, all in the runtime's namespaces (see validate-hooks.ts for the others). */
export type HookPhase = 'prestart' | 'createRuntime' | 'poststart' | 'poststop';

/** What a hook reads on stdin: the runtime-spec state of the container. */
export interface HookState {
  ociVersion: string;
  id: string;
  status: 'creating' | 'created' | 'running' | 'stopped';
  pid?: number;
  bundle: string;
  annotations?: Record<string, string>;
}

/** Without a timeout of its own, a hook may take this long before it is killed and fails. */
const DEFAULT_TIMEOUT_S = 30;
const STDERR_KEPT = 2048;

/**
 * Runs one phase's hooks in order, each with the state JSON on stdin (runtime-spec
 * config.md#posix-platform-hooks). The first that fails — non-zero exit, killed, or over its
 * `timeout` — stops the rest and rejects with HOOK_FAILED naming it; what the failure means
 * (abort create, or only warn) is the caller's (runtime-spec: poststart and poststop only warn).
 */
export async function runHooks(phase: HookPhase, hooks: readonly OciHook[] | undefined, state: HookState): Promise<void> {
  for (const [index, hook] of (hooks ?? []).entries()) await runHook(`hooks.${phase}[${index}]`, hook, state);
}

function runHook(field: string, hook: OciHook, state: HookState): Promise<void> {
  const timeoutS = hook.timeout ?? DEFAULT_TIMEOUT_S;
  return new Promise((resolve, reject) => {
    const [argv0, ...args] = hook.args && hook.args.length > 0 ? hook.args : [hook.path];
    const child = spawn(hook.path, args, { argv0, env: envOf(hook.env), stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-STDERR_KEPT)));
    // A hook that does not read its stdin must not fail us with EPIPE.
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(JSON.stringify(state));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutS * 1000);
    const fail = (why: string) => reject(new RuntimeError('HOOK_FAILED', `${field} ${hook.path}: ${why}${stderr.trim() ? `: ${stderr.trim()}` : ''}`));
    child.on('error', (error) => {
      clearTimeout(timer);
      fail(error.message);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) fail(`did not finish within its timeout of ${timeoutS} s`);
      else if (code === 0) resolve();
      else fail(signal ? `killed by ${signal}` : `exit status ${code}`);
    });
  });
}

/** The hook's own environment, exactly: nothing of the runtime's leaks in (as runc). */
function envOf(env: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of env ?? []) {
    const eq = entry.indexOf('=');
    if (eq > 0) out[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return out;
}

/** The hooks of a created container, from the spec create saved as `<state dir>/config.json`. */
export async function savedHooks(stateDir: string): Promise<OciSpec['hooks']> {
  const spec = JSON.parse(await readFile(join(stateDir, 'config.json'), 'utf8')) as OciSpec;
  return spec.hooks;
}

/** poststart and poststop: a failure is a warning, never the verb's failure (runtime-spec). */
export async function runHooksWarning(phase: HookPhase, hooks: readonly OciHook[] | undefined, state: HookState): Promise<void> {
  try {
    await runHooks(phase, hooks, state);
  } catch (error) {
    process.emitWarning((error as Error).message, { type: 'BerthWarning', code: 'HOOK_FAILED' });
  }
}
