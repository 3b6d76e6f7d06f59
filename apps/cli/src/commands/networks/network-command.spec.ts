import type { ContainerDetail, NetworkDetail, NetworkSummary } from '@berth/contracts';
import { freePort } from '@berth/testing';
import { describe, expect, it } from 'vitest';
import { berth } from '../../../test/run-cli.js';

async function fetchText(url: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await (await fetch(url, { signal: AbortSignal.timeout(2000) })).text();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('berth network (real server)', () => {
  it('create, ls, inspect, run -p --network, connect, disconnect, rm', { timeout: 60_000 }, async () => {
    const created = await berth(['network', 'create', '-l', 'suite=cli', 'cli-net']);
    expect(created).toMatchObject({ code: 0, stdout: expect.stringMatching(/^[0-9a-f-]{36}\n$/) });
    const table = (await berth(['network', 'ls'])).stdout.split('\n');
    expect(table[0]).toMatch(/^NETWORK ID +NAME +DRIVER +SUBNET +INTERNAL +CREATED$/);
    expect(table.find((line) => line.includes('cli-net'))).toMatch(/cli-net +bridge +10\.89\.\d+\.0\/24 +no /);
    const listed = JSON.parse((await berth(['network', 'ls', '-o', 'json'])).stdout) as NetworkSummary[];
    expect(listed.find((network) => network.name === 'cli-net')).toMatchObject({ labels: { suite: 'cli' }, internal: false });

    const port = await freePort();
    const script = 'mkdir -p /www && echo cli-web > /www/index.html && exec httpd -f -p 80 -h /www';
    const run = await berth(['run', '-d', '--name', 'cli-web', '-p', `127.0.0.1:${port}:80`, '--network', 'cli-net', 'busybox', 'sh', '-c', script]);
    expect(run.code, run.stderr).toBe(0);
    expect(await fetchText(`http://127.0.0.1:${port}/`)).toBe('cli-web\n');
    const [detail] = JSON.parse((await berth(['inspect', 'cli-web'])).stdout) as ContainerDetail[];
    expect(detail).toMatchObject({
      networkMode: 'bridge',
      networks: [{ network: 'cli-net', interface: 'eth0' }],
      ports: [{ hostPort: port, hostIp: '127.0.0.1' }],
    });

    expect(await berth(['run', '-d', '--name', 'cli-other', 'busybox', 'sleep', '60'])).toMatchObject({ code: 0 });
    expect(await berth(['network', 'connect', '--alias', 'buddy', 'cli-net', 'cli-other'])).toMatchObject({ code: 0, stdout: '' });
    const [inspected] = JSON.parse((await berth(['network', 'inspect', 'cli-net'])).stdout) as NetworkDetail[];
    expect(inspected!.containers.map((container) => container.name).sort()).toEqual(['cli-other', 'cli-web']);
    expect(await berth(['network', 'connect', 'cli-net', 'cli-other'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^berth: ALREADY_CONNECTED: /),
    });
    expect(await berth(['network', 'disconnect', 'cli-net', 'cli-other'])).toMatchObject({ code: 0 });

    expect(await berth(['network', 'rm', 'cli-net'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/NETWORK_IN_USE: .*cli-web/) });
    await berth(['rm', '-f', 'cli-web', 'cli-other']);
    expect(await berth(['network', 'rm', 'cli-net'])).toEqual({ code: 0, stdout: 'cli-net\n', stderr: '' });
    expect(await berth(['network', 'inspect', 'cli-net'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/NETWORK_NOT_FOUND/) });
  });

  it('prune removes the idle networks with the label and keeps one a container is on', { timeout: 60_000 }, async () => {
    for (const name of ['cli-prune-idle', 'cli-prune-busy']) expect((await berth(['network', 'create', '-l', 'suite=cli-prune', name])).code).toBe(0);
    expect((await berth(['run', '-d', '--name', 'cli-prune-member', '--network', 'cli-prune-busy', 'busybox', 'sleep', '30'])).code).toBe(0);
    expect(await berth(['network', 'prune', '-f', '--filter', 'label=suite=cli-prune'])).toEqual({
      code: 0,
      stdout: 'Deleted Networks:\ncli-prune-idle\n',
      stderr: '',
    });
    expect((await berth(['network', 'inspect', 'cli-prune-busy'])).code).toBe(0);
    await berth(['rm', '-f', 'cli-prune-member']);
    expect((await berth(['network', 'rm', 'cli-prune-busy'])).code).toBe(0);
  });
});
