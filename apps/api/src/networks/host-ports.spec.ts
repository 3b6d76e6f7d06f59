import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freeHostPort, publishablePorts } from './host-ports.js';

describe('host ports for publishing', () => {
  it('come from below the kernel ephemeral range, so binding port 0 never gets one of them', async () => {
    const [low, high] = publishablePorts();
    const [ephemeralLow] = (await import('node:fs')).readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    expect(high).toBe(ephemeralLow! - 1);
    for (const protocol of ['tcp', 'udp'] as const) {
      const port = await freeHostPort(protocol, '127.0.0.1', new Set());
      expect(port).toBeGreaterThanOrEqual(low);
      expect(port).toBeLessThanOrEqual(high);
    }
  });

  it('skip claimed ports and ports a host program holds; need room below the ephemeral range', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-ports-'));
    try {
      // A range file that leaves only 1,001 candidates: 20000..21000.
      writeFileSync(join(dir, 'range'), '21001\t60999\n');
      expect(publishablePorts(join(dir, 'range'))).toEqual([20000, 21000]);
      writeFileSync(join(dir, 'narrow'), '1024\t65535\n');
      expect(() => publishablePorts(join(dir, 'narrow'))).toThrow(/explicit hostPort/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Two candidates: one a host program holds, one claimed by the catalogue; then one free.
    const held = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => held.once('listening', resolve));
    const port = (held.address() as { port: number }).port;
    try {
      await expect(freeHostPort('tcp', '127.0.0.1', new Set([port + 1]), [port, port + 1])).rejects.toThrow(/no free tcp port/);
      expect(await freeHostPort('tcp', '127.0.0.1', new Set([port + 1]), [port, port + 2])).toBe(port + 2);
    } finally {
      held.close();
    }
  });
});
