import { IDLE_COMMAND, containerInstances } from '../density/container-instances.js';
import { densityRound, type InstanceKind, type RoundResult } from '../density/density-round.js';
import { IDLE_GUEST_COMMAND, VM_MEMORY_MIB, vmInstances } from '../density/vm-instances.js';
import { debianKernel } from '../subjects/qemu-vm.js';
import { MissingPeer, missingSubject, type Subject } from '../subjects/subject.js';
import { buildGuestImage, type GuestImage } from '../vm/guest-image.js';
import { kvmBootFailure, VM_KINDS, vmKindName, vmUnavailable, type VmKind } from '../vm/vm-availability.js';
import type { Suite } from './suite.js';

const START = 'start time per instance';
const MEMORY = 'host memory per instance (PSS)';

/** Instances per round and rounds per count: a full run, and the smoke run (plumbing only, small counts). */
const CONTAINER_ROUNDS = {
  full: [
    [10, 5],
    [100, 3],
    [500, 2],
  ],
  smoke: [[10, 2]],
} as const;
const VM_ROUNDS = {
  full: [
    [10, 2],
    [20, 2],
  ],
  smoke: [[2, 1]],
} as const;

const containerName = (count: number) => `berth (library), ${count} containers`;
const vmRowName = (kind: VmKind, count: number) => `${vmKindName(kind)}, ${count} VMs`;

/**
 * Density: how fast N idle instances start and how much host memory each holds once idle, for
 * 10, 100 and 500 Berth containers (busybox `sleep`) against 10 and 20 idle QEMU VMs. One round
 * starts N, lets the host settle, reads the PSS of the instances' processes (and MemAvailable, as
 * a second view) and stops them all; both figures come from the same rounds (a start row and a
 * memory row per count). VM rows carry their accelerator.
 */
export const densitySuite: Suite = {
  name: 'density',
  description:
    'start time and host memory per idle instance: N busybox sleep containers (Berth library) against N idle QEMU VMs (busybox init), N started one per core at a time',
  baseline: containerName(10),
  async prepare(context) {
    const mode = context.smoke ? 'smoke' : 'full';
    const containers = await containerInstances();
    const images: GuestImage[] = [];
    const subjects: Subject[] = [];
    const environment: Record<string, string> = {};
    for (const [count, rounds] of CONTAINER_ROUNDS[mode]) {
      subjects.push(...roundPair(containerName(count), containerMethod(count, rounds), count, rounds, async () => containers, environment));
    }
    for (const kind of VM_KINDS) {
      for (const [count, rounds] of VM_ROUNDS[mode]) {
        const name = vmRowName(kind, count);
        const unavailable = vmUnavailable(kind.accel);
        if (unavailable) {
          subjects.push({ ...missingSubject(name, vmMethod(kind, count, rounds), unavailable), metric: START });
          subjects.push({ ...missingSubject(name, vmMethod(kind, count, rounds), unavailable), metric: MEMORY, unit: 'MiB' });
          continue;
        }
        subjects.push(...roundPair(name, vmMethod(kind, count, rounds), count, rounds, () => vmKind(kind, images), environment));
      }
    }
    return {
      subjects,
      environment: Object.assign(environment, {
        'density rounds': `${mode} run: containers ${describeRounds(CONTAINER_ROUNDS[mode])}; VMs ${describeRounds(VM_ROUNDS[mode])}`,
      }),
      async cleanup() {
        const errors: unknown[] = [];
        const left = await containers.dispose().catch((error: unknown) => (errors.push(error), []));
        for (const image of images) await image.remove().catch((error: unknown) => errors.push(error));
        if (left.length > 0) errors.push(new Error(`cgroups still in use after removing every container: ${left.join(', ')}`));
        if (errors.length > 0) throw new AggregateError(errors, 'density cleanup left errors');
        context.log('density: every container, VM and cgroup removed');
      },
    };
  },
};

/**
 * The start row runs the rounds; the memory row reports the memory read in those same rounds,
 * so a count costs its rounds once. The memory row comes right after its start row.
 */
function roundPair(
  name: string,
  method: string,
  count: number,
  rounds: number,
  kind: () => Promise<InstanceKind>,
  environment: Record<string, string>,
): Subject[] {
  let results: RoundResult[] | undefined;
  let failure: unknown;
  const start: Subject = {
    name,
    metric: START,
    method,
    async collect() {
      try {
        const instances = await kind();
        const measured: RoundResult[] = [];
        for (let round = 0; round < rounds; round++) measured.push(await densityRound(instances, count));
        results = measured;
        return measured.map((result) => result.startMsPerInstance);
      } catch (error) {
        failure = error;
        throw error;
      }
    },
  };
  const memory: Subject = {
    name,
    metric: MEMORY,
    unit: 'MiB',
    method:
      `${method}; memory: the PSS (/proc/<pid>/smaps_rollup) of the instances' processes after the settle, over N, in the same rounds as the start row; ` +
      'kernel objects (page tables, namespaces, cgroups) are not in PSS: the fall of MemAvailable per instance is in the environment',
    async collect() {
      // Missing for the same reason as its start row, or failed because that row failed.
      if (failure instanceof MissingPeer) throw failure;
      if (!results) throw new Error(`the start row of "${name}" did not measure (${(failure as Error | undefined)?.message ?? 'not run'})`);
      environment[`${name}: MemAvailable fall per instance`] =
        `${results.map((result) => result.memAvailableFallMiBPerInstance.toFixed(1)).join(', ')} MiB per round (moves with everything else on the host too)`;
      return results.map((result) => result.pssMiBPerInstance);
    },
  };
  return [start, memory];
}

/** Built on first use, so a host without a kernel reports the VM rows missing rather than failing the suite. */
async function vmKind({ accel, machine }: VmKind, images: GuestImage[]): Promise<InstanceKind> {
  let image = images.find((candidate) => candidate.accel === accel && candidate.machine === machine);
  if (!image) {
    const kernel = await debianKernel();
    if (accel === 'kvm') {
      const failure = await kvmBootFailure(kernel);
      if (failure) throw new MissingPeer(failure);
    }
    image = await buildGuestImage(kernel, accel, IDLE_GUEST_COMMAND, false, machine);
    images.push(image);
  }
  return vmInstances(image);
}

function containerMethod(count: number, rounds: number): string {
  return (
    `Runtime.run of [${IDLE_COMMAND.join(' ')}] from one read-only busybox bundle (pid, mount, uts, ipc, network, cgroup namespaces; own cgroup) in this process; ` +
    `${count} per round, 2 at a time, up when the runtime reports it running; settle 2 s; all deleted (force) after; ${rounds} round(s), each one sample`
  );
}

function vmMethod({ accel, machine }: VmKind, count: number, rounds: number): string {
  return (
    `qemu-system-x86_64 -M ${machine} -accel ${accel} -cpu max -smp 1 -m ${VM_MEMORY_MIB}M, Debian's kernel, busybox initramfs (no NIC) whose init ` +
    `prints a marker and sleeps; ${count} per round, 2 at a time, up when the marker is on the console; settle 5 s; all killed after; ${rounds} round(s), each one sample` +
    (accel === 'tcg' ? "; emulated: QEMU's memory includes the TCG translation cache, which a KVM VM does not have" : '')
  );
}

function describeRounds(rounds: readonly (readonly [number, number])[]): string {
  return rounds.map(([count, times]) => `${count} × ${times} round(s)`).join(', ');
}
