import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { findStaticBusybox } from '@berth/runtime/testing';
import { describe, expect, it } from 'vitest';
import { loopScript, parseLoopOutput, SMOKE_SIZES } from './loop-workload.js';

describe('loop workload', () => {
  it('reads centisecond timings as ms, warm-up first, and refuses a run that printed too few', () => {
    const output = 'noise\nberth-bench: cpu 12\nberth-bench: mem 3\nberth-bench: cpu 10\nberth-bench: mem 4\n';
    expect(parseLoopOutput(output, 2)).toEqual({ cpuMs: [120, 100], memMs: [30, 40] });
    expect(() => parseLoopOutput('berth-bench: cpu 12\n', 1)).toThrow(/expected 1 cpu and mem timings, got 1 and 0/);
  });

  it('runs under busybox sh on the host and prints a timing per repetition', () => {
    const scratch = mkdtempSync('/dev/shm/berth-loop-spec-');
    try {
      const output = execFileSync(findStaticBusybox(), ['sh', '-c', loopScript(SMOKE_SIZES, scratch)], { encoding: 'utf8' });
      const timings = parseLoopOutput(output, SMOKE_SIZES.repetitions);
      expect(timings.cpuMs.every((ms) => ms >= 0 && ms < 10_000)).toBe(true);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
