import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable } from '../../util/find-executable.js';
import { EXIT_MARKER, INIT_MARKER } from './init-script.js';

/** A read-only virtio-9p export of a host directory. */
export interface VmShare {
  tag: string;
  path: string;
}

/**
 * microvm boots fastest (no PCI, no firmware), but offers the kernel no HPET or ACPI PM timer
 * to calibrate its TSC against: emulated on a busy host the PIT calibration fails now and then
 * and the boot hangs ("tsc: Unable to calibrate against PIT … Marking TSC unstable"). Under TCG
 * the guest's TSC ticks at the host's rate, so the launcher tells the guest kernel that rate
 * (tsc_early_khz) and it calibrates nothing (8 of 8 boots here at load 5, against 3 of 4
 * without). q35 has both timers anyway. With KVM the guest gets kvmclock.
 */
export type VmMachine = 'q35' | 'microvm';

/** How virtio devices reach the guest on each machine: the guest's transport driver and QEMU's 9p device. */
export const VIRTIO_TRANSPORT: Readonly<Record<VmMachine, { module: string; device9p: string }>> = {
  q35: { module: 'virtio_pci', device9p: 'virtio-9p-pci' },
  microvm: { module: 'virtio_mmio', device9p: 'virtio-9p-device' },
};

export function defaultMachine(accel: 'tcg' | 'kvm' = 'tcg'): VmMachine {
  return accel === 'kvm' ? 'microvm' : 'q35';
}

export interface BootVmOptions {
  /** The kernel image (bzImage/vmlinuz). */
  kernel: string;
  /** The gzipped cpio archive (see buildInitramfs). */
  initramfs: Buffer;
  /** Added to the kernel command line after the console settings. */
  append?: readonly string[];
  memoryMiB?: number;
  cpus?: number;
  /** tcg (default) emulates; kvm needs a /dev/kvm that boots stock kernels. */
  accel?: 'tcg' | 'kvm';
  /** Default defaultMachine(accel). */
  machine?: VmMachine;
  shares?: readonly VmShare[];
  /** Hard limit for the whole run; QEMU is killed when it passes. */
  timeoutMs: number;
  /** Default qemu-system-x86_64 from PATH. */
  qemu?: string;
  /** Console output as it arrives (for a live log). */
  onOutput?: (text: string) => void;
}

export interface VmRun {
  /** Everything the guest wrote to its serial console. */
  serial: string;
  /** The exit status of the guest's command, from the init script's exit marker. */
  exitCode: number;
  /** Host wall time from starting QEMU to the guest's init running (firmware + kernel boot). */
  bootMs: number;
  /** Host wall time from starting QEMU to its exit. */
  totalMs: number;
}

/** QEMU is missing or cannot run here. */
export class VmUnavailableError extends Error {
  readonly code = 'VM_UNAVAILABLE';
}

/** The guest did not reach its exit marker: a timeout, a crash, or QEMU failing. */
export class VmFailedError extends Error {
  readonly code = 'VM_FAILED';
  constructor(
    message: string,
    readonly serial: string,
  ) {
    super(`${message}\n--- last console lines ---\n${serial.split('\n').slice(-40).join('\n')}`);
  }
}

/**
 * Boots a small VM (see VmMachine) from a kernel and an initramfs with the console on ttyS0,
 * waits for QEMU to exit and reads the guest's exit marker. QEMU dies with its run on every
 * path: on the timeout, when this process exits, and (through setpriv's parent-death signal)
 * even when this process is killed outright.
 */
