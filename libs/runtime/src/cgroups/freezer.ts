import { RuntimeError } from '../model/runtime-error.js';
import { sleep } from '../util/proc.js';
import { cgroupError, readCgroupFile, writeCgroupFile } from './cgroup-fs.js';

/**
 * Freezing is asynchronous in the kernel: the write starts it, and tasks stop (or resume)
 * only as they leave what they are doing. `pause` returning while a process still runs would
 * be a lie, so both versions wait until the kernel says the state has settled.
 */
const SETTLE_TIMEOUT_MS = 5_000;

/** v1: freezer.state goes FREEZING → FROZEN; writing FROZEN again retries tasks that resisted. */
export async function setFrozenV1(dir: string, frozen: boolean): Promise<void> {
  const wanted = frozen ? 'FROZEN' : 'THAWED';
  await settle(dir, frozen, async () => {
    write(`${dir}/freezer.state`, wanted);
    return readCgroupFile(`${dir}/freezer.state`)?.trim() === wanted;
  });
}

/** v2: cgroup.freeze is the request, the `frozen` line of cgroup.events the answer. */
export async function setFrozenV2(dir: string, frozen: boolean): Promise<void> {
  write(`${dir}/cgroup.freeze`, frozen ? '1' : '0');
  await settle(dir, frozen, async () => isFrozenV2(dir) === frozen);
}

export function isFrozenV1(dir: string): boolean {
  return readCgroupFile(`${dir}/freezer.state`)?.trim() === 'FROZEN';
}

export function isFrozenV2(dir: string): boolean {
  return /^frozen 1$/m.test(readCgroupFile(`${dir}/cgroup.events`) ?? '');
}

async function settle(dir: string, frozen: boolean, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  while (!(await done())) {
    if (Date.now() >= deadline) {
      throw new RuntimeError('ETIMEDOUT', `the processes in ${dir} did not ${frozen ? 'freeze' : 'thaw'} within ${SETTLE_TIMEOUT_MS} ms`);
    }
    await sleep(5);
  }
}

function write(path: string, value: string): void {
  try {
    writeCgroupFile(path, value);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new RuntimeError('NOT_SUPPORTED', `cannot pause or resume: this kernel has no ${path}`, { cause: error });
    }
    throw cgroupError(error, `writing ${value} to ${path}`);
  }
}
