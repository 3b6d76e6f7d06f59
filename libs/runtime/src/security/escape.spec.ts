import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';
import { PRIVILEGED_ANNOTATION } from './privileged.js';

/**
 * The escape suite: from inside a default container (Docker's 14 capabilities, the default
 * seccomp profile, no_new_privs, masked and read-only paths) every attempt must fail. The
 * same probes in a privileged container (every capability, no filter, nothing masked, every
 * device allowed) must partly succeed, which shows the probes can tell the difference.
 *
 * Nothing here can harm the host even when confinement is broken: the clock is only "set"
 * to the time it already is, reboot(2) is only called with magic numbers the kernel rejects
 * with EINVAL, busybox `reboot -f` runs only after the filter and the missing CAP_SYS_BOOT
 * were verified, sysrq-trigger and /sys are only opened (never written), and the privileged
 * run skips all of those.
 */

/** Prints `<name> <errno name>` (`OK` when the call succeeded) for calls a container must not make. */
const PROBE = String.raw`
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
static void probe(const char *name, long rc) { printf("%s %s\n", name, rc < 0 ? strerrorname_np(errno) : "OK"); fflush(stdout); }
int main(int argc, char **argv) {
  int reboot_probe = argc > 1 && !strcmp(argv[1], "reboot");
  /* KEYCTL_GET_KEYRING_ID of the session keyring (KEY_SPEC_SESSION_KEYRING = -3), no create. */
  probe("keyctl", syscall(SYS_keyctl, 0, -3L, 0L, 0L, 0L));
  /* BPF_MAP_CREATE without attributes: EINVAL/EFAULT when the kernel looks at it. */
  probe("bpf", syscall(SYS_bpf, 0, NULL, 0));
  /* An empty module image: the kernel refuses to parse it (never loads anything). */
  probe("init_module", syscall(SYS_init_module, "", 0UL, ""));
  /* tv_nsec out of range: EINVAL once the filter and the capability let the call through. */
  struct timespec bad = { .tv_sec = 0, .tv_nsec = 2000000000L };
  probe("clock_settime", syscall(SYS_clock_settime, CLOCK_REALTIME, &bad));
  /* Wrong magic numbers: the kernel checks CAP_SYS_BOOT (EPERM), then the magic (EINVAL); it can never reboot. */
  if (reboot_probe) probe("reboot", syscall(SYS_reboot, 0x1234UL, 0x5678UL, 0x01234567UL, NULL));
  /* Last, since it succeeds in a privileged container and changes our user namespace. */
  probe("unshare_user", syscall(SYS_unshare, CLONE_NEWUSER));
  return 0;
}
`;

interface ShellProbe {
  name: string;
  /** Exit status 0 = the attempt succeeded (an escape in a default container). */
  script: string;
  /** Safe to run where nothing confines the container. */
  privileged: boolean;
}

const CAP_SYS_BOOT = 22n;
const HOST_MARKER = `/tmp/berth-escape-${randomBytes(4).toString('hex')}`;

/** major:minor of the host's first real disk, from the host's /sys/block. */
function hostDisk(): string | undefined {
  for (const name of readdirSync('/sys/block')) {
    if (/^(loop|ram|zram|nbd|sr|dm-)/.test(name)) continue;
    const size = Number(readFileSync(`/sys/block/${name}/size`, 'utf8'));
    if (size > 0) return readFileSync(`/sys/block/${name}/dev`, 'utf8').trim();
  }
  return undefined;
}

