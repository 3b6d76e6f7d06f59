import { RuntimeError } from './runtime-error.js';

/** Linux x86-64/arm64 signal numbers; the ones a user may name in `kill`. */
export const SIGNALS: Readonly<Record<string, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGSTKFLT: 16,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGTSTP: 20,
  SIGTTIN: 21,
  SIGTTOU: 22,
  SIGURG: 23,
  SIGXCPU: 24,
  SIGXFSZ: 25,
  SIGVTALRM: 26,
  SIGPROF: 27,
  SIGWINCH: 28,
  SIGIO: 29,
  SIGPWR: 30,
  SIGSYS: 31,
};

const SIGRTMIN = 34;
const SIGRTMAX = 64;

/** Accepts `KILL`, `SIGKILL`, `sigkill` or `9`, like `runc kill` and `docker kill`. */
export function parseSignal(text: string): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const number = Number(trimmed);
    if (number >= 1 && number <= SIGRTMAX) return number;
  } else {
    const upper = trimmed.toUpperCase();
    const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
    const number = SIGNALS[name];
    if (number !== undefined) return number;
    const realtime = /^SIGRTMIN(?:\+(\d+))?$/.exec(name);
    if (realtime && SIGRTMIN + Number(realtime[1] ?? 0) <= SIGRTMAX) return SIGRTMIN + Number(realtime[1] ?? 0);
  }
  throw new RuntimeError('INVALID_SIGNAL', `"${text}" is not a signal; use a name such as SIGTERM or KILL, or a number from 1 to ${SIGRTMAX}`);
}

/** 9 → `SIGKILL`; unknown numbers stay numeric (`SIGRTMIN+3`, `64`). */
export function signalName(number: number): string {
  for (const [name, value] of Object.entries(SIGNALS)) if (value === number) return name;
  if (number >= SIGRTMIN && number <= SIGRTMAX) return number === SIGRTMIN ? 'SIGRTMIN' : `SIGRTMIN+${number - SIGRTMIN}`;
  return String(number);
}

/** Shell convention, used for exit codes: killed by signal N exits 128 + N. */
export function exitCodeForSignal(number: number): number {
  return 128 + number;
}
