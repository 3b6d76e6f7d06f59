import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegistryCredentialView } from '@berth/contracts';
import { startLocalRegistry, type LocalRegistry } from '@berth/images/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BERTH, berthProcess, inTerminal } from '../../../test/run-cli-process.js';
import { berth } from '../../../test/run-cli.js';

// Debian's docker-registry behind htpasswd (bcrypt) on loopback, and the shared real server.
const LOGIN = { username: 'cli-user', password: 'cli-Pa55-word' };

let registry: LocalRegistry;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'berth-cli-registry-'));
  const htpasswd = join(work, 'htpasswd');
  writeFileSync(htpasswd, execFileSync('htpasswd', ['-Bbn', LOGIN.username, LOGIN.password]));
  registry = await startLocalRegistry(join(work, 'registry'), htpasswd);
}, 30_000);

afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

const logins = async () => JSON.parse((await berth(['registry', 'ls', '-o', 'json'])).stdout) as RegistryCredentialView[];

describe('berth login REGISTRY, registry ls, logout REGISTRY (real server, real registry)', () => {
  it('refuses a wrong password and keeps nothing', async () => {
    const refused = await berthProcess(['login', registry.host, '-u', LOGIN.username, '--password-stdin'], { input: 'wrong\n' });
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/REGISTRY_AUTH_FAILED/) });
    expect((await logins()).filter((login) => login.registry === registry.host)).toEqual([]);
  });

  it('logs in from stdin, then pushes and pulls a private image without auth flags', async () => {
    const login = await berthProcess(['login', registry.host, '-u', LOGIN.username, '--password-stdin'], { input: `${LOGIN.password}\n` });
    expect(login).toMatchObject({ code: 0, stdout: expect.stringContaining(`Login Succeeded: ${LOGIN.username} at ${registry.host}`) });
    expect((await berth(['registry', 'ls'])).stdout).toMatch(new RegExp(`${registry.host.replace(/\./g, '\\.')} +${LOGIN.username} +user +admin`));
    const target = `${registry.host}/cli/bb:1`;
    expect(await berth(['push', '-q', 'busybox', target])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^sha256:/) });
    expect(await berth(['pull', '-q', target])).toMatchObject({ code: 0 });
  });

  it('asks for the password on a terminal without echoing it', async () => {
    const result = await inTerminal(`${BERTH} login ${registry.host} -u ${LOGIN.username}`, { input: `${LOGIN.password}\r`, inputAfter: 'Password: ' });
    expect(result.stdout).toContain('Password: ');
    expect(result.stdout).toContain('Login Succeeded');
    expect(result.stdout).not.toContain(LOGIN.password);
    expect(result.code).toBe(0);
  });

  it('asks for the user name on a terminal when -u is missing', async () => {
    const result = await inTerminal(`${BERTH} login ${registry.host} -p ${LOGIN.password}`, { input: `${LOGIN.username}\r`, inputAfter: 'Username: ' });
    expect(result.stdout).toContain(`Login Succeeded: ${LOGIN.username}`);
    expect(result.code).toBe(0);
  });

  it('logs out: the login is gone and a pull is refused again', async () => {
    expect(await berth(['logout', registry.host])).toMatchObject({ code: 0, stdout: `Removed the login for ${registry.host}\n` });
    expect((await logins()).filter((login) => login.registry === registry.host)).toEqual([]);
    expect(await berth(['pull', `${registry.host}/cli/bb:1`])).toMatchObject({ code: 1, stderr: expect.stringMatching(/REGISTRY_AUTH_FAILED/) });
    expect(await berth(['logout', registry.host])).toMatchObject({ code: 1, stderr: expect.stringMatching(/NOT_LOGGED_IN/) });
  });

  it('keeps a team login apart with --team', async () => {
    const login = await berthProcess(['login', '--team', registry.host, '-u', LOGIN.username, '--password-stdin'], { input: LOGIN.password });
    expect(login).toMatchObject({ code: 0, stdout: expect.stringContaining('kept for team default') });
    expect(await berth(['logout', registry.host])).toMatchObject({ code: 1 });
    expect(await berth(['logout', '--team', registry.host])).toMatchObject({ code: 0 });
  });

  it('warns about -p on the command line, and refuses -p with --password-stdin', async () => {
    const warned = await berth(['login', registry.host, '-u', LOGIN.username, '-p', 'wrong']);
    expect(warned).toMatchObject({ code: 1, stderr: expect.stringContaining('WARNING! Using --password via the CLI is insecure') });
    expect(warned.stderr).toMatch(/REGISTRY_AUTH_FAILED/);
    expect(await berth(['login', registry.host, '-u', 'x', '-p', 'y', '--password-stdin'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/INVALID_OPTION: --password and --password-stdin exclude each other/),
    });
  });

  it('asks for -u when stdin is no terminal', async () => {
    expect(await berth(['login', registry.host])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/INVALID_OPTION: give the registry user name with -u/),
    });
  });
});
