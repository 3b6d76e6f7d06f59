import { loopsInContainer, loopsInVm, loopsOnHost, vmMemoryMiB } from '../overhead/loop-environments.js';
import { FULL_SIZES, SMOKE_SIZES, type LoopSizes, type LoopTimings } from '../overhead/loop-workload.js';
import { missingSubject, type Subject } from '../subjects/subject.js';
import { MACHINE, vmName, vmUnavailable, type Accel } from '../vm/vm-availability.js';
import type { Suite } from './suite.js';

const CPU = 'cpu loop';
const MEM = 'memory loop';
const HOST = 'host (busybox sh)';
const CONTAINER_TIMEOUT_MS = 300_000;
/** Emulation runs the same loops many times slower than the host: a full run's loops take minutes. */
const VM_TIMEOUT_MS = { tcg: 900_000, kvm: 300_000 } as const;

interface Environment {
  name: string;
  method: string;
  missing?: string;
  run(sizes: LoopSizes): Promise<LoopTimings>;
}

/**
 * Runtime overhead: the same busybox script of a CPU-bound loop (shell arithmetic) and a
 * memory-bound loop (1 GiB written into tmpfs in four passes) on the host, in a Berth container
 * and in a VM, timed by the script itself. Ratios are to the host, per loop. The VM rows carry
 * their accelerator: under TCG every guest instruction is emulated, which the ratio shows.
 */
export const overheadSuite: Suite = {
  name: 'overhead',
  description: 'a CPU-bound and a memory-bound busybox loop on the host, in a Berth container and in a QEMU VM; time per loop and ratio to the host',
  baseline: HOST,
  async prepare(context) {
    const sizes = context.smoke ? SMOKE_SIZES : FULL_SIZES;
    const environments: Environment[] = [
      { name: HOST, method: 'busybox sh -c <script> as a child of the benchmark process, scratch in /dev/shm', run: loopsOnHost },
      {
        name: 'berth container (library)',
        method:
          'Runtime.run of busybox sh -c <script> from a busybox bundle (pid, mount, uts, ipc, network, cgroup namespaces; own cgroup), scratch on a tmpfs mount',
        run: (loopSizes) => loopsInContainer(loopSizes, CONTAINER_TIMEOUT_MS),
      },
      ...(['tcg', 'kvm'] as const).map((accel) => vmEnvironment(accel, sizes)),
    ];
    return {
      subjects: environments.flatMap((environment) => rowsOf(environment, sizes)),
      environment: {
        'overhead workload': `cpu: ${sizes.cpuIterations.toLocaleString('en')} iterations of busybox sh's i=$((i+1)) loop; memory: 4 × dd if=/dev/zero of=<tmpfs>/fill bs=1M count=${sizes.memMiB} then rm; ${sizes.repetitions} repetitions in one run, the first discarded${context.smoke ? ' (smoke run: a tenth of the work)' : ''}`,
      },
      cleanup: async () => undefined,
    };
  },
};

function vmEnvironment(accel: Accel, sizes: LoopSizes): Environment {
  const method =
    `qemu-system-x86_64 -M ${MACHINE[accel]} -accel ${accel} -cpu max -smp 1 -m ${vmMemoryMiB(sizes)}M, Debian's kernel, busybox initramfs; the script is init's command, scratch on a fresh tmpfs; one boot runs every repetition` +
    (accel === 'tcg' ? '; TCG emulates every guest instruction, so this row measures emulation, not what a VM costs with hardware virtualisation' : '');
  return { name: vmName(accel), method, missing: vmUnavailable(accel), run: (loopSizes) => loopsInVm(loopSizes, accel, VM_TIMEOUT_MS[accel]) };
}

/** A cpu row and a memory row from one run of the script in the environment (the first timing of each is a warm-up). */
function rowsOf(environment: Environment, sizes: LoopSizes): Subject[] {
  let timings: Promise<LoopTimings> | undefined;
  const once = () => (timings ??= environment.run(sizes));
  return [CPU, MEM].map((metric) => {
    const method = `${environment.method}; the script's own /proc/uptime timing of each loop (10 ms resolution), ${sizes.repetitions - 1} measured after 1 warm-up`;
    if (environment.missing) return { ...missingSubject(environment.name, method, environment.missing), metric };
    return {
      name: environment.name,
      metric,
      method,
      async collect() {
        const measured = await once();
        return (metric === CPU ? measured.cpuMs : measured.memMs).slice(1);
      },
    };
  });
}
