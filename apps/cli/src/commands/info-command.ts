import { formatBytes } from '@berth/runtime/model';
import { API_PREFIX, type SystemInfo } from '@berth/contracts';
import { getJson, type ClientOptions } from '../api-client.js';

/** `berth info`: host facts, like `docker info`. */
export async function infoCommand(options: ClientOptions, output: { json: boolean }): Promise<number> {
  const info = await getJson<SystemInfo>(options, `${API_PREFIX}/system/info`);
  if (output.json) {
    process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    return 0;
  }
  const rows: [string, string][] = [
    ['Berth version', info.version],
    ['Hostname', info.hostname],
    ['Operating system', info.os],
    ['Kernel', info.kernel],
    ['Architecture', info.architecture],
    ['CPUs', String(info.cpus)],
    ['Memory', formatBytes(info.memoryBytes)],
    ['Cgroups', info.cgroupVersion],
    ['Database', info.database],
    ['State root', info.stateRoot],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) process.stdout.write(`${label.padEnd(width)}  ${value}\n`);
  return 0;
}
