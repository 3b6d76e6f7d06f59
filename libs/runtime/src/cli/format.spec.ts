import { describe, expect, it } from 'vitest';
import { filterPsOutput, table } from './format.js';

describe('cli formats', () => {
  it('aligns table columns like a tabwriter', () => {
    expect(
      table([
        ['ID', 'PID'],
        ['long-name', '1'],
      ]),
    ).toBe('ID          PID\nlong-name   1\n');
  });

  it('keeps only the container processes from ps output', () => {
    const ps = 'UID  PID PPID CMD\nroot   1    0 init\nroot  42    1 sleep\nroot  43   42 sh\n';
    expect(filterPsOutput(ps, [42, 43])).toBe('UID  PID PPID CMD\nroot  42    1 sleep\nroot  43   42 sh\n');
  });
});
