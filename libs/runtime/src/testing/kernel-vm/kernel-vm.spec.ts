import { describe, expect, it } from 'vitest';
import { obtainDebianKernel } from './debian-kernel.js';
import { kernelVmUnsupported } from './host-support.js';
import { INIT_MARKER, SETUP_FAILED } from './init-script.js';
import { runInKernelVm } from './kernel-vm.js';

const unsupported = kernelVmUnsupported();
if (unsupported) console.warn(`kernel-vm: skipped: ${unsupported}`);

/** Real boots of Debian's kernel under QEMU (emulated: a few seconds each). */
describe.skipIf(unsupported !== undefined)('runInKernelVm (real kernel, real QEMU)', () => {
  it("runs a command on the host's root file system and reports its exit status and the boot time", { timeout: 300_000 }, async () => {
    const kernel = await obtainDebianKernel();
    const run = await runInKernelVm({
      kernel,
      hostRoot: { tmpfs: ['/tmp'] },
      command: 'echo "kernel $(uname -r) node $(node -p process.version)"; echo written > /tmp/f && cat /tmp/f; exit 3',
      env: { PATH: '/usr/local/bin:/usr/bin:/bin' },
      timeoutMs: 60_000,
    });
    expect(run.exitCode).toBe(3);
    expect(run.serial).toContain(`kernel ${kernel.release} node ${process.version}`);
    expect(run.serial).toContain('written');
    expect(run.serial).toContain(INIT_MARKER);
    expect(run.bootMs).toBeGreaterThan(0);
    expect(run.bootMs).toBeLessThan(run.totalMs);
  });

  it('ends the run at once, with its own status, when the setup fails', { timeout: 60_000 }, async () => {
    const run = await runInKernelVm({ setup: ['fail "on purpose"'], command: 'echo never', timeoutMs: 50_000 });
    expect(run.exitCode).toBe(SETUP_FAILED);
    expect(run.serial).toContain('berth-vm: setup failed: on purpose');
    expect(run.serial).not.toContain('never');
  });
});
