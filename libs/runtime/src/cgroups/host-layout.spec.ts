import { describe, expect, it } from 'vitest';
import { buildHostLayout, cgroupDirectory, parseMountinfo } from './host-layout.js';

const HYBRID = `31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
`;
const HYBRID_SELF = `9:name=systemd:/user.slice
4:memory:/process_api/abc
1:cpu,cpuacct:/
0::/user.slice
`;

describe('host layout', () => {
  it('reads a hybrid host: v1 hierarchies with their controllers plus the unified tree', () => {
    const layout = buildHostLayout(HYBRID, HYBRID_SELF);
    expect(layout.v1.map((h) => [h.mountPoint, h.controllers, h.ownPath])).toEqual([
      ['/sys/fs/cgroup/cpu,cpuacct', ['cpu', 'cpuacct'], '/'],
      ['/sys/fs/cgroup/memory', ['memory'], '/process_api/abc'],
      ['/sys/fs/cgroup/systemd', ['name=systemd'], '/user.slice'],
    ]);
    expect(layout.v2).toMatchObject({ mountPoint: '/sys/fs/cgroup/unified', ownPath: '/user.slice' });
  });

  it('reads a pure v2 host', () => {
    const layout = buildHostLayout('30 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n', '0::/system.slice/x.service\n');
    expect(layout.v1).toEqual([]);
    expect(layout.v2).toMatchObject({ mountPoint: '/sys/fs/cgroup', ownPath: '/system.slice/x.service' });
  });

  it('places absolute paths from the root and relative ones below our own cgroup', () => {
    const [, memory] = buildHostLayout(HYBRID, HYBRID_SELF).v1;
    expect(cgroupDirectory(memory!, '/berth/c1')).toBe('/sys/fs/cgroup/memory/berth/c1');
    expect(cgroupDirectory(memory!, 'berth/c1')).toBe('/sys/fs/cgroup/memory/process_api/abc/berth/c1');
  });

  it('handles a cgroup mount rooted below the host root (inside another container)', () => {
    const layout = buildHostLayout('30 23 0:26 /docker/xyz /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n', '0::/docker/xyz\n');
    expect(cgroupDirectory(layout.v2!, 'berth/c1')).toBe('/sys/fs/cgroup/berth/c1');
  });

  it('unescapes octal escapes in mountinfo', () => {
    expect(parseMountinfo('1 2 0:1 / /mnt/with\\040space rw - tmpfs tmpfs rw\n')[0]!.mountPoint).toBe('/mnt/with space');
  });
});