export async function bootVm(options: BootVmOptions): Promise<VmRun> {
  const qemu = locateQemu(options.qemu);
  const dir = await mkdtemp(join(tmpdir(), 'berth-vm-'));
  try {
    const initrd = join(dir, 'initramfs.cpio.gz');
    await writeFile(initrd, options.initramfs);
    return await runQemu(qemu, options, qemuArgs(options, initrd));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function qemuArgs(options: BootVmOptions, initrd: string): string[] {
  // panic=-1 reboots at once on a kernel panic (init dying included), and -no-reboot turns
  // that reboot into QEMU's exit: a broken guest ends the run instead of hanging it.
  const machine = options.machine ?? defaultMachine(options.accel);
  const append = ['console=ttyS0', 'panic=-1', 'quiet', ...tscHint(machine, options.accel ?? 'tcg'), ...(options.append ?? [])];
  // -cpu max: every feature the accelerator can give (all TCG emulates, or the host's with KVM),
  // as the host's binaries the guest may run were built for the host's CPU, not a 2004 one.
  const args = ['-M', machine === 'microvm' ? 'microvm,rtc=on' : machine, '-accel', options.accel ?? 'tcg', '-cpu', 'max'];
  args.push('-smp', String(options.cpus ?? 2), '-m', `${options.memoryMiB ?? 1024}M`);
  args.push('-nographic', '-nodefaults', '-no-reboot', '-serial', 'stdio');
  args.push('-kernel', options.kernel, '-initrd', initrd, '-append', append.join(' '));
  for (const [index, share] of (options.shares ?? []).entries()) {
    // multidevs=remap: the host root spans several file systems, whose inode numbers would collide in one export.
    args.push('-fsdev', `local,id=share${index},path=${share.path},security_model=none,readonly=on,multidevs=remap`);
    args.push('-device', `${VIRTIO_TRANSPORT[machine].device9p},fsdev=share${index},mount_tag=${share.tag}`);
  }
  return args;
}

/** The QEMU binary's path: found up front, since through setpriv a missing binary would only show as a failed exit. */
export function locateQemu(name = 'qemu-system-x86_64'): string {
  const found = findExecutable(name);
  if (found) return found;
  throw new VmUnavailableError(`${name} is not installed (Debian: apt-get install qemu-system-x86)`);
}

function runQemu(qemu: string, options: BootVmOptions, args: string[]): Promise<VmRun> {
  const started = Date.now();
  const child = spawnQemu(qemu, args);
  const output = collectOutput(child, started, options.onOutput);
  const killNow = () => child.kill('SIGKILL');
  process.once('exit', killNow);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killNow();
  }, options.timeoutMs);
  // Settles on 'close' only, also after a timeout: when the promise settles, QEMU is gone.
  return new Promise<VmRun>((resolve, reject) => {
    child.on('error', (error) => {
      killNow();
      reject(new VmUnavailableError(`starting ${qemu}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      const outcome = timedOut
        ? new VmFailedError(`the VM did not finish within ${options.timeoutMs} ms`, output.serial)
        : outcomeOf(output, code, signal, Date.now() - started);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    });
  }).finally(() => {
    clearTimeout(timer);
    process.removeListener('exit', killNow);
  });
}

interface VmOutput {
  serial: string;
  stderr: string;
  bootMs?: number;
}

/** The console (QEMU's stdout) and QEMU's own complaints; notes when the guest's init first speaks. */
function collectOutput(child: ChildProcess, started: number, onOutput?: (text: string) => void): VmOutput {
  const output: VmOutput = { serial: '', stderr: '' };
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    output.serial += text;
    if (output.bootMs === undefined && output.serial.includes(INIT_MARKER)) output.bootMs = Date.now() - started;
    onOutput?.(text);
  });
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (output.stderr += text));
  return output;
}

/** Through setpriv when the host has it, so QEMU gets SIGKILL if this process dies without cleaning up. */
function spawnQemu(qemu: string, args: string[]): ChildProcess {
  const stdio: ['ignore', 'pipe', 'pipe'] = ['ignore', 'pipe', 'pipe'];
  if (existsSync('/usr/bin/setpriv')) return spawn('/usr/bin/setpriv', ['--pdeathsig', 'KILL', '--', qemu, ...args], { stdio });
  return spawn(qemu, args, { stdio });
}

function outcomeOf({ serial, stderr, bootMs }: VmOutput, code: number | null, signal: NodeJS.Signals | null, totalMs: number): VmRun | Error {
  const exit = new RegExp(`^${EXIT_MARKER} (\\d+)\\s*$`, 'm').exec(serial);
  if (code === 0 && exit && bootMs !== undefined) return { serial, exitCode: Number(exit[1]), bootMs, totalMs };
  const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
  const when = exit ? '' : ' before the guest reported an exit status';
  return new VmFailedError(`QEMU ${how}${when}${stderr.trim() ? `: ${stderr.trim()}` : ''}`, serial);
}

/** `tsc_early_khz=<host kHz>` for an emulated microvm (see VmMachine); nothing elsewhere or when the host does not say. */
export function tscHint(machine: VmMachine, accel: 'tcg' | 'kvm', cpuinfo = readCpuinfo()): string[] {
  if (machine !== 'microvm' || accel !== 'tcg') return [];
  const mhz = /^cpu MHz\s*:\s*([\d.]+)$/m.exec(cpuinfo)?.[1];
  return mhz ? [`tsc_early_khz=${Math.round(Number(mhz) * 1000)}`] : [];
}

function readCpuinfo(): string {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return ''; // no /proc: the guest calibrates as it can
  }
}
