import { readdir, readFile } from 'node:fs/promises';
import type { CheckContext } from './check-context.js';

/**
 * The device policy (resources.spec.ts's device test) on a v2 kernel, where it is an eBPF
 * program attached to the cgroup. The container makes a node for a block device the guest
 * really has and reads it: the policy must deny that, and still allow /dev/null.
 */
export interface DeviceObservation {
  device: string;
  /** Set when create or start failed (NOT_SUPPORTED from a native core without the eBPF program). */
  error?: { code?: string; message: string };
  exitCode?: number;
  stdout?: string;
  stderr?: string;
}

/** The probes share the bundle's rootfs: each node gets a name of its own and is removed. */
const PROBE = (device: string) => {
  const [major, minor] = device.split(':');
  return `n=/tmp/blk.$$; mknod $n b ${major} ${minor} && head -c1 $n > /dev/null; echo rc=$?; rm -f $n; cat /dev/null && echo null-ok`;
};

/** With the default spec's device rules, as they are. */
export async function devicePolicyCheck({ fx }: CheckContext): Promise<DeviceObservation> {
  return probe(fx, () => undefined);
}

/**
 * The same probe with a rule allowing reads of that device added: the read must succeed,
 * which shows that the device is real, that a denial above comes from the policy rather than
 * from a missing disk, and that the program follows the spec's own rules.
 */
export async function deviceAllowCheck({ fx }: CheckContext): Promise<DeviceObservation> {
  const [major, minor] = (await blockDevice()).split(':').map(Number);
  return probe(fx, (spec) => spec.linux!.resources!.devices!.push({ allow: true, type: 'b', major, minor, access: 'r' }));
}

async function probe(fx: CheckContext['fx'], patch: Parameters<CheckContext['fx']['runToExit']>[2]): Promise<DeviceObservation> {
  const device = await blockDevice();
  try {
    const { exit, id } = await fx.runToExit('devices', ['sh', '-c', PROBE(device)], patch);
    return { device, exitCode: exit.exitCode, stdout: await fx.output(id, 'stdout'), stderr: await fx.output(id, 'stderr') };
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return { device, error: { code, message } };
  }
}

/** major:minor of a block device the guest has (the brd RAM disk the VM loads), not a loop or zram device. */
async function blockDevice(): Promise<string> {
  const names = (await readdir('/sys/block')).filter((name) => !/^(loop|zram)/.test(name)).sort();
  if (names.length === 0) throw new Error('the guest has no block device to probe (is brd loaded?)');
  return (await readFile(`/sys/block/${names[0]}/dev`, 'utf8')).trim();
}
