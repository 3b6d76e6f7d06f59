import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeBusyboxBundle, type BusyboxBundle } from '@berth/runtime/testing';
import { binaryVersion, findBinary } from '../peers/find-binary.js';
import { createNamespaceWithoutUnified, hostHasHybridCgroups, type MountNamespace } from '../peers/hybrid-cgroup-namespace.js';
import { runProcess } from '../peers/run-process.js';
import { RUNTIME_VERBS, timeVerbCycles, type CycleBundles, type RuntimeCommand, type RuntimeVerb } from '../runtime-cli/verb-cycle.js';
import { missingSubject, type Subject } from '../subjects/subject.js';
import type { Suite } from './suite.js';

/** What people and containerd run: the native fast path, which hands other verbs to Node. */
const BERTH_RUNTIME = fileURLToPath(new URL('../../../libs/runtime/bin/berth-runtime', import.meta.url));
const ROUNDS = 20;
const SMOKE_ROUNDS = 2;

/**
 * Each `berth-runtime` verb as a cold process, against runc's and crun's same verb on the same
 * busybox bundles: what containerd pays per container, since its shim runs the runtime's
 * command line once per verb. Ratios are to runc, verb by verb.
 */
export const runtimeCliSuite: Suite = {
  name: 'runtime-cli',
  description: 'each OCI runtime verb (create, start, state, kill, delete, run) as a cold process: berth-runtime, runc and crun on the same busybox bundles',
  baseline: 'runc',
  async prepare(context) {
    const waiting = await makeBusyboxBundle();
    const exiting = await makeBusyboxBundle();
    // A named cgroup, so that every runtime makes and removes one (crun makes none without).
    const cgroupsPath = '/berth-bench-runtime-cli';
    await waiting.writeSpec(['sleep', '3600'], (spec) => {
      spec.linux = { ...spec.linux, cgroupsPath };
    });
    await exiting.writeSpec(['/bin/true'], (spec) => {
      spec.root = { path: 'rootfs', readonly: true };
      spec.linux = { ...spec.linux, cgroupsPath };
    });
    const bundles: CycleBundles = { waiting: waiting.dir, exiting: exiting.dir };
    // Where runtimes keep state by default (/run/runc, /run/crun, /run/berth): a tmpfs.
    const roots = await mkdtemp(join(existsSync('/run') ? '/run' : tmpdir(), 'berth-bench-rtcli-'));
    const rounds = context.smoke ? SMOKE_ROUNDS : ROUNDS;
    const environment: Record<string, string> = {
      rounds: `${rounds} containers per runtime, each through create, start, state, kill (SIGKILL), delete, then a foreground run of /bin/true`,
    };
    let namespace: MountNamespace | undefined;
    const subjects: Subject[] = [];

    const add = (name: string, method: string, command: RuntimeCommand | string) => {
      if (typeof command === 'string') {
        subjects.push(...RUNTIME_VERBS.map((verb) => ({ ...missingSubject(name, `${method} ${verb}`, command), metric: verb })));
        return;
      }
      subjects.push(...verbSubjects(name, method, command, bundles, rounds));
    };

    if (!existsSync(join(BERTH_RUNTIME, '../../native/build/berth-runtime'))) {
      add('berth-runtime', 'berth-runtime', 'the native core is not built (npx nx run @berth/runtime:build)');
    } else
      add(
        'berth-runtime',
        'libs/runtime/bin/berth-runtime (native create, run, state, start, kill, delete; the first create of a seccomp profile compiles it in Node)',
        {
          prefix: [BERTH_RUNTIME],
          root: join(roots, 'berth'),
        },
      );

    const runc = findBinary('runc');
    if (!runc) add('runc', 'runc', 'runc is not installed (apt-get install runc)');
    else {
      environment['runc'] = binaryVersion(runc);
      add('runc', 'runc', { prefix: [runc], root: join(roots, 'runc') });
    }

    const crun = findBinary('crun');
    if (!crun) add('crun', 'crun', 'crun is not installed (apt-get install crun)');
    else {
      environment['crun'] = binaryVersion(crun);
      // Debian's crun 1.8.1 refuses a hybrid cgroup layout; in a mount namespace without the
      // unified tree it runs, and the nsenter baseline row is that wrapper's own cost.
      if (hostHasHybridCgroups()) namespace = createNamespaceWithoutUnified();
      const prefix = namespace ? ['nsenter', `--mount=${namespace.path}`, crun] : [crun];
      add('crun', namespace ? 'nsenter --mount=<ns without /sys/fs/cgroup/unified> crun' : 'crun', { prefix, root: join(roots, 'crun') });
      if (namespace) subjects.push(nsenterBaseline(namespace));
    }

    return {
      subjects,
      environment,
      async cleanup() {
        namespace?.remove();
        await removeBundles([waiting, exiting]);
        await rm(roots, { recursive: true, force: true });
      },
    };
  },
};

/**
 * One subject per verb, all fed by one cycle loop (run when the first of them is measured), so
 * a runtime's verbs alternate instead of each being measured in a block of its own.
 */
function verbSubjects(name: string, method: string, command: RuntimeCommand, bundles: CycleBundles, rounds: number): Subject[] {
  let cycles: Promise<Map<RuntimeVerb, number[]>> | undefined;
  return RUNTIME_VERBS.map((verb) => ({
    name,
    metric: verb,
    method: `${method} ${verb} (cold process; ${rounds} rounds of the whole cycle, verbs alternating)`,
    async collect() {
      cycles ??= timeVerbCycles(command, bundles, name, rounds);
      return (await cycles).get(verb)!;
    },
  }));
}

function nsenterBaseline(namespace: MountNamespace): Subject {
  return {
    name: 'nsenter baseline',
    metric: 'state',
    method: "nsenter --mount=<ns> /bin/true: the wrapper cost in each of crun's numbers",
    run: () => runProcess('nsenter', [`--mount=${namespace.path}`, '/bin/true']),
  };
}

async function removeBundles(bundles: BusyboxBundle[]): Promise<void> {
  for (const bundle of bundles) await bundle.remove();
}
