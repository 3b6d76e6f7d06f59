/**
 * The overhead workload: one busybox shell script run unchanged on the host, in a container and
 * in a VM. It times itself with /proc/uptime (centiseconds; the loops take hundreds of ms), so a
 * sample is the loop alone, without the cost of getting into the environment, and prints one
 * line per timing: `berth-bench: cpu <cs>` and `berth-bench: mem <cs>`.
 */
export interface LoopSizes {
  /** Iterations of the shell's arithmetic loop: interpreter work in registers and cache. */
  cpuIterations: number;
  /** MiB written into a tmpfs file per pass (then removed), four passes: page allocation, zeroing and copying. */
  memMiB: number;
  /** Timings of each loop; the first is a warm-up. */
  repetitions: number;
}

export const FULL_SIZES: LoopSizes = { cpuIterations: 1_000_000, memMiB: 256, repetitions: 6 };
/** Smoke runs check the plumbing: a tenth of the work, one warm-up and one measured timing. */
export const SMOKE_SIZES: LoopSizes = { cpuIterations: 100_000, memMiB: 32, repetitions: 2 };

const LINE = /^berth-bench: (cpu|mem) (\d+)\s*$/gm;

/** `scratch` must be a tmpfs directory the script may fill with memMiB. */
export function loopScript(sizes: LoopSizes, scratch: string): string {
  return [
    "now() { tr -d . < /proc/uptime | cut -d' ' -f1; }",
    'r=0',
    `while [ $r -lt ${sizes.repetitions} ]; do`,
    `  s=$(now); i=0; while [ $i -lt ${sizes.cpuIterations} ]; do i=$((i+1)); done; e=$(now); echo "berth-bench: cpu $((e-s))"`,
    `  s=$(now); k=0; while [ $k -lt 4 ]; do dd if=/dev/zero of=${scratch}/fill bs=1M count=${sizes.memMiB} 2>/dev/null; rm ${scratch}/fill; k=$((k+1)); done; e=$(now); echo "berth-bench: mem $((e-s))"`,
    '  r=$((r+1))',
    'done',
  ].join('\n');
}

export interface LoopTimings {
  cpuMs: number[];
  memMs: number[];
}

/** The timings a run printed, in ms, warm-up first; throws unless every repetition printed both. */
export function parseLoopOutput(output: string, repetitions: number): LoopTimings {
  const timings: LoopTimings = { cpuMs: [], memMs: [] };
  for (const [, kind, centiseconds] of output.matchAll(LINE)) (kind === 'cpu' ? timings.cpuMs : timings.memMs).push(Number(centiseconds) * 10);
  if (timings.cpuMs.length !== repetitions || timings.memMs.length !== repetitions) {
    throw new Error(`expected ${repetitions} cpu and mem timings, got ${timings.cpuMs.length} and ${timings.memMs.length}: ${output.trim().slice(-300)}`);
  }
  return timings;
}
