import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSeccomp } from './compile.js';
import { defaultSeccompProfile } from './default-profile.js';
import { DOCKER_DEFAULT_CAPABILITIES } from '../security/capabilities.js';

/**
 * The interpreter proves what a filter means; this proves the kernel agrees. A throwaway
 * loader (what the native shim will do: no_new_privs, seccomp(SET_MODE_FILTER, TSYNC), exec)
 * runs real programs under the compiled default profile. Skipped where there is no C
 * compiler or the architecture has no tables.
 */
const LOADER = String.raw`
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(int argc, char **argv) {
  static struct sock_filter insns[4096];
  if (argc < 3) return 120;
  int fd = open(argv[1], O_RDONLY);
  ssize_t n = fd < 0 ? -1 : read(fd, insns, sizeof insns);
  if (n <= 0 || n % 8) { perror("read filter"); return 121; }
  close(fd);
  struct sock_fprog prog = { .len = (unsigned short)(n / 8), .filter = insns };
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) { perror("no_new_privs"); return 122; }
  if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog)) { perror("seccomp"); return 123; }
  execv(argv[2], argv + 2);
  perror("execv");
  return 124;
}
`;

/** Prints `name errno` for syscalls a container must not make (0 = it succeeded). */
const PROBE = String.raw`
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
static void probe(const char *name, long rc) { printf("%s %d\n", name, rc < 0 ? errno : 0); }
int main(void) {
  char args[88] = {0};
  probe("clone3", syscall(SYS_clone3, args, sizeof args));
  probe("keyctl", syscall(SYS_keyctl, 0, 0, 0, 0, 0));
  probe("bpf", syscall(SYS_bpf, 0, 0, 0));
  probe("unshare_user", syscall(SYS_unshare, CLONE_NEWUSER));
  probe("clone_newuser", syscall(SYS_clone, CLONE_NEWUSER | 17, 0, 0, 0, 0));
  probe("personality_query", syscall(SYS_personality, 0xffffffffUL));
  probe("personality_no_aslr", syscall(SYS_personality, 0x0040000UL));
  probe("personality_high_bits", syscall(SYS_personality, 0x100000000UL));
  return 0;
}
`;

const arch = process.arch === 'x64' || process.arch === 'arm64' ? process.arch : undefined;
const haveCc = (() => {
  try {
    execFileSync('cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!arch || !haveCc || process.platform !== 'linux')('compiled filters on the real kernel', () => {
  let dir = '';
  let loader = '';
  let filter = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-seccomp-'));
    loader = join(dir, 'load');
    writeFileSync(join(dir, 'load.c'), LOADER);
    execFileSync('cc', ['-O1', '-o', loader, join(dir, 'load.c')]);
    writeFileSync(join(dir, 'probe.c'), PROBE);
    execFileSync('cc', ['-O1', '-o', join(dir, 'probe'), join(dir, 'probe.c')]);
    filter = join(dir, 'default.bpf');
    writeFileSync(filter, compileSeccomp(defaultSeccompProfile(DOCKER_DEFAULT_CAPABILITIES, arch)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...argv: string[]) => spawnSync(loader, [filter, ...argv], { encoding: 'utf8', timeout: 10_000 });

  it('loads, and ordinary programs run under it (fork, exec, pipes, files)', () => {
    const result = run('/bin/sh', '-c', 'echo hello | cat; ls / >/dev/null; grep -E "^(NoNewPrivs|Seccomp):" /proc/self/status');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('hello\nNoNewPrivs:\t1\nSeccomp:\t2\n');
  });

  it('answers refused syscalls with EPERM, clone3 with ENOSYS, and checks all 64 bits of an argument', () => {
    const result = run(join(dir, 'probe'));
    expect(result.status).toBe(0);
    expect(
      Object.fromEntries(
        result.stdout
          .trim()
          .split('\n')
          .map((line) => line.split(' ')),
      ),
    ).toEqual({
      clone3: '38',
      keyctl: '1',
      bpf: '1',
      unshare_user: '1',
      clone_newuser: '1',
      personality_query: '0',
      personality_no_aslr: '1',
      personality_high_bits: '1',
    });
  });

  it.skipIf(!existsSync('/usr/bin/unshare'))('refuses new namespaces with EPERM', () => {
    for (const flag of ['-U', '-m', '-n']) {
      const result = run('/usr/bin/unshare', flag, '/bin/true');
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/Operation not permitted/);
    }
  });

  it.skipIf(!existsSync('/usr/bin/mount'))('refuses mount even to root', () => {
    const result = run('/usr/bin/mount', '-t', 'tmpfs', 'none', dir);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/permission denied|Operation not permitted/i);
  });
});
