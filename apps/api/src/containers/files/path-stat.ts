import type { Stats } from 'node:fs';
import type { ContainerPathStat } from '@berth/contracts';

export type { ContainerPathStat };

// Go's os.FileMode type bits (io/fs), which Docker clients test, not Unix's S_IF* values.
const GO_MODE = {
  dir: 2 ** 31,
  symlink: 2 ** 27,
  device: 2 ** 26,
  namedPipe: 2 ** 25,
  socket: 2 ** 24,
  setuid: 2 ** 23,
  setgid: 2 ** 22,
  charDevice: 2 ** 21,
  sticky: 2 ** 20,
};

/** A Unix stat's mode as Go's os.FileMode. */
export function goFileMode(stats: Stats): number {
  let mode = stats.mode & 0o777;
  if (stats.mode & 0o4000) mode += GO_MODE.setuid;
  if (stats.mode & 0o2000) mode += GO_MODE.setgid;
  if (stats.mode & 0o1000) mode += GO_MODE.sticky;
  if (stats.isDirectory()) mode += GO_MODE.dir;
  else if (stats.isSymbolicLink()) mode += GO_MODE.symlink;
  else if (stats.isFIFO()) mode += GO_MODE.namedPipe;
  else if (stats.isSocket()) mode += GO_MODE.socket;
  else if (stats.isCharacterDevice()) mode += GO_MODE.device + GO_MODE.charDevice;
  else if (stats.isBlockDevice()) mode += GO_MODE.device;
  return mode;
}

export function pathStat(name: string, stats: Stats, linkTarget: string): ContainerPathStat {
  return { name, size: stats.size, mode: goFileMode(stats), mtime: stats.mtime.toISOString(), linkTarget };
}

/** The header's value: the stat as base64 JSON. */
export function encodePathStat(stat: ContainerPathStat): string {
  return Buffer.from(JSON.stringify(stat)).toString('base64');
}
