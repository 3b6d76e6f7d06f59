import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kernelVmUnsupported } from './host-support.js';
import { runInKernelVm } from './kernel-vm.js';
import { locateQemu, qemuArgs, tscHint, VmFailedError, VmUnavailableError } from './qemu-vm.js';

describe('qemuArgs', () => {
  const base = { kernel: '/k', initramfs: Buffer.alloc(0), timeoutMs: 1000, shares: [{ tag: 'hostroot', path: '/' }] };

  it('emulated: q35 (it has the timers the kernel calibrates against), 9p over PCI, console on ttyS0, no reboot', () => {
    const args = qemuArgs({ ...base, append: ['cgroup_no_v1=all'] }, '/i.gz');
    expect(args.slice(0, 6)).toEqual(['-M', 'q35', '-accel', 'tcg', '-cpu', 'max']);
    expect(args).toEqual(expect.arrayContaining(['-nographic', '-nodefaults', '-no-reboot', '-serial', 'stdio', '-kernel', '/k', '-initrd', '/i.gz']));
    expect(args[args.indexOf('-append') + 1]).toBe('console=ttyS0 panic=-1 quiet cgroup_no_v1=all');
    expect(args[args.indexOf('-device') + 1]).toBe('virtio-9p-pci,fsdev=share0,mount_tag=hostroot');
    expect(args[args.indexOf('-fsdev') + 1]).toBe('local,id=share0,path=/,security_model=none,readonly=on,multidevs=remap');
  });

  it('with KVM: microvm and 9p over virtio-mmio', () => {
    const args = qemuArgs({ ...base, accel: 'kvm', memoryMiB: 256, cpus: 1 }, '/i.gz');
    expect(args.slice(0, 4)).toEqual(['-M', 'microvm,rtc=on', '-accel', 'kvm']);
    expect(args).toEqual(expect.arrayContaining(['-smp', '1', '-m', '256M', '-device', 'virtio-9p-device,fsdev=share0,mount_tag=hostroot']));
  });

  it('emulated microvm: the guest is told the TSC rate, since it has no timer to calibrate it against', () => {
    const cpuinfo = 'processor\t: 0\ncpu MHz\t\t: 2596.118\n';
    expect(tscHint('microvm', 'tcg', cpuinfo)).toEqual(['tsc_early_khz=2596118']);
    expect(tscHint('microvm', 'kvm', cpuinfo)).toEqual([]);
    expect(tscHint('q35', 'tcg', cpuinfo)).toEqual([]);
    expect(tscHint('microvm', 'tcg', 'no clock here')).toEqual([]);
    const args = qemuArgs({ ...base, machine: 'microvm' }, '/i.gz');
    expect(args[args.indexOf('-append') + 1]).toMatch(/^console=ttyS0 panic=-1 quiet tsc_early_khz=\d+$/);
  });

  it('a QEMU that is not there is reported as unavailable, not started', () => {
    expect(() => locateQemu('qemu-system-berth-none')).toThrow(VmUnavailableError);
  });
});

const unsupported = kernelVmUnsupported();
if (unsupported) console.warn(`qemu-vm: the VM boot tests are skipped: ${unsupported}`);

describe.skipIf(unsupported !== undefined)('bootVm (real QEMU)', () => {
  it('kills QEMU when the run outlives its timeout, and settles only once QEMU is gone', { timeout: 60_000 }, async () => {
    const started = Date.now();
    const run = runInKernelVm({ command: 'sleep 600', timeoutMs: 1500 });
    await expect(run).rejects.toThrow(VmFailedError);
    await expect(run).rejects.toThrow('the VM did not finish within 1500 ms');
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(ourChildren().filter((command) => /qemu|setpriv/.test(command))).toEqual([]);
  });
});

/** Commands of this process's children still in the process table (zombies included). */
function ourChildren(): string[] {
  const children: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === process.pid) children.push(stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}
