import { freePort } from '@berth/testing';
import { firstAnswer } from '../peers/first-answer.js';
import { BerthClient } from '../server/berth-client.js';
import { startBerthServer, type BerthServer } from '../server/berth-server.js';
import { debianKernel } from '../subjects/qemu-vm.js';
import { MissingPeer, missingSubject, type Subject } from '../subjects/subject.js';
import { buildGuestImage, type GuestImage } from '../vm/guest-image.js';
import { startGuestVm } from '../vm/guest-vm.js';
import { kvmBootFailure, VM_KINDS, vmKindName, vmUnavailable, type VmKind } from '../vm/vm-availability.js';
import type { Suite } from './suite.js';

/** The same service everywhere: busybox httpd in the foreground serving one small page from a fresh directory. */
const HTTPD = 'mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 80 -h /www';
const PAGE = '/index.html';
const CONTAINER_READY_TIMEOUT_MS = 30_000;
/** An emulated boot takes 2–5 s on an idle 2-core host; a KVM one well under one. */
const VM_READY_TIMEOUT_MS = { tcg: 90_000, kvm: 15_000 } as const;
const VM_MEMORY_MIB = 256;

interface CreatedWithPorts {
  id: string;
  ports: { hostPort: number; containerPort: number }[];
}

/**
 * Start-to-ready of a service: from asking for it to the first successful HTTP answer through a
 * port published on 127.0.0.1, for busybox httpd in a Berth container (REST API: create with a
 * published port, start) and in a QEMU VM whose init brings up its NIC and starts the same httpd,
 * reached through QEMU's user networking (hostfwd). Every VM row is labelled with its accelerator.
 */
export const readySuite: Suite = {
  name: 'ready',
  description: 'start-to-ready of busybox httpd answering GET through a published 127.0.0.1 port: a Berth container (REST API) and a QEMU VM (hostfwd)',
  baseline: 'berth (REST API)',
  metric: 'start-to-ready',
  budget: { iterations: 20, timeMs: 10_000 },
  async prepare(context) {
    let server: BerthServer | undefined;
    try {
      server = await startBerthServer(context.log);
      const client = new BerthClient(server.api, server.token);
      const environment: Record<string, string> = {
        'berth server': `node apps/api/dist/main.js on 127.0.0.1, ${server.database}; started in ${(server.startupMs / 1000).toFixed(1)} s`,
        'berth server state root': server.root,
        service: `busybox httpd -f -p 80 serving ${PAGE}; ready = first 200 answer, polled with a new connection every 20 ms`,
      };
      const vms = VM_KINDS.map((kind) => {
        const unavailable = vmUnavailable(kind.accel);
        return unavailable ? missingSubject(vmKindName(kind), vmMethod(kind), unavailable) : vmService(kind, context.log);
      });
      const running = server;
      return {
        subjects: [containerService(client), ...vms],
        environment,
        cleanup: () => running.stop(),
      };
    } catch (error) {
      await server?.stop();
      throw error;
    }
  },
};

/** One sample: POST create (bridge network, port 80 published on a free 127.0.0.1 port) → POST start → first answer; then removed, untimed. */
function containerService(client: BerthClient): Subject {
  const unfinished = new Set<string>();
  return {
    name: 'berth (REST API)',
    method:
      `POST /api/v1/containers {image: busybox, cmd: [sh -c "${HTTPD}"], ports: [{containerPort: 80, hostIp: 127.0.0.1}]} → POST …/start → ` +
      `GET http://127.0.0.1:<published port>${PAGE} until 200; timed from the create request to the answer; DELETE ?force=true afterwards (untimed)`,
    async run() {
      const started = performance.now();
      const created = await client.request<CreatedWithPorts>('POST', '/containers', {
        image: 'busybox',
        cmd: ['sh', '-c', HTTPD],
        ports: [{ containerPort: 80, hostIp: '127.0.0.1' }],
      });
      unfinished.add(created.id);
      const port = created.ports.find((binding) => binding.containerPort === 80)?.hostPort;
      if (!port) throw new Error(`the created container publishes no port 80: ${JSON.stringify(created.ports)}`);
      await client.request('POST', `/containers/${created.id}/start`);
      const ready = await firstAnswer(port, PAGE, CONTAINER_READY_TIMEOUT_MS);
      await client.request('DELETE', `/containers/${created.id}?force=true`);
      unfinished.delete(created.id);
      return ready - started;
    },
    async teardown() {
      for (const id of unfinished) await client.request('DELETE', `/containers/${id}?force=true`).catch(() => undefined);
    },
  };
}

function vmMethod({ accel, machine }: VmKind): string {
  const samples =
    accel === 'tcg' ? '5 samples (2 in --smoke) after 1 warm-up boot, as each emulated boot takes seconds' : '10 samples (3 in --smoke) after 1 warm-up boot';
  return (
    `qemu-system-x86_64 -M ${machine} -accel ${accel} -cpu max -smp 1 -m ${VM_MEMORY_MIB}M, Debian's kernel, busybox initramfs whose /init loads virtio_net, ` +
    `brings up eth0 and runs "${HTTPD}"; -netdev user,hostfwd=tcp:127.0.0.1:P-:80; timed from spawning QEMU to the first 200 answer on 127.0.0.1:P; ${samples}`
  );
}

/** One sample: spawn QEMU with a forwarded port → first answer; then QEMU is killed, untimed. */
function vmService(kind: VmKind, log: (line: string) => void): Subject {
  const { accel, machine } = kind;
  let image: GuestImage | undefined;
  return {
    name: vmKindName(kind),
    method: vmMethod(kind),
    budget: accel === 'tcg' ? { iterations: 5, smokeIterations: 2, warmupIterations: 1 } : { iterations: 10, smokeIterations: 3, warmupIterations: 1 },
    async setup() {
      const kernel = await debianKernel();
      if (accel === 'kvm') {
        const failure = await kvmBootFailure(kernel);
        if (failure) throw new MissingPeer(failure);
      }
      image = await buildGuestImage(kernel, accel, HTTPD, true, machine);
      log(`${vmKindName(kind)}: guest ${kernel.package}`);
    },
    async run() {
      const port = await freePort();
      const vm = startGuestVm(image!, { memoryMiB: VM_MEMORY_MIB, hostPort: port });
      try {
        const ready = await firstAnswer(port, PAGE, VM_READY_TIMEOUT_MS[accel]);
        return ready - vm.startedAt;
      } catch (error) {
        throw new Error(`${(error as Error).message}; guest console: ${vm.serial().trim().split('\n').slice(-3).join(' | ')}`);
      } finally {
        await vm.stop();
      }
    },
    async teardown() {
      await image?.remove();
    },
  };
}
