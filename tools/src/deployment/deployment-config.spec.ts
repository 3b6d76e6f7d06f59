import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFIG_ENV, DEFAULT_PORT } from '@berth/contracts';
import { describe, expect, it } from 'vitest';
import { readComposeFile } from './compose-file.js';
import { readDockerfile } from './dockerfile.js';
import { serverPackages } from '../host-tools/host-tool-lists.js';

// docker-compose.yml, the Dockerfile and the README describe the same configuration as
// the server reads (@berth/contracts CONFIG_ENV); these checks keep them from drifting.
const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const KNOWN_ENV = new Set<string>(Object.values(CONFIG_ENV));

describe('docker-compose.yml', () => {
  const compose = readComposeFile(root('docker-compose.yml'));
  const berth = compose.services['berth']!;
  const postgres = compose.services['postgres']!;

  it('has PostgreSQL and Berth, Berth built from this repository', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['berth', 'postgres']);
    expect(berth.build).toBe('.');
    expect(postgres.image).toMatch(/^postgres:/);
  });

  it('sets only variables Berth reads', () => {
    for (const name of Object.keys(berth.environment ?? {})) expect(KNOWN_ENV, name).toContain(name);
  });

  it('publishes the port Berth listens on, on loopback, and checks /readyz there', () => {
    const port = Number(berth.environment![CONFIG_ENV.port]);
    expect(berth.environment![CONFIG_ENV.host]).toBe('0.0.0.0'); // inside the container; published on loopback below
    expect(berth.ports).toEqual([`127.0.0.1:${port}:${port}`]);
    expect(JSON.stringify(berth.healthcheck!.test)).toContain(`127.0.0.1:${port}/readyz`);
  });

  it('points DATABASE_URL at the postgres service with its credentials, after it is healthy', () => {
    const url = new URL(berth.environment![CONFIG_ENV.databaseUrl]!);
    const env = postgres.environment!;
    expect(url.hostname).toBe('postgres');
    expect([url.username, url.password, url.pathname.slice(1)]).toEqual([env['POSTGRES_USER'], env['POSTGRES_PASSWORD'], env['POSTGRES_DB']]);
    expect(berth.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(postgres.healthcheck).toBeDefined();
  });

  it('runs privileged with the state root and the cgroup tree mounted', () => {
    expect(berth.privileged).toBe(true);
    const targets = (berth.volumes ?? []).map((volume) => volume.split(':')[1]);
    expect(targets).toContain(berth.environment![CONFIG_ENV.root]);
    expect(targets).toContain('/sys/fs/cgroup');
  });
});

describe('Dockerfile', () => {
  const dockerfile = readDockerfile(root('Dockerfile'));

  it('configures the server with variables it reads and exposes its port', () => {
    for (const name of Object.keys(dockerfile.env)) expect(KNOWN_ENV, name).toContain(name);
    expect(dockerfile.expose).toEqual([Number(dockerfile.env[CONFIG_ENV.port])]);
    expect(Number(dockerfile.env[CONFIG_ENV.port])).toBe(DEFAULT_PORT);
    expect(dockerfile.cmd).toEqual(['node', 'apps/api/dist/main.js']);
  });

  it('installs the package of every tool the server spawns (the host-tools.json lists)', () => {
    const missing = serverPackages().filter((name) => !dockerfile.aptPackages.includes(name));
    expect(missing, 'add them to the final stage apt-get install').toEqual([]);
    expect(dockerfile.aptPackages).toContain('iptables');
  });

  it('builds on a Node LTS line newer than end-of-life Node 20', () => {
    for (const base of dockerfile.bases) {
      const major = Number(/^node:(\d+)/.exec(base)?.[1]);
      expect(major, base).toBeGreaterThanOrEqual(22);
      expect(major % 2, `${base}: odd Node majors are never LTS`).toBe(0);
    }
  });

  it('installs dependencies from the manifests alone, so that layer stays cached until one changes', () => {
    const workspaces = (JSON.parse(readFileSync(root('package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
    const manifests = workspaces.flatMap((pattern) =>
      pattern.endsWith('/*')
        ? readdirSync(root(pattern.slice(0, -2)), { withFileTypes: true })
            .filter((entry) => entry.isDirectory())
            .map((entry) => `${pattern.slice(0, -2)}/${entry.name}/package.json`)
        : [`${pattern}/package.json`],
    );
    expect(dockerfile.copiedBeforeInstall.sort()).toEqual(['package-lock.json', 'package.json', ...manifests].sort());
  });
});

describe('README', () => {
  it('documents every configuration variable', () => {
    const readme = readFileSync(root('README.md'), 'utf8');
    for (const name of KNOWN_ENV) expect(readme, name).toContain(`\`${name}\``);
  });
});
