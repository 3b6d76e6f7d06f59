import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSpec } from './default-spec.js';
import type { OciSpec } from '../model/oci-spec.js';
import { hostSecurityModules } from '../security/lsm.js';
import { validateSpec } from './validate-spec.js';

describe('validateSpec', () => {
  let bundle: string;
  beforeAll(async () => {
    bundle = await mkdtemp(join(tmpdir(), 'berth-validate-'));
    await mkdir(join(bundle, 'rootfs'));
    await writeFile(join(bundle, 'file'), '');
  });
  afterAll(async () => {
    await rm(bundle, { recursive: true, force: true });
  });

  function withPatch(patch: (spec: OciSpec) => void): OciSpec {
    const spec = defaultSpec({ args: ['true'] });
    patch(spec);
    return spec;
  }

  function refusal(patch: (spec: OciSpec) => void): { code: string; message: string } {
    try {
      validateSpec(withPatch(patch), bundle);
    } catch (error) {
      return { code: (error as { code: string }).code, message: (error as Error).message };
    }
    throw new Error('spec was accepted');
  }

  it('accepts the secure defaults: seccomp, sysctls of its own namespaces, the five capability sets', () => {
    const { spec } = validateSpec(
      withPatch((s) => (s.linux!.sysctl = { 'net.ipv4.ip_forward': '1', 'kernel.shmmax': '65536' })),
      bundle,
    );
    expect(spec.linux?.seccomp?.defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(spec.process.capabilities?.bounding).toHaveLength(14);
    expect(spec.process.noNewPrivileges).toBe(true);
  });

  it("maps systemd's slice:prefix:name cgroupsPath onto the cgroupfs path systemd would use", () => {
    const { spec } = validateSpec(
      withPatch((s) => (s.linux!.cgroupsPath = 'kubepods-pod1.slice:cri-containerd:abc')),
      bundle,
    );
    expect(spec.linux?.cgroupsPath).toBe('/kubepods.slice/kubepods-pod1.slice/cri-containerd-abc.scope');
  });

  it('accepts joining mount and user namespaces by path, inheriting the types it does not list, and every hook phase', () => {
    const joined = validateSpec(
      withPatch((s) => {
        s.linux!.namespaces = [
          { type: 'mount', path: '/proc/self/ns/mnt' },
          { type: 'user', path: '/proc/self/ns/user' },
        ];
        s.hostname = undefined;
        // A joined namespace's own maps may be repeated (containerd's CRI does).
        const own = readFileSync('/proc/self/uid_map', 'utf8').trim().split(/\s+/).map(Number);
        s.linux!.uidMappings = [{ containerID: own[0]!, hostID: own[1]!, size: own[2]! }];
        s.hooks = { createContainer: [{ path: '/bin/true' }], startContainer: [{ path: '/bin/true', timeout: 2 }] };
      }),
      bundle,
    );
    expect(joined.spec.linux?.namespaces?.map((n) => n.type)).toEqual(['mount', 'user']);
    const inherited = validateSpec(
      withPatch((s) => {
        s.linux!.namespaces = [];
        s.linux!.maskedPaths = [];
        s.linux!.readonlyPaths = [];
        s.hostname = undefined;
      }),
      bundle,
    );
    expect(inherited.spec.linux?.namespaces).toEqual([]);
  });

  it('accepts the default spec and makes bundle-relative paths absolute', () => {
    const { spec } = validateSpec(
      withPatch((s) => s.mounts!.push({ destination: '/data', type: 'bind', source: 'file', options: ['rbind'] })),
      bundle,
    );
    expect(spec.root.path).toBe(join(bundle, 'rootfs'));
    expect(spec.mounts!.at(-1)!.source).toBe(join(bundle, 'file'));
  });

  it.each<[string, (spec: OciSpec) => void, string, RegExp]>([
    ['not an object', () => undefined, 'INVALID_SPEC', /.*/],
    ['a bad ociVersion', (s) => (s.ociVersion = '0.9'), 'INVALID_SPEC', /^ociVersion: /],
    ['no root', (s) => delete s.root, 'INVALID_SPEC', /^root\.path: is required/],
    ['a missing rootfs', (s) => (s.root!.path = 'nope'), 'INVALID_SPEC', /^root\.path: rootfs .*\/nope does not exist$/],
    ['a rootfs that is a file', (s) => (s.root!.path = 'file'), 'INVALID_SPEC', /^root\.path: rootfs .* is not a directory$/],
    ['no process', (s) => delete s.process, 'INVALID_SPEC', /^process: is required/],
    ['empty args', (s) => (s.process!.args = []), 'INVALID_SPEC', /^process\.args: /],
    ['non-string args', (s) => (s.process!.args = [1 as unknown as string]), 'INVALID_SPEC', /^process\.args: must be an array of strings/],
    ['a relative cwd', (s) => (s.process!.cwd = 'srv'), 'INVALID_SPEC', /^process\.cwd: "srv" must be an absolute path$/],
    ['an env entry without =', (s) => (s.process!.env = ['PATH']), 'INVALID_SPEC', /^process\.env\[0\]: /],
    ['a negative uid', (s) => (s.process!.user.uid = -1), 'INVALID_SPEC', /^process\.user: /],
    [
      'an unknown rlimit',
      (s) => (s.process!.rlimits = [{ type: 'RLIMIT_FOO', soft: 1, hard: 1 }]),
      'INVALID_SPEC',
      /^process\.rlimits\[0\]\.type: unknown rlimit/,
    ],
    ['soft above hard', (s) => (s.process!.rlimits = [{ type: 'RLIMIT_NOFILE', soft: 2, hard: 1 }]), 'INVALID_SPEC', /exceeds hard limit/],
    ['oomScoreAdj out of range', (s) => (s.process!.oomScoreAdj = 1001), 'INVALID_SPEC', /^process\.oomScoreAdj: /],
    [
      'an unknown namespace type',
      (s) => s.linux!.namespaces!.push({ type: 'bogus' as never }),
      'INVALID_SPEC',
      /^linux\.namespaces\[6\]\.type: unknown namespace type "bogus"; use one of /,
    ],
    ['a namespace listed twice', (s) => s.linux!.namespaces!.push({ type: 'pid' }), 'INVALID_SPEC', /pid namespace is listed twice/],
    [
      'a relative namespace path',
      (s) => (s.linux!.namespaces![1] = { type: 'network', path: 'ns/net' }),
      'INVALID_SPEC',
      /^linux\.namespaces\[1\]\.path: "ns\/net" must be an absolute path/,
    ],
    ['a missing namespace path', (s) => (s.linux!.namespaces![1] = { type: 'network', path: '/proc/0/ns/net' }), 'INVALID_SPEC', /does not exist/],
    [
      'joining a mount namespace from a new user namespace',
      (s) => {
        s.linux!.namespaces = s.linux!.namespaces!.map((n) => (n.type === 'mount' ? { type: 'mount', path: '/proc/self/ns/mnt' } : n));
        s.linux!.namespaces.push({ type: 'user' });
        s.linux!.uidMappings = [{ containerID: 0, hostID: 100000, size: 10 }];
        s.linux!.gidMappings = [{ containerID: 0, hostID: 100000, size: 10 }];
      },
      'NOT_SUPPORTED',
      /^linux\.namespaces: joining a mount namespace by path from a new user namespace/,
    ],
    [
      'mappings that contradict a joined user namespace',
      (s) => {
        s.linux!.namespaces = [{ type: 'mount' }, { type: 'user', path: '/proc/self/ns/user' }];
        s.linux!.uidMappings = [{ containerID: 0, hostID: 1000, size: 1 }];
      },
      'INVALID_SPEC',
      /^linux\.uidMappings: do not match the id map of the joined user namespace \/proc\/self\/ns\/user/,
    ],
    [
      'mappings with a joined user namespace given by a path that is not /proc/<pid>/ns/user',
      (s) => {
        s.linux!.namespaces = [{ type: 'mount' }, { type: 'user', path: '/proc/thread-self/ns/user' }];
        s.linux!.uidMappings = [{ containerID: 0, hostID: 0, size: 4294967295 }];
      },
      'INVALID_SPEC',
      /^linux\.uidMappings: cannot be checked against the joined user namespace/,
    ],
    [
      'masked paths without a mount namespace',
      (s) => (s.linux!.namespaces = s.linux!.namespaces!.filter((n) => n.type !== 'mount')),
      'INVALID_SPEC',
      /^linux\.maskedPaths: needs a mount namespace of the container's own/,
    ],
    [
      'an AppArmor profile on a host without AppArmor',
      (s) => (s.process!.apparmorProfile = 'berth-default'),
      'NOT_SUPPORTED',
      hostSecurityModules().apparmor ? /^process\.apparmorProfile: Berth does not apply AppArmor/ : /^process\.apparmorProfile: this host has no AppArmor/,
    ],
    [
      'an SELinux label',
      (s) => (s.process!.selinuxLabel = 'system_u:system_r:container_t:s0'),
      'NOT_SUPPORTED',
      hostSecurityModules().selinux ? /^process\.selinuxLabel: Berth does not apply SELinux/ : /^process\.selinuxLabel: this host has no SELinux/,
    ],
    [
      'an unknown rootfs propagation',
      (s) => (s.linux!.rootfsPropagation = 'rsharred'),
      'INVALID_SPEC',
      /^linux\.rootfsPropagation: "rsharred" is not one of private, /,
    ],
    ['a umask beyond 0777', (s) => (s.process!.user.umask = 0o1000), 'INVALID_SPEC', /^process\.user\.umask: must be a file mode/],
    [
      'a personality',
      (s) => ((s.linux as Record<string, unknown>)['personality'] = { domain: 'LINUX32' }),
      'NOT_SUPPORTED',
      /^linux\.personality: is not applied/,
    ],
    [
      'a scheduler policy',
      (s) => ((s.process as unknown as Record<string, unknown>)['scheduler'] = { policy: 'SCHED_IDLE' }),
      'NOT_SUPPORTED',
      /^process\.scheduler: is not applied/,
    ],
    [
      'an SELinux mount label',
      (s) => ((s.linux as Record<string, unknown>)['mountLabel'] = 'system_u:object_r:container_file_t:s0'),
      'NOT_SUPPORTED',
      /^linux\.mountLabel: /,
    ],
    ['a time namespace', (s) => s.linux!.namespaces!.push({ type: 'time' }), 'NOT_SUPPORTED', /time namespaces/],
    ['a user namespace without mappings', (s) => s.linux!.namespaces!.push({ type: 'user' }), 'INVALID_SPEC', /^linux\.uidMappings: at least one mapping/],
    [
      'mappings without a user namespace',
      (s) => (s.linux!.uidMappings = [{ containerID: 0, hostID: 1000, size: 1 }]),
      'INVALID_SPEC',
      /only allowed together with a user namespace/,
    ],
    [
      'overlapping mappings',
      (s) => {
        s.linux!.namespaces!.push({ type: 'user' });
        s.linux!.uidMappings = [
          { containerID: 0, hostID: 100000, size: 10 },
          { containerID: 5, hostID: 200000, size: 10 },
        ];
        s.linux!.gidMappings = [{ containerID: 0, hostID: 100000, size: 10 }];
      },
      'INVALID_SPEC',
      /^linux\.uidMappings\[1\]: overlaps/,
    ],
    [
      'a zero-size mapping',
      (s) => {
        s.linux!.namespaces!.push({ type: 'user' });
        s.linux!.uidMappings = [{ containerID: 0, hostID: 100000, size: 0 }];
      },
      'INVALID_SPEC',
      /^linux\.uidMappings\[0\]: /,
    ],
    ['a hostname without a uts namespace', (s) => (s.linux!.namespaces = s.linux!.namespaces!.filter((n) => n.type !== 'uts')), 'INVALID_SPEC', /^hostname: /],
    [
      'a relative mount destination',
      (s) => s.mounts!.push({ destination: 'data', type: 'tmpfs' }),
      'INVALID_SPEC',
      /^mounts\[7\]\.destination: "data" must be an absolute path/,
    ],
    [
      'a bind mount without source',
      (s) => s.mounts!.push({ destination: '/data', type: 'bind' }),
      'INVALID_SPEC',
      /^mounts\[7\]\.source: a bind mount needs a source/,
    ],
    [
      'a missing bind source',
      (s) => s.mounts!.push({ destination: '/data', source: '/no/such', options: ['rbind'] }),
      'INVALID_SPEC',
      /^mounts\[7\]\.source: \/no\/such does not exist/,
    ],
    ['a mount without a type', (s) => s.mounts!.push({ destination: '/data', source: 'x' }), 'INVALID_SPEC', /^mounts\[7\]\.type: is required/],
    [
      'an option with a comma',
      (s) => s.mounts!.push({ destination: '/d', type: 'tmpfs', options: ['size=1m,mode=700'] }),
      'INVALID_SPEC',
      /^mounts\[7\]\.options: /,
    ],
    ['a relative masked path', (s) => s.linux!.maskedPaths!.unshift('proc/x'), 'INVALID_SPEC', /^linux\.maskedPaths\[0\]: /],
    ['a malformed systemd cgroupsPath', (s) => (s.linux!.cgroupsPath = 'system:berth:x'), 'INVALID_SPEC', /^linux\.cgroupsPath: slice "system" must end/],
    ['a cgroupsPath with a stray colon', (s) => (s.linux!.cgroupsPath = '/a:b'), 'INVALID_SPEC', /^linux\.cgroupsPath: a path with ':'/],
    ['a cgroupsPath escaping with ..', (s) => (s.linux!.cgroupsPath = '/berth/../x'), 'INVALID_SPEC', /^linux\.cgroupsPath: /],
    ['a seccomp profile with an unknown action', (s) => (s.linux!.seccomp = { defaultAction: 'SCMP_ACT_BOGUS' }), 'INVALID_SECCOMP', /^linux\.seccomp/],
    [
      'a seccomp section that is not an object',
      (s) => ((s.linux as Record<string, unknown>)['seccomp'] = 'unconfined'),
      'INVALID_SECCOMP',
      /^linux\.seccomp: /,
    ],
    [
      'a non-namespaced sysctl',
      (s) => (s.linux!.sysctl = { 'kernel.panic': '1' }),
      'INVALID_SYSCTL',
      /^linux\.sysctl\["kernel\.panic"\]: is not a namespaced sysctl/,
    ],
    ['an unknown capability', (s) => s.process!.capabilities!.bounding!.push('CAP_FLY'), 'INVALID_CAPABILITY', /^process\.capabilities\.bounding\[14\]: /],
    ['ambient without inheritable', (s) => (s.process!.capabilities!.ambient = ['CAP_KILL']), 'INVALID_CAPABILITY', /^process\.capabilities\.ambient: /],
    ['a negative memory limit', (s) => (s.linux!.resources!.memory = { limit: -5 }), 'INVALID_RESOURCES', /^linux\.resources\.memory\.limit: -5 must be bytes/],
    ['hugepage limits', (s) => (s.linux!.resources!.hugepageLimits = [{ pageSize: '2MB', limit: 1 }]), 'NOT_SUPPORTED', /^linux\.resources\.hugepageLimits: /],
    [
      'a hook argument with a NUL byte',
      (s) => (s.hooks = { startContainer: [{ path: '/bin/true', args: ['true', 'a\0b'] }] }),
      'INVALID_SPEC',
      /^hooks\.startContainer\[0\]: /,
    ],
    ['an unknown hook phase', (s) => (s.hooks = { preStart: [{ path: '/bin/true' }] }), 'INVALID_SPEC', /^hooks\.preStart: is not a hook/],
    ['a relative hook path', (s) => (s.hooks = { prestart: [{ path: 'true' }] }), 'INVALID_SPEC', /^hooks\.prestart\[0\]\.path: /],
    ['a hook timeout of 0', (s) => (s.hooks = { poststop: [{ path: '/bin/true', timeout: 0 }] }), 'INVALID_SPEC', /^hooks\.poststop\[0\]\.timeout: /],
  ])('refuses %s', (name, patch, code, message) => {
    if (name === 'not an object') {
      expect(() => validateSpec([], bundle)).toThrow(expect.objectContaining({ code: 'INVALID_SPEC', message: 'config.json: must be a JSON object' }));
      return;
    }
    const result = refusal(patch);
    expect(result.code).toBe(code);
    expect(result.message).toMatch(message);
  });
});