function hostCanRead(disk: string): boolean {
  const name = readdirSync('/sys/block').find((entry) => readFileSync(`/sys/block/${entry}/dev`, 'utf8').trim() === disk);
  if (name === undefined) return false;
  let fd: number | undefined;
  try {
    fd = openSync(`/dev/${name}`, 'r');
    return readSync(fd, Buffer.alloc(512), 0, 512, 0) === 512;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function shellProbes(disk: string | undefined): ShellProbe[] {
  const [major, minor] = (disk ?? '0:0').split(':');
  const probes: ShellProbe[] = [
    { name: 'mount tmpfs', script: 'mkdir -p /mnt && mount -t tmpfs none /mnt', privileged: true },
    { name: 'unshare -U', script: 'unshare -U true', privileged: true },
    { name: 'unshare -m', script: 'unshare -m true', privileged: true },
    { name: 'read /proc/kcore', script: '[ "$(head -c 16 /proc/kcore | wc -c)" -gt 0 ]', privileged: true },
    { name: 'read /proc/keys', script: '[ -s /proc/keys ] || [ "$(wc -c </proc/keys)" -gt 0 ]', privileged: true },
    // kernel.hostname is per uts namespace, so writing it is harmless even when it works.
    { name: 'write /proc/sys/kernel/hostname', script: 'echo escaped >/proc/sys/kernel/hostname', privileged: true },
    // Opened for writing (O_TRUNC), never written: a success means it was writable.
    { name: 'open /proc/sysrq-trigger for writing', script: ': >/proc/sysrq-trigger', privileged: false },
    { name: 'open /sys/kernel/profiling for writing', script: ': >/sys/kernel/profiling', privileged: false },
    { name: 'write memory.limit_in_bytes', script: 'echo 1000000000 >/sys/fs/cgroup/memory/memory.limit_in_bytes', privileged: false },
    { name: 'insmod', script: 'printf "\\177ELF-not-a-module" >/tmp/x.ko && insmod /tmp/x.ko', privileged: true },
    // Set to the time it already is: harmless if it works, and only in the confined run.
    // busybox date exits 0 even when it cannot set the clock: its message tells.
    { name: 'date -s', script: '! { date -s "$(date "+%Y-%m-%d %H:%M:%S")" 2>&1 | grep -q "can.t set date"; }', privileged: false },
    // The test runner's own pid is far beyond what a fresh pid namespace reaches.
    {
      name: 'see a host pid',
      script: `[ -e /proc/${process.pid} ] || [ -e /proc/${process.ppid} ] || [ "$(ls /proc | grep -c "^[0-9]")" -gt 6 ]`,
      privileged: true,
    },
    { name: 'host file via /proc/1/root', script: `cat /proc/1/root${HOST_MARKER}`, privileged: true },
    { name: 'host file via /proc/self/root', script: `cat /proc/self/root/../../..${HOST_MARKER}`, privileged: true },
    { name: 'host file via .. of the old root', script: `cd / && cd ../../.. && cat .${HOST_MARKER}`, privileged: true },
    {
      name: 'host file via /proc/self/fd',
      script: `for f in /proc/self/fd/*; do cat "$f/../../../..${HOST_MARKER}" 2>/dev/null && exit 0; done; exit 1`,
      privileged: true,
    },
    { name: 'berth-shim visible as an exe', script: 'ls -l /proc/[0-9]*/exe 2>/dev/null | grep -q berth-shim', privileged: true },
    { name: '/proc/1/exe is not the container busybox', script: '[ "$(readlink /proc/1/exe)" != /bin/busybox ]', privileged: true },
    { name: 'open /proc/self/exe for writing', script: ': >>/proc/self/exe', privileged: true },
    { name: 'open /proc/1/exe for writing', script: ': >>/proc/1/exe', privileged: true },
    { name: 'an fd other than 0 1 2 at start', script: '[ "$(ls /proc/self/fd | tr "\\n" " ")" != "0 1 2 3 " ]', privileged: true },
  ];
  if (disk) {
    probes.push({
      name: `mknod the host disk ${disk} and read it`,
      script: `mknod /dev/hostdisk b ${major} ${minor} && [ "$(head -c 512 /dev/hostdisk | wc -c)" = 512 ]`,
      privileged: true,
    });
  }
  return probes;
}

/** One sh script running every probe in a subshell, printing `<index> <exit status>`. */
function script(probes: ShellProbe[]): string {
  return probes.map((probe, index) => `( ${probe.script} ) >/dev/null 2>&1 </dev/null; echo "P${index} $?"`).join('\n');
}

function results(output: string, probes: ShellProbe[]): Map<string, boolean> {
  const escaped = new Map<string, boolean>();
  for (const match of output.matchAll(/^P(\d+) (\d+)$/gm)) escaped.set(probes[Number(match[1])]!.name, match[2] === '0');
  return escaped;
}

function syscallResults(output: string): Map<string, string> {
  return new Map([...output.matchAll(/^(\w+) ([A-Z0-9]+)$/gm)].map((match) => [match[1]!, match[2]!]));
}

const haveCc = (() => {
  try {
    execFileSync('cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(process.getuid?.() !== 0 || process.platform !== 'linux')('escape attempts (real kernel)', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture((fixture) => (fx = fixture));
  const disk = hostDisk();
  const probes = shellProbes(disk);

  beforeAll(() => {
    writeFileSync(HOST_MARKER, 'host secret\n');
    return () => rmSync(HOST_MARKER, { force: true });
  });

  it('fails every attempt from a default container', { timeout: 30_000 }, async () => {
    const { output, exit, id } = await fx.runToExit('escape', ['sh', '-c', script(probes)]);
    expect((await fx.runtime.inspect(id)).privileged).toBeUndefined();
    expect((await fx.runtime.state(id)).annotations?.[PRIVILEGED_ANNOTATION]).toBeUndefined();
    expect(exit.exitCode).toBe(0);
    const escaped = results(output, probes);
    expect(escaped.size).toBe(probes.length);
    expect([...escaped].filter(([, ok]) => ok).map(([name]) => name)).toEqual([]);
  });

  it('fails every attempt from an exec into a default container', { timeout: 30_000 }, async () => {
    const id = await fx.start('escape-exec', ['sleep', '30']);
    const some = probes;
    const { stdout } = await fx.runtime.exec(id, { args: ['sh', '-c', script(some)], stdio: 'pipe' });
    const escaped = results(stdout, some);
    expect(escaped.size).toBe(some.length);
    expect([...escaped].filter(([, ok]) => ok).map(([name]) => name)).toEqual([]);
    const fds = await fx.runtime.exec(id, { args: ['ls', '/proc/self/fd'], stdio: 'pipe' });
    expect(fds.stdout.split('\n').filter(Boolean)).toEqual(['0', '1', '2', '3']);
    const status = await fx.runtime.exec(id, { args: ['grep', '-E', '^(Seccomp|NoNewPrivs|CapBnd):', '/proc/self/status'], stdio: 'pipe' });
    expect(status.stdout).toMatch(/CapBnd:\s+00000000a80425fb/);
    expect(status.stdout).toMatch(/Seccomp:\s+2/);
  });

  it.skipIf(!haveCc)('refuses keyctl, bpf, init_module, clock_settime, reboot and unshare(CLONE_NEWUSER) with EPERM', { timeout: 60_000 }, async () => {
    const source = join(fx.bundle.dir, 'probe.c');
    writeFileSync(source, PROBE);
    execFileSync('cc', ['-static', '-O1', '-o', join(fx.bundle.rootfs, 'bin', 'escape-probe'), source], { stdio: 'pipe' });
    const { output } = await fx.runToExit('syscalls', ['escape-probe', 'reboot']);
    const calls = syscallResults(output);
    expect(Object.fromEntries(calls)).toEqual({
      keyctl: 'EPERM',
      bpf: 'EPERM',
      init_module: 'EPERM',
      clock_settime: 'EPERM',
      reboot: 'EPERM',
      unshare_user: 'EPERM',
    });
  });

  it('does not reboot with `reboot -f` (run only once the filter and the missing CAP_SYS_BOOT are verified)', { timeout: 30_000 }, async () => {
    const { output: status } = await fx.runToExit('reboot-check', ['cat', '/proc/self/status']);
    const capBnd = /^CapBnd:\s+([0-9a-f]+)$/m.exec(status)?.[1];
    const seccomp = /^Seccomp:\s+(\d+)$/m.exec(status)?.[1];
    if (capBnd === undefined || (BigInt(`0x${capBnd}`) >> CAP_SYS_BOOT) & 1n || seccomp !== '2') {
      throw new Error(`not confined (CapBnd ${capBnd}, Seccomp ${seccomp}): refusing to run reboot -f`);
    }
    // Checked again in the same process tree right before the attempt.
    const guard = `grep -q "^Seccomp:[[:space:]]*2$" /proc/self/status && [ $(( 0x$(sed -n "s/^CapBnd:[[:space:]]*//p" /proc/self/status) >> 22 & 1 )) = 0 ] || { echo unconfined; exit 9; }`;
    const { output, exit } = await fx.runToExit('reboot', ['sh', '-c', `${guard}; reboot -f; echo "rc=$?"`]);
    expect(output).not.toContain('unconfined');
    expect(output).toMatch(/rc=[1-9]/);
    expect(exit.exitCode).toBe(0);
  });

  it('shows some attempts succeeding in a privileged container, so the suite can fail', { timeout: 60_000 }, async () => {
    const safe = probes.filter((probe) => probe.privileged);
    // Only the explicit option makes a container privileged; the spec is the default one.
    const { output, id } = await fx.runToExit('escape-priv', ['sh', '-c', script(safe)], undefined, { privileged: true });
    // Reported as such: state.json, the OCI state and `list`.
    expect((await fx.runtime.inspect(id)).privileged).toBe(true);
    expect((await fx.runtime.state(id)).annotations).toMatchObject({ [PRIVILEGED_ANNOTATION]: 'true' });
    expect((await fx.runtime.list()).find((container) => container.id === id)?.annotations).toMatchObject({ [PRIVILEGED_ANNOTATION]: 'true' });
    const escaped = results(output, safe);
    expect(escaped.size).toBe(safe.length);
    const succeeded = [...escaped].filter(([, ok]) => ok).map(([name]) => name);
    expect(succeeded).toEqual(expect.arrayContaining(['mount tmpfs', 'unshare -U', 'unshare -m', 'write /proc/sys/kernel/hostname']));
    // Only where the host itself has them (some VMs have no /proc/kcore, or a disk the host cannot read).
    if (existsSync('/proc/kcore')) expect(succeeded).toContain('read /proc/kcore');
    if (disk && hostCanRead(disk)) expect(succeeded).toContain(`mknod the host disk ${disk} and read it`);
    // What stays closed even then: the host root, the runtime binary, leaked fds.
    expect(succeeded.filter((name) => /host file|berth-shim|exe|fd other|host pid/.test(name))).toEqual([]);

    if (haveCc && existsSync(join(fx.bundle.rootfs, 'bin', 'escape-probe'))) {
      // No reboot probe here, ever.
      const { output: calls } = await fx.runToExit('syscalls-priv', ['escape-probe'], undefined, { privileged: true });
      const result = syscallResults(calls);
      expect(result.get('unshare_user')).toBe('OK');
      // EINVAL: the filter and the capability check let it through; the bad timespec stopped it.
      expect(result.get('clock_settime')).toBe('EINVAL');
      expect(result.has('reboot')).toBe(false);
    }
  });
});
