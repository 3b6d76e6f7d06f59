import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './dockerfile-parser.js';
import { goDuration, parseHealthcheck } from './healthcheck-instruction.js';

describe('HEALTHCHECK', () => {
  it('reads the shell and exec forms, with options in nanoseconds, as Docker writes them', () => {
    expect(
      parseHealthcheck('--interval=1s --timeout=500ms --start-period=1m30s --start-interval=2s --retries=4 CMD wget -q -O- http://localhost/ || exit 1'),
    ).toEqual({
      Test: ['CMD-SHELL', 'wget -q -O- http://localhost/ || exit 1'],
      Interval: 1e9,
      Timeout: 5e8,
      StartPeriod: 90e9,
      StartInterval: 2e9,
      Retries: 4,
    });
    expect(parseHealthcheck('CMD ["test", "-f", "/ready"]')).toEqual({ Test: ['CMD', 'test', '-f', '/ready'] });
    expect(parseHealthcheck('none')).toEqual({ Test: ['NONE'] });
  });

  it('is an instruction of its stage', () => {
    const file = parseDockerfile('FROM busybox\nHEALTHCHECK --interval=2s CMD true\n');
    expect(file.stages[0]!.instructions).toEqual([{ kind: 'HEALTHCHECK', line: 2, healthcheck: { Test: ['CMD-SHELL', 'true'], Interval: 2e9 } }]);
  });

  it('reads Go durations', () => {
    expect(goDuration('1.5s')).toBe(1.5e9);
    expect(goDuration('2h')).toBe(7200e9);
    expect(goDuration('0')).toBe(0);
    expect(goDuration('10')).toBeUndefined();
    expect(goDuration('1d')).toBeUndefined();
  });
});
