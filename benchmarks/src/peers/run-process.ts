import { spawn } from 'node:child_process';

export interface ProcessOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Runs a command to completion with stdio closed; rejects with its stderr when it fails. */
export async function runProcess(command: string, args: string[], options: ProcessOptions = {}): Promise<void> {
  await run(command, args, options, false);
}

/** Like `runProcess`, for the set-up commands whose answer is wanted (an image id, a version): resolves with stdout, trimmed. */
export function processOutput(command: string, args: string[], options: ProcessOptions = {}): Promise<string> {
  return run(command, args, options, true);
}

function run(command: string, args: string[], options: ProcessOptions, capture: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'], env: options.env ?? process.env, cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(stdout.trim());
      else reject(new Error(`${command} ${args.join(' ')} exited ${code ?? signal}: ${stderr.trim().split('\n').slice(-2).join(' | ')}`));
    });
  });
}
