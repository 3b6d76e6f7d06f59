import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiTokenView, AuditList, WhoAmI } from '@berth/contracts';
import { describe, expect, it } from 'vitest';
import { berthProcess } from '../../../test/run-cli-process.js';
import { berth } from '../../../test/run-cli.js';

describe('berth login, whoami, token, team and audit (real server)', () => {
  it('whoami shows the admin; an unknown token is refused with the API code', async () => {
    const me = JSON.parse((await berth(['whoami', '-o', 'json'])).stdout) as WhoAmI;
    expect(me).toMatchObject({ user: { username: 'admin' }, role: 'admin', team: { name: 'default' } });
    expect(await berth(['ps'], { BERTH_TOKEN: 'berth_nope' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/^berth: TOKEN_INVALID: /) });
    expect(await berth(['ps'], { BERTH_TOKEN: '' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/^berth: UNAUTHENTICATED: /) });
  });

  it('creates a token shown once, lists it, uses it, revokes it', async () => {
    const created = await berth(['token', 'create', 'cli-ci', '--role', 'viewer', '--expires-days', '7']);
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^berth_[A-Za-z0-9_-]{43}$/);

    const listed = JSON.parse((await berth(['token', 'ls', '-o', 'json'])).stdout) as ApiTokenView[];
    const token = listed.find((t) => t.name === 'cli-ci')!;
    expect(token).toMatchObject({ role: 'viewer', owner: 'admin', revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect((await berth(['token', 'ls'])).stdout).toMatch(/cli-ci +viewer/);

    expect((await berth(['ps'], { BERTH_TOKEN: secret })).code).toBe(0);
    // A viewer may look but not change.
    expect(await berth(['volume', 'create', 'by-viewer'], { BERTH_TOKEN: secret })).toMatchObject({ code: 1, stderr: expect.stringMatching(/ROLE_REQUIRED/) });

    expect((await berth(['token', 'rm', token.id])).code).toBe(0);
    expect(await berth(['ps'], { BERTH_TOKEN: secret })).toMatchObject({ code: 1, stderr: expect.stringMatching(/TOKEN_INVALID: .*revoked/) });
    expect(await berth(['token', 'create', 'x', '--role', 'root'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/INVALID_OPTION/) });
  });

  it('login checks the token and saves it (mode 0600); logout removes it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'berth-login-'));
    try {
      const secret = (await berth(['token', 'create', 'cli-login', '--role', 'operator'])).stdout.trim();
      const env = { HOME: home, BERTH_TOKEN: '' };
      expect(await berth(['login', '--token', 'berth_wrong'], env)).toMatchObject({ code: 1, stderr: expect.stringMatching(/TOKEN_INVALID/) });
      const path = join(home, '.config', 'berth', 'config.json');
      expect(existsSync(path)).toBe(false);

      const login = await berth(['login', '--token', secret], env);
      expect(login).toMatchObject({ code: 0, stdout: expect.stringContaining('as admin (operator of default)') });
      expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ token: secret });
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(JSON.parse((await berth(['whoami', '-o', 'json'], env)).stdout)).toMatchObject({ role: 'operator' });

      expect((await berth(['logout'], env)).code).toBe(0);
      expect(JSON.parse(readFileSync(path, 'utf8'))).not.toHaveProperty('token');
      expect((await berth(['whoami'], env)).code).toBe(1);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('adds a member with a password from stdin, changes the role, removes them', async () => {
    const added = await berthProcess(['team', 'member', 'add', 'cli-member', '--role', 'viewer', '--password-stdin'], { input: 'a long enough password\n' });
    expect(added).toMatchObject({ code: 0, stdout: 'cli-member\n' });
    expect((await berth(['team', 'member', 'ls'])).stdout).toMatch(/cli-member +viewer/);
    expect((await berth(['team', 'member', 'set-role', 'cli-member', 'operator'])).code).toBe(0);
    expect((await berth(['team', 'member', 'ls'])).stdout).toMatch(/cli-member +operator/);
    expect((await berth(['team', 'member', 'rm', 'cli-member'])).code).toBe(0);
    expect(await berth(['team', 'member', 'rm', 'cli-member'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/MEMBER_NOT_FOUND/) });
    expect((await berth(['team', 'ls'])).stdout).toMatch(/default +admin/);
  });

  it('lists audit records with filters and exports them as JSON lines', async () => {
    await berth(['volume', 'create', 'audited-by-cli']);
    await berth(['volume', 'rm', 'audited-by-cli']);
    const table = await berth(['audit', '--action', 'volumes', '--target', 'audited-by-cli']);
    expect(table.stdout).toMatch(/admin +volumes\.remove +audited-by-cli +success +204/);
    expect(table.stdout).toMatch(/admin +volumes\.create +audited-by-cli +success +201/);
    const json = JSON.parse((await berth(['audit', '--target', 'audited-by-cli', '-o', 'json'])).stdout) as AuditList;
    expect(json.items.map((r) => r.action)).toEqual(['volumes.remove', 'volumes.create']);
    const lines = (await berth(['audit', '--target', 'audited-by-cli', '--jsonl'])).stdout.trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { action: string }).action)).toEqual(['volumes.create', 'volumes.remove']);
    expect(await berth(['audit', '--outcome', 'maybe'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/INVALID_OPTION/) });
  });
});
