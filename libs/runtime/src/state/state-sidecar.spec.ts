import { describe, expect, it } from 'vitest';
import type { ContainerState } from './container-state.js';
import { escapeField, fnv1a32, formatSidecar } from './state-sidecar.js';

const state: ContainerState = {
  id: 'web',
  bundle: '/b/with\ttab',
  rootfs: '/b/rootfs',
  status: 'running',
  created: '2026-01-01T00:00:00Z',
  annotations: { 'a.b': 'line1\nline2\\' },
  owner: 0,
  init: { pid: 42, startTime: 1234 },
  shim: { pid: 41, startTime: 1230 },
  cgroup: {
    v1: {
      dirs: [
        { controllers: ['freezer'], mountPoint: '/sys/fs/cgroup/freezer', path: '/sys/fs/cgroup/freezer/berth/web' },
        { controllers: ['memory'], mountPoint: '/sys/fs/cgroup/memory', path: '/sys/fs/cgroup/memory/berth/web' },
      ],
      created: [['/sys/fs/cgroup/freezer/berth', '/sys/fs/cgroup/freezer/berth/web'], ['/sys/fs/cgroup/memory/berth/web']],
      ownsParent: true,
    },
  },
};

describe('formatSidecar', () => {
  it('writes every field the native verbs read, escaped as in PLAN.md', () => {
    const json = `${JSON.stringify(state, null, 2)}\n`;
    expect(formatSidecar(state, json)!.split('\n')).toEqual([
      'berth-state\t1',
      `json\t${Buffer.byteLength(json)}\t${fnv1a32(Buffer.from(json))}`,
      'id\tweb',
      'bundle\t/b/with\\ttab',
      'status\trunning',
      'annotation\ta.b\tline1\\nline2\\\\',
      'init\t42\t1234',
      'shim\t41\t1230',
      'freezer\tv1\t/sys/fs/cgroup/freezer/berth/web/freezer.state',
      'procs\t/sys/fs/cgroup/freezer/berth/web/cgroup.procs',
      'procs\t/sys/fs/cgroup/memory/berth/web/cgroup.procs',
      'remove\t/sys/fs/cgroup/freezer/berth\t/sys/fs/cgroup/freezer/berth/web',
      'remove\t/sys/fs/cgroup/memory/berth/web',
      '',
    ]);
  });

  it('refuses a string UTF-8 cannot carry exactly', () => {
    expect(formatSidecar({ ...state, annotations: { k: 'a\uD800b' } }, '{}')).toBeUndefined();
  });
});

describe('fnv1a32 and escapeField', () => {
  it('match the reference values', () => {
    expect(fnv1a32(Buffer.from(''))).toBe('811c9dc5');
    expect(fnv1a32(Buffer.from('a'))).toBe('e40c292c');
    expect(escapeField('a\\b\tc\nd')).toBe('a\\\\b\\tc\\nd');
  });
});
