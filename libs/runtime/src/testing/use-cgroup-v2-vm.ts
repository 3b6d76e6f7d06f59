import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { beforeAll } from 'vitest';
import { locateShim } from '../native/shim-binary.js';
import type { V2CheckResults } from './cgroup-v2-check/checks.js';
import { parseResults } from './cgroup-v2-check/outcome.js';
import { GUEST_HOST_ROOT, kernelVmUnsupported, obtainDebianKernel, runInKernelVm, VmFailedError, type VmRun } from './kernel-vm/index.js';

export interface CgroupV2Vm {
  results: V2CheckResults;
  run: VmRun;
}

/** Either the checks' results, or why this host cannot boot the VM. */
export type CgroupV2VmOutcome = { ok: true; vm: CgroupV2Vm } | { ok: false; unavailable: string };

const CHECK_ENTRY = fileURLToPath(new URL('./cgroup-v2-check/main.ts', import.meta.url));
/** Where the bundled checks sit in the guest: a tmpfs, since the host root is shared read-only. */
const GUEST_CHECK_DIR = '/run/berth-v2-check';
/** Writable temp space in the guest (a tmpfs), since the host's /tmp stays the host's, read-only. */
const GUEST_TMP = '/run/berth-tmp';
/** The whole VM run, boot to power-off: the budget (it takes about 15 s on an idle 2-core host). */
const VM_TIMEOUT_MS = 90_000;

/**
 * Registers, in the enclosing describe(), one boot of a pure cgroup v2 kernel that runs the
 * checks of cgroup-v2-check/ with the real runtime, and returns a getter for what they saw.
 * On a host that cannot boot kernel VMs at all (see kernelVmUnsupported) the outcome says why,
 * printed, for the tests to skip with that reason; anywhere else a failure fails them.
 * Test-only (imports vitest), so not exported from ./index.ts.
 */
export function useCgroupV2Vm(options: { devicePolicy: boolean }): () => CgroupV2VmOutcome {
  let outcome: CgroupV2VmOutcome | undefined;
  beforeAll(async () => {
    const unsupported = kernelVmUnsupported();
    if (unsupported) console.warn(`cgroup v2 VM checks skipped: ${unsupported}`);
    outcome = unsupported ? { ok: false, unavailable: unsupported } : await bootChecks(options.devicePolicy);
  }, VM_TIMEOUT_MS + 30_000);
  return () => {
    if (!outcome) throw new Error('the cgroup v2 VM did not run (see the beforeAll error)');
    return outcome;
  };
}

async function bootChecks(devicePolicy: boolean): Promise<CgroupV2VmOutcome> {
  const kernel = await obtainDebianKernel();
  const run = await runInKernelVm({
    kernel,
    // brd: a RAM disk, a real block device for the device-policy check to be denied.
    modules: ['brd'],
    moduleParams: { brd: 'rd_nr=1 rd_size=1024' },
    // Pure v2: no controller may stay in a v1 hierarchy.
    append: ['cgroup_no_v1=all'],
    // Not /tmp: the workspace (the shim, node_modules) may live there, and must stay visible.
    hostRoot: { tmpfs: ['/run'] },
    files: [{ path: '/payload/check.mjs', data: await bundleChecks() }],
    setup: [
      `mount -t cgroup2 -o nsdelegate cgroup2 ${GUEST_HOST_ROOT}/sys/fs/cgroup || fail "mounting cgroup2"`,
      `mkdir -p ${GUEST_HOST_ROOT}${GUEST_CHECK_DIR} ${GUEST_HOST_ROOT}${GUEST_TMP} && cp /payload/check.mjs ${GUEST_HOST_ROOT}${GUEST_CHECK_DIR}/ || fail "copying the checks"`,
    ],
    // The guest sees the host's root, so this very node binary is there under the same path.
    command: `exec ${process.execPath} ${GUEST_CHECK_DIR}/check.mjs`,
    env: {
      PATH: '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin',
      HOME: GUEST_TMP,
      TMPDIR: GUEST_TMP,
      BERTH_SHIM: locateShim(),
      ...(devicePolicy ? { BERTH_V2_DEVICE_POLICY: '1' } : {}),
    },
    memoryMiB: 1024,
    cpus: 2,
    timeoutMs: VM_TIMEOUT_MS,
  });
  const results = parseResults(run.serial) as V2CheckResults | undefined;
  if (!results) throw new VmFailedError(`the checks printed no results (exit status ${run.exitCode})`, run.serial);
  const checks = Object.entries(results).map(([name, outcome]) => `${name} ${outcome.ms}`);
  console.log(`cgroup v2 VM: init after ${run.bootMs} ms, checks done after ${run.totalMs} ms (ms per check: ${checks.join(', ')})`);
  return { ok: true, vm: { results, run } };
}

/**
 * The checks and the runtime source they import, bundled into one file: the guest runs plain
 * JavaScript with the host's node, without compiling TypeScript on an emulated CPU. esbuild
 * comes with vite and tsx, both workspace dev dependencies.
 */
async function bundleChecks(): Promise<Buffer> {
  const output = await build({ entryPoints: [CHECK_ENTRY], bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'silent' });
  return Buffer.from(output.outputFiles[0]!.contents);
}
