import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berthProcess } from '../../../test/run-cli-process.js';
import { berth } from '../../../test/run-cli.js';

let local: string;
beforeAll(() => {
  local = mkdtempSync(join(tmpdir(), 'berth-cli-cp-'));
});
afterAll(async () => {
  await berth(['rm', '-f', 'cli-cp', 'cli-cp-stopped']);
  rmSync(local, { recursive: true, force: true });
});

async function ok(args: string[]): Promise<string> {
  const result = await berth(args);
  expect(result.code, `berth ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

async function tarText(files: Record<string, string>): Promise<string> {
  const archive = pack();
  for (const [name, body] of Object.entries(files)) archive.entry({ name, mode: 0o644 }, body);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('latin1');
}

describe('berth cp (real server)', () => {
  it('copies a file and a tree in, and back out under a new name, into a directory, or as DIR/. contents', async () => {
    await ok(['run', '-d', '--name', 'cli-cp', '--network', 'none', 'busybox', 'sleep', '120']);
    writeFileSync(join(local, 'a.txt'), 'alpha\n');
    await ok(['cp', join(local, 'a.txt'), 'cli-cp:/tmp/']);
    mkdirSync(join(local, 'tree/sub'), { recursive: true });
    writeFileSync(join(local, 'tree/sub/b.txt'), 'beta\n');
    await ok(['cp', join(local, 'tree'), 'cli-cp:/srv']);
    expect(await ok(['exec', 'cli-cp', 'cat', '/tmp/a.txt', '/srv/sub/b.txt'])).toBe('alpha\nbeta\n');

    await ok(['exec', 'cli-cp', 'sh', '-c', 'ln -s b.txt /srv/sub/link']);
    await ok(['cp', 'cli-cp:/srv', join(local, 'back')]);
    expect(readFileSync(join(local, 'back/sub/b.txt'), 'utf8')).toBe('beta\n');
    expect(readlinkSync(join(local, 'back/sub/link'))).toBe('b.txt');
    mkdirSync(join(local, 'into'));
    await ok(['exec', 'cli-cp', 'chmod', '666', '/tmp/a.txt']);
    await ok(['cp', 'cli-cp:/tmp/a.txt', join(local, 'into')]);
    expect(readFileSync(join(local, 'into/a.txt'), 'utf8')).toBe('alpha\n');
    expect(statSync(join(local, 'into/a.txt')).mode & 0o777).toBe(0o666);
    await ok(['cp', 'cli-cp:/srv/sub/.', join(local, 'contents')]);
    expect(readFileSync(join(local, 'contents/b.txt'), 'utf8')).toBe('beta\n');
    await ok(['cp', 'cli-cp:/tmp/a.txt', join(local, 'renamed.txt')]);
    expect(readFileSync(join(local, 'renamed.txt'), 'utf8')).toBe('alpha\n');
  }, 60_000);

  it('reads and writes tars on stdout and stdin with -', async () => {
    const out = await berthProcess(['cp', 'cli-cp:/tmp/a.txt', '-']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout.startsWith('a.txt')).toBe(true);
    expect(out.stdout).toContain('alpha\n');
    const input = await berthProcess(['cp', '-', 'cli-cp:/tmp'], { input: await tarText({ 'piped.txt': 'from stdin\n' }) });
    expect(input.code, input.stderr).toBe(0);
    expect(await ok(['exec', 'cli-cp', 'cat', '/tmp/piped.txt'])).toBe('from stdin\n');
  }, 60_000);

  it('copies into and out of a stopped container', async () => {
    await ok(['run', '--name', 'cli-cp-stopped', '--network', 'none', 'busybox', 'true']);
    writeFileSync(join(local, 'late.txt'), 'while stopped\n');
    await ok(['cp', join(local, 'late.txt'), 'cli-cp-stopped:/late.txt']);
    await ok(['cp', 'cli-cp-stopped:/late.txt', join(local, 'late-back.txt')]);
    expect(readFileSync(join(local, 'late-back.txt'), 'utf8')).toBe('while stopped\n');
  }, 60_000);

  it('names what is missing, and refuses two local sides', async () => {
    const missing = await berth(['cp', 'cli-cp:/no/such', join(local, 'x')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('PATH_NOT_FOUND');
    const ghost = await berth(['cp', join(local, 'a.txt'), 'ghost-container:/tmp']);
    expect(ghost.stderr).toContain('CONTAINER_NOT_FOUND');
    const both = await berth(['cp', join(local, 'a.txt'), join(local, 'b.txt')]);
    expect(both.stderr).toContain('INVALID_ARGUMENT');
  }, 30_000);
});
