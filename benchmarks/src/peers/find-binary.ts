import { execFileSync } from 'node:child_process';
import { findExecutable } from '@berth/runtime';

/** The first executable called `name` on PATH, or undefined. */
export function findBinary(name: string, path = process.env['PATH'] ?? '/usr/bin:/bin'): string | undefined {
  return findExecutable(name, path);
}

/** First line of `<binary> --version`, for the report's environment. */
export function binaryVersion(binary: string): string {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .split('\n')[0]!
      .trim();
  } catch (error) {
    return `unknown (${(error as Error).message.split('\n')[0]})`;
  }
}
