import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { identify } from '../util/proc.js';
import type { ContainerState } from './container-state.js';
import { refreshStatus } from './refresh-status.js';

describe('refreshStatus', () => {
  let dir: string;
  const base: ContainerState = { id: 'c', bundle: '/b', rootfs: '/b/rootfs', status: 'running', created: '', annotations: {}, owner: 0, cgroup: {} };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-refresh-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exit.json means stopped, with the recorded exit', async () => {
    await writeFile(join(dir, 'exit.json'), '{"exitCode":3,"signal":null,"oomKilled":false,"finishedAt":"t"}');
    expect(await refreshStatus(dir, base)).toMatchObject({ status: 'stopped', exit: { exitCode: 3 } });
  });

  it('a live shim keeps a started container running even if its status file lags', async () => {
    const self = (await identify(process.pid))!;
    await writeFile(join(dir, 'status'), 'created\n');
    expect(await refreshStatus(dir, { ...base, shim: self })).toMatchObject({ status: 'running' });
    expect(await refreshStatus(dir, { ...base, status: 'created', shim: self })).toMatchObject({ status: 'created' });
  });

  it("the native start's marker makes a created container running", async () => {
    const self = (await identify(process.pid))!;
    await writeFile(join(dir, 'started'), '');
    expect(await refreshStatus(dir, { ...base, status: 'created', shim: self })).toMatchObject({ status: 'running' });
  });

  it('a started container with a live shim is paused exactly when its freezer says so', async () => {
    const self = (await identify(process.pid))!;
    expect(await refreshStatus(dir, { ...base, shim: self }, async () => true)).toMatchObject({ status: 'paused' });
    expect(await refreshStatus(dir, { ...base, status: 'paused', shim: self }, async () => false)).toMatchObject({ status: 'running' });
    expect(await refreshStatus(dir, { ...base, status: 'created', shim: self }, async () => true)).toMatchObject({ status: 'created' });
  });

  it('a dead shim without exit.json means the container was lost', async () => {
    const self = (await identify(process.pid))!;
    const recycled = { pid: self.pid, startTime: self.startTime + 1 }; // same pid, another process
    expect(await refreshStatus(dir, { ...base, shim: recycled })).toMatchObject({ status: 'stopped', exit: { exitCode: 255, lost: true } });
  });

  it('leaves a container being created by a live process alone, and marks a crashed create stopped', async () => {
    const self = (await identify(process.pid))!;
    const creating: ContainerState = { ...base, status: 'creating', creator: self };
    expect(await refreshStatus(dir, creating)).toBe(creating);
    expect(await refreshStatus(dir, { ...creating, creator: { pid: self.pid, startTime: 1 } })).toMatchObject({ status: 'stopped' });
  });
});
