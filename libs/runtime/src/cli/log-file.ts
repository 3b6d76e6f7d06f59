import { appendFileSync } from 'node:fs';

/**
 * runc's `--log FILE --log-format json|text`: errors also go to the caller's log file, one line
 * each. containerd's shim reads the last `{"level":"error","msg":…}` line back as the runtime's
 * error (native/src/cli/log_file.c writes the same lines).
 */
export interface LogTarget {
  file?: string;
  format: 'json' | 'text';
}

/**
 * The log options among the global ones (before the verb). Read from argv rather than from
 * Commander's result, because a command line Commander rejects must be logged too.
 */
export function logTargetOf(argv: readonly string[]): LogTarget {
  const target: LogTarget = { format: 'text' };
  for (let i = 2; i < argv.length && argv[i]!.startsWith('-'); i++) {
    const [name, inline] = splitOption(argv[i]!);
    if (name !== '--log' && name !== '--log-format' && name !== '--root' && name !== '--rootless') continue;
    const value = inline ?? argv[++i];
    if (name === '--log') target.file = value;
    if (name === '--log-format' && (value === 'json' || value === 'text')) target.format = value;
  }
  return target;
}

function splitOption(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return equals < 0 ? [arg, undefined] : [arg.slice(0, equals), arg.slice(equals + 1)];
}

/** One error line for the log file; best effort, as a log that cannot be written must not hide the error. */
export function logError(target: LogTarget, message: string, now = new Date()): void {
  if (!target.file) return;
  const msg = message.replace(/\n/g, ' ');
  const time = now.toISOString();
  const line = target.format === 'json' ? JSON.stringify({ level: 'error', msg, time }) : `time="${time}" level=error msg=${JSON.stringify(msg)}`;
  try {
    appendFileSync(target.file, `${line}\n`, { mode: 0o644 });
  } catch {
    // stderr still carries it
  }
}
