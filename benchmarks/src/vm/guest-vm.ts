import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { locateQemu, tscHint } from '@berth/runtime/testing';
import type { GuestImage } from './guest-image.js';

export interface GuestVmOptions {
  memoryMiB: number;
  /** With a networked image: 127.0.0.1:hostPort on the host reaches the guest's port 80. */
  hostPort?: number;
}

/** A VM that keeps running until stopped: an idle guest, or one serving HTTP. */
export interface GuestVm {
  /** QEMU's pid (setpriv execs it, so the child's own). */
  pid: number;
  /** performance.now() when QEMU was spawned. */
  startedAt: number;
  serial(): string;
  /** Resolves with performance.now() once `marker` is on the guest's console; rejects when QEMU exits first or after `timeoutMs`. */
  waitFor(marker: string, timeoutMs: number): Promise<number>;
  /** SIGKILL and wait for QEMU to be gone: the guest keeps nothing worth a clean shutdown. */
  stop(): Promise<void>;
}

/**
 * Starts QEMU on a guest image, console on stdio, no display, no default devices. QEMU dies with
 * this process on every path: stop(), this process exiting, and (setpriv's parent-death signal)
 * this process being killed outright, so no VM outlives the suite that started it.
 */
export function startGuestVm(image: GuestImage, options: GuestVmOptions): GuestVm {
  const machine = image.machine;
  const args = ['-M', machine === 'microvm' ? 'microvm,rtc=on' : machine, '-accel', image.accel, '-cpu', 'max', '-smp', '1', '-m', `${options.memoryMiB}M`];
  args.push('-nographic', '-nodefaults', '-no-reboot', '-serial', 'stdio');
  args.push(
    '-kernel',
    image.kernel.vmlinuz,
    '-initrd',
    image.initramfs,
    '-append',
    ['console=ttyS0', 'panic=-1', 'quiet', ...tscHint(machine, image.accel)].join(' '),
  );
  if (image.network) {
    const forward = options.hostPort === undefined ? '' : `,hostfwd=tcp:127.0.0.1:${options.hostPort}-:80`;
    // romfile= leaves out the iPXE option ROM: the kernel is given directly, nothing boots from the network.
    const nic = machine === 'microvm' ? 'virtio-net-device,netdev=n0' : 'virtio-net-pci,netdev=n0,romfile=';
    args.push('-netdev', `user,id=n0${forward}`, '-device', nic);
  }
  const qemu = locateQemu();
  const startedAt = performance.now();
  const child = existsSync('/usr/bin/setpriv')
    ? spawn('/usr/bin/setpriv', ['--pdeathsig', 'KILL', '--', qemu, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(qemu, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return track(child, startedAt);
}

/** QEMUs still running, killed when this process exits: one listener for all (a density round runs twenty). */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killOnExit(child: ChildProcess): void {
  if (!exitHookInstalled) {
    process.once('exit', () => {
      for (const vm of running) vm.kill('SIGKILL');
    });
    exitHookInstalled = true;
  }
  running.add(child);
}

function track(child: ChildProcess, startedAt: number): GuestVm {
  let serial = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    serial += text;
    for (const listener of listeners) listener();
  });
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.once('error', () => undefined); // a failed spawn also closes; waitFor reports it
  const killNow = () => child.kill('SIGKILL');
  killOnExit(child);
  void closed.then(() => {
    running.delete(child);
    for (const listener of listeners) listener();
  });
  const exited = () => child.exitCode !== null || child.signalCode !== null;

  return {
    pid: child.pid ?? -1,
    startedAt,
    serial: () => serial,
    waitFor(marker, timeoutMs) {
      return new Promise<number>((resolve, reject) => {
        const check = () => {
          if (serial.includes(marker)) finish(() => resolve(performance.now()));
          else if (exited()) finish(() => reject(new Error(`QEMU exited before "${marker}": ${stderr.trim() || lastLines(serial)}`)));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`no "${marker}" on the guest console within ${timeoutMs} ms: ${lastLines(serial)}`))),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    async stop() {
      if (!exited()) killNow();
      await closed;
    },
  };
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ').slice(0, 400) || '(no console output)';
}
