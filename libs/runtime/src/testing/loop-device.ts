import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { makeTempDir } from './busybox-bundle.js';

/**
 * A block device the host can really read — a loop device over a small file holding
 * `content` — so a device-policy test sees the policy, not some other refusal: this host's
 * own disk may well be unreadable to it (a sandbox's device policy above ours).
 */
export interface LoopDevice {
  path: string;
  major: number;
  minor: number;
  detach(): Promise<void>;
}

export async function attachLoopDevice(content: string): Promise<LoopDevice> {
  const dir = await makeTempDir('berth-loop-');
  const image = join(dir, 'image');
  // A loop device reads whole sectors: pad the content to one.
  writeFileSync(image, Buffer.concat([Buffer.from(content), Buffer.alloc(512)]).subarray(0, Math.max(512, content.length)));
  let path: string;
  try {
    path = execFileSync('losetup', ['--find', '--show', image], { encoding: 'utf8' }).trim();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const [major, minor] = readFileSync(`/sys/block/${basename(path)}/dev`, 'utf8')
    .trim()
    .split(':')
    .map(Number);
  return {
    path,
    major: major!,
    minor: minor!,
    async detach() {
      execFileSync('losetup', ['--detach', path]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
