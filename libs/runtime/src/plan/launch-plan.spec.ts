import { describe, expect, it } from 'vitest';
import { defaultSpec } from '../spec/default-spec.js';
import type { OciProcess } from '../model/oci-spec.js';
import { createPlan, execPlan, type CreatePlanInput } from './launch-plan.js';
import { escapeField } from './plan-text.js';

function input(patch: (spec: CreatePlanInput['spec']) => void = () => undefined, extra: Partial<CreatePlanInput> = {}): CreatePlanInput {
  const spec = defaultSpec({ args: ['sh', '-c', 'echo "a\tb"\necho c\\d'], terminal: false }) as CreatePlanInput['spec'];
  spec.root = { path: '/bundle/rootfs', readonly: true };
  patch(spec);
  return { id: 'web-1', stateDir: '/run/berth/web-1', spec, cgroupProcs: [], ...extra };
}

describe('escapeField', () => {
  it('escapes exactly backslash, tab and newline', () => {
    expect(escapeField('a\\b\tc\nd"e')).toBe('a\\\\b\\tc\\nd"e');
  });
});

describe('createPlan', () => {
  it('turns the default spec into a plan the shim understands', () => {
    const lines = createPlan(input()).split('\n');
    expect(lines.slice(0, 5)).toEqual(['berth-plan\t1', 'id\tweb-1', 'state_dir\t/run/berth/web-1', 'rootfs\t/bundle/rootfs', 'readonly_root\t1']);
    expect(lines).toEqual(
      expect.arrayContaining([
        'namespace\tpid',
        'namespace\tnetwork',
        'namespace\tipc',
        'namespace\tuts',
        'namespace\tmount',
        'namespace\tcgroup',
        'hostname\tberth',
        'masked_path\t/proc/kcore',
        'readonly_path\t/proc/sys',
        'cwd\t/',
        'user\t0\t0',
        'rlimit\tRLIMIT_NOFILE\t1024\t1024',
        'no_new_privileges\t1',
        'arg\tsh',
        'arg\t-c',
        'arg\techo "a\\tb"\\necho c\\\\d',
      ]),
    );
    expect(lines.at(-1)).toBe('');
  });

  it('leaves the standard pseudo-filesystems to the shim but keeps /dev/shm and other mounts', () => {
    const plan = createPlan(input((spec) => spec.mounts!.push({ destination: '/data', type: 'bind', source: '/srv/data', options: ['ro'] })));
    const mounts = plan.split('\n').filter((line) => line.startsWith('mount\t'));
    expect(mounts).toEqual(['mount\t/dev/shm\ttmpfs\tshm\tnosuid,noexec,nodev,mode=1777,size=65536k', 'mount\t/data\tbind\t/srv/data\tbind,ro']);
  });

  it('writes joined namespaces, id mappings, cgroups, overlay, init and log rotation', () => {
    const plan = createPlan(
      input(
        (spec) => {
          spec.linux!.namespaces = [{ type: 'network', path: '/proc/42/ns/net' }, { type: 'user' }];
          spec.linux!.uidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
          spec.linux!.gidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
          delete spec.hostname;
          spec.process.user = { uid: 1000, gid: 1000, additionalGids: [27] };
          spec.process.rlimits = [{ type: 'RLIMIT_CORE', soft: 2 ** 64 - 1, hard: 2 ** 64 - 1 }];
          spec.process.oomScoreAdj = 100;
          spec.process.terminal = true;
        },
        {
          cgroupProcs: ['/sys/fs/cgroup/memory/berth/web-1/cgroup.procs', '/sys/fs/cgroup/pids/berth/web-1/cgroup.procs'],
          oomControl: '/sys/fs/cgroup/memory/berth/web-1/memory.oom_control',
          overlay: { lowerDirs: ['/layers/b', '/layers/a'], upperDir: '/run/berth/web-1/upper', workDir: '/run/berth/web-1/work' },
          init: true,
          log: { maxSize: 1048576, maxFiles: 3 },
        },
      ),
    );
    for (const line of [
      'overlay\t/layers/b:/layers/a\t/run/berth/web-1/upper\t/run/berth/web-1/work',
      'namespace\tnetwork\t/proc/42/ns/net',
      'namespace\tuser',
      'uid_map\t0\t100000\t65536',
      'gid_map\t0\t100000\t65536',
      'cgroup_procs\t/sys/fs/cgroup/memory/berth/web-1/cgroup.procs',
      'cgroup_procs\t/sys/fs/cgroup/pids/berth/web-1/cgroup.procs',
      'oom_control\t/sys/fs/cgroup/memory/berth/web-1/memory.oom_control',
      'user\t1000\t1000',
      'additional_gid\t27',
      'rlimit\tRLIMIT_CORE\tunlimited\tunlimited',
      'oom_score_adj\t100',
      'terminal\t1',
      'init\t1',
      'log_max_size\t1048576',
      'log_max_files\t3',
    ]) {
      expect(plan.split('\n')).toContain(line);
    }
    expect(plan).not.toMatch(/^hostname/m);
  });

  it('writes capabilities as five hex masks, the seccomp file and the sysctls', () => {
    const lines = createPlan(
      input((spec) => (spec.linux!.sysctl = { 'net.ipv4.ip_forward': '1' }), { seccomp: { path: '/run/berth/web-1/seccomp.bpf', flags: 1 } }),
    ).split('\n');
    const docker = '00000000a80425fb';
    expect(lines).toContain(`capabilities\t${docker}\t${docker}\t${docker}\t0000000000000000\t0000000000000000`);
    expect(lines).toContain('seccomp\t/run/berth/web-1/seccomp.bpf\t1');
    expect(lines).toContain('sysctl\t/proc/sys/net/ipv4/ip_forward\t1');
    // Before the read-only /proc/sys that would refuse the write: the shim orders that itself.
    expect(lines.filter((line) => line.startsWith('capabilities\t'))).toHaveLength(1);
  });

  it('leaves capabilities alone when the spec has none (OCI: inherit)', () => {
    const lines = createPlan(input((spec) => delete spec.process.capabilities)).split('\n');
    expect(lines.some((line) => line.startsWith('capabilities'))).toBe(false);
    expect(lines.some((line) => line.startsWith('seccomp'))).toBe(false);
  });
});

describe('execPlan', () => {
  it('carries the process and the cgroups to join, nothing of the container', () => {
    const process: OciProcess = { args: ['ps'], env: ['A=1'], cwd: '/tmp', user: { uid: 5, gid: 6 }, terminal: false };
    expect(execPlan(process, ['/cg/cgroup.procs'])).toBe('berth-plan\t1\ncgroup_procs\t/cg/cgroup.procs\ncwd\t/tmp\nuser\t5\t6\nenv\tA=1\narg\tps\n');
  });

  it('gives an exec the same capabilities and seccomp filter directives', () => {
    const process = input().spec.process;
    const lines = execPlan(process, ['/sys/fs/cgroup/pids/x/cgroup.procs'], { path: '/s/seccomp.bpf', flags: 0 }).split('\n');
    expect(lines).toContain('seccomp\t/s/seccomp.bpf\t0');
    expect(lines.some((line) => line.startsWith('capabilities\t00000000a80425fb\t'))).toBe(true);
  });
});
