import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostTool } from '@berth/runtime/model';
import { afterAll, describe, expect, it } from 'vitest';
import { ProblemException } from '../http/problem.js';
import { HostCapabilities, onPath } from './host-capabilities.js';

const tool = (name: string, pkg: string, capabilities: string[], extra: Partial<HostTool> = {}): HostTool => ({
  tool: name,
  package: pkg,
  capabilities,
  why: 'test',
  ...extra,
});

const TOOLS = [
  tool('ip', 'iproute2', ['container-loopback', 'bridge-networking']),
  tool('iptables-save', 'iptables', ['bridge-networking']),
  tool('iptables-restore', 'iptables', ['bridge-networking']),
  tool('pg_config', 'libpq-dev', ['embedded-postgres'], { optional: true }),
];

describe('HostCapabilities', () => {
  it('turns off exactly the capabilities whose tools are missing, naming the packages once', () => {
    const capabilities = new HostCapabilities(TOOLS, (entry) => !entry.tool.startsWith('iptables'));

    expect(capabilities.list()).toEqual([
      {
        name: 'bridge-networking',
        available: false,
        missingTools: ['iptables-save', 'iptables-restore'],
        install: 'apt-get install iptables',
      },
      { name: 'container-loopback', available: true, missingTools: [] },
      { name: 'embedded-postgres', available: true, missingTools: [] },
    ]);
  });

  it('refuses a request that needs an off capability with 409 NETWORKING_UNAVAILABLE and the install command', () => {
    const capabilities = new HostCapabilities(TOOLS, (entry) => entry.tool === 'ip');
    let refusal: unknown;
    try {
      capabilities.require('bridge-networking', 'network bridge');
    } catch (error) {
      refusal = error;
    }

    expect(refusal).toBeInstanceOf(ProblemException);
    const problem = refusal as ProblemException;
    expect(problem.getStatus()).toBe(409);
    const body = problem.getResponse() as { code: string; detail: string };
    expect(body.code).toBe('NETWORKING_UNAVAILABLE');
    expect(body.detail).toContain('apt-get install iptables');
    expect(() => capabilities.require('container-loopback', 'network none')).not.toThrow();
  });

  it('never counts an optional tool as missing', () => {
    const capabilities = new HostCapabilities(TOOLS, () => false);

    expect(capabilities.available('embedded-postgres')).toBe(true);
    expect(capabilities.available('bridge-networking')).toBe(false);
  });
});

describe('onPath', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-onpath-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds an executable in a PATH directory or at its fixed path, and not a plain file', () => {
    writeFileSync(join(dir, 'runnable'), '#!/bin/sh\n');
    chmodSync(join(dir, 'runnable'), 0o755);
    writeFileSync(join(dir, 'plain'), 'data');
    chmodSync(join(dir, 'plain'), 0o644);

    expect(onPath({ tool: 'runnable' }, `/nonexistent:${dir}`)).toBe(true);
    expect(onPath({ tool: 'absent' }, dir)).toBe(false);
    expect(onPath({ tool: 'anything', path: join(dir, 'runnable') }, '')).toBe(true);
    // root may read anything, but X_OK still needs an execute bit.
    expect(onPath({ tool: 'plain' }, dir)).toBe(false);
  });
});
