import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Unmounts every mount at or below `dir`, deepest first, so the directory can be removed.
 * Container engines leave such mounts (podman keeps its overlay directory bind-mounted
 * private while its storage is in use; a dockerd killed mid-run leaves its layers mounted).
 */
export function unmountUnder(dir: string): void {
  // Mounts can be stacked on one point: repeat until none is left (bounded, in case one refuses).
  for (let pass = 0; pass < 10; pass++) {
    const points = mountPointsUnder(dir);
    if (points.length === 0) return;
    for (const point of points) {
      try {
        // Lazy: a mount still busy for a moment is detached now and goes when released.
        execFileSync('umount', ['-l', point], { stdio: 'ignore' });
      } catch {
        // already gone with its parent; the next pass looks again
      }
    }
  }
}

function mountPointsUnder(dir: string): string[] {
  const points = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((point): point is string => point !== undefined)
    // mountinfo escapes space, tab, newline and backslash as octal.
    .map((point) => point.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))))
    .filter((point) => point === dir || point.startsWith(`${dir}/`));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}
