import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeBusyboxBundle } from '@berth/runtime/testing';
import { binaryVersion, findBinary } from '../peers/find-binary.js';
import { createNamespaceWithoutUnified, hostHasHybridCgroups, type MountNamespace } from '../peers/hybrid-cgroup-namespace.js';
import { runProcess } from '../peers/run-process.js';
import { berthLibrary } from '../subjects/berth-library.js';
import { containerdSubjects } from './containerd-pair.js';
import { qemuVmSubjects } from '../subjects/qemu-vm.js';
import { missingSubject, type Subject } from '../subjects/subject.js';
import type { PreparedSuite, Suite } from './suite.js';

const BERTH_RUNTIME_BIN = fileURLToPath(new URL('../../../libs/runtime/bin/berth-runtime.cjs', import.meta.url));
const BERTH_RUNTIME = fileURLToPath(new URL('../../../libs/runtime/bin/berth-runtime', import.meta.url));

/**
 * Start-to-exit of `/bin/true` from one busybox bundle with PID, mount, UTS, IPC, network
 * and cgroup namespaces, run by every subject: create, start, wait for exit, delete.
 */
export const startToExitSuite: Suite = {
  name: 'start',
  description:
    'start-to-exit of /bin/true in a busybox bundle (pid, mount, uts, ipc, network, cgroup namespaces; own cgroup), and boot-to-poweroff of a QEMU VM',
  baseline: 'crun',
  async prepare() {
    const bundle = await makeBusyboxBundle();
    await bundle.writeSpec(['/bin/true'], (spec) => {
      spec.root = { path: 'rootfs', readonly: true };
      // Without a cgroupsPath crun puts the container in no cgroup of its own, while Berth
      // and runc always make one; naming it makes every subject create and remove a cgroup.
      spec.linux = { ...spec.linux, cgroupsPath: '/berth-bench-start' };
    });
    // Every runtime's state lives where runtimes keep it by default (runc /run/runc, crun
    // /run/crun, berth-runtime /run/berth): a tmpfs. All subjects share that one parent.
    const roots = await mkdtemp(join(existsSync('/run') ? '/run' : tmpdir(), 'berth-bench-roots-'));
    const hybrid = hostHasHybridCgroups();
    let namespace: MountNamespace | undefined;
    const subjects: Subject[] = [
      berthLibrary(bundle.dir, join(roots, 'berth-lib')),
      berthRuntime(bundle.dir, join(roots, 'berth-native')),
      berthCli(bundle.dir, join(roots, 'berth-cli')),
    ];
    const environment: Record<string, string> = { cgroups: hybrid ? 'hybrid (v1 + v2 at /sys/fs/cgroup/unified)' : 'not hybrid' };

    const crun = findBinary('crun');
    if (!crun) subjects.push(missingSubject('crun', 'crun run', 'crun is not installed (apt-get install crun)'));
    else {
      environment['crun'] = binaryVersion(crun);
      if (hybrid) namespace = createNamespaceWithoutUnified();
      subjects.push(peerRun('crun', crun, bundle.dir, join(roots, 'crun'), namespace));
      if (namespace) subjects.push(nsenterBaseline(namespace));
    }
    const runc = findBinary('runc');
    if (!runc) subjects.push(missingSubject('runc', 'runc run', 'runc is not installed (apt-get install runc)'));
    else {
      environment['runc'] = binaryVersion(runc);
      subjects.push(peerRun('runc', runc, bundle.dir, join(roots, 'runc')));
    }
    const containerd = containerdSubjects();
    subjects.push(...containerd.subjects);
    Object.assign(environment, containerd.environment);
    // Last: a VM boot is the slowest subject by far, and emulation heats the cores the containers ran on.
    subjects.push(...qemuVmSubjects());

    const prepared: PreparedSuite = {
      subjects,
      environment,
      async cleanup() {
        await containerd.cleanup();
        namespace?.remove();
        await bundle.remove();
        await rm(roots, { recursive: true, force: true });
      },
    };
    return prepared;
  },
};

/** `berth-runtime run` as people (and containerd) run it: the native binary. */
function berthRuntime(bundle: string, root: string): Subject {
  return {
    name: 'berth-runtime run (cold process)',
    method: 'libs/runtime/bin/berth-runtime run --bundle B ID (native create, start, wait, delete)',
    run: (iteration) => runProcess(BERTH_RUNTIME, ['--root', root, 'run', '--bundle', bundle, `bench-native-${iteration}`]),
  };
}

/** The TypeScript CLI the native binary hands other command lines to, started on its own. */
function berthCli(bundle: string, root: string): Subject {
  return {
    name: 'berth (TypeScript CLI, cold process)',
    method: 'node berth-runtime.cjs run --bundle B ID (a new Node process each time)',
    run: (iteration) => runProcess(process.execPath, [BERTH_RUNTIME_BIN, '--root', root, 'run', '--bundle', bundle, `bench-cli-${iteration}`]),
  };
}

function peerRun(name: string, binary: string, bundle: string, root: string, namespace?: MountNamespace): Subject {
  const command = [binary, '--root', root, 'run', '--bundle', bundle];
  return {
    name,
    method: namespace ? `nsenter --mount=<ns without /sys/fs/cgroup/unified> ${name} run` : `${name} run`,
    run: (iteration) =>
      namespace
        ? runProcess('nsenter', [`--mount=${namespace.path}`, ...command, `bench-${name}-${iteration}`])
        : runProcess(command[0]!, [...command.slice(1), `bench-${name}-${iteration}`]),
  };
}

function nsenterBaseline(namespace: MountNamespace): Subject {
  return {
    name: 'nsenter baseline',
    method: "nsenter --mount=<ns> /bin/true: the wrapper cost included in crun's number",
    run: () => runProcess('nsenter', [`--mount=${namespace.path}`, '/bin/true']),
  };
}
