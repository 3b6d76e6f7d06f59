/** The header that carries a copied path's stat (Docker's name, so Docker clients read it too). */
export const PATH_STAT_HEADER = 'X-Docker-Container-Path-Stat';

/** What is at a path in a container: the header's base64 JSON, as Docker sends it. */
export interface ContainerPathStat {
  name: string;
  size: number;
  /** Go's os.FileMode: permission bits, with 2^31 set for a directory and 2^27 for a symlink. */
  mode: number;
  mtime: string;
  /** A symlink's target, resolved inside the container; empty otherwise. */
  linkTarget: string;
}

export function isDirectoryStat(stat: ContainerPathStat): boolean {
  return stat.mode >= 2 ** 31;
}

/** The header's value as a stat; works in the browser and in Node alike. */
export function decodePathStat(header: string): ContainerPathStat {
  const bytes = Uint8Array.from(atob(header), (char) => char.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as ContainerPathStat;
}
