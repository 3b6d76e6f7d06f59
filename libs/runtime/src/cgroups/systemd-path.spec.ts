import { describe, expect, it } from 'vitest';
import { systemdToCgroupfs } from './systemd-path.js';

describe('systemd cgroupsPath slice:prefix:name on cgroupfs', () => {
  it.each([
    ['kubepods-besteffort-pod1.slice:cri-containerd:abc', '/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1.slice/cri-containerd-abc.scope'],
    ['system.slice:docker:x', '/system.slice/docker-x.scope'],
    [':berth:x', '/system.slice/berth-x.scope'],
    ['-.slice:p:x', '/p-x.scope'],
    ['machine.slice::x', '/machine.slice/x.scope'],
    ['user.slice:p:my-app.slice', '/user.slice/my-app.slice'],
  ])('%s → %s', (path, expected) => {
    expect(systemdToCgroupfs(path)).toBe(expected);
  });

  it('leaves cgroupfs paths alone', () => {
    expect(systemdToCgroupfs('/berth/x')).toBeUndefined();
    expect(systemdToCgroupfs('relative/x')).toBeUndefined();
  });

  it.each([
    ['system:p:x', /must end in '\.slice'/],
    ['a--b.slice:p:x', /empty part/],
    ['-a.slice:p:x', /empty part/],
    ['a/b.slice:p:x', /may not contain '\/'/],
    ['system.slice:p:', /name .* is empty/],
    ['system.slice:p/q:x', /may not contain '\/'/],
  ])('refuses %s', (path, message) => {
    expect(() => systemdToCgroupfs(path)).toThrow(message);
  });
});
