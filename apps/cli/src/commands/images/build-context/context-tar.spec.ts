import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IgnoreMatcher } from '@berth/images';
import { afterAll, describe, expect, it } from 'vitest';
import { collectContext } from './context-files.js';
import { tarStream } from './tar-writer.js';

const rules = (text: string) => IgnoreMatcher.fromText(text);
const scratch = mkdtempSync(join(tmpdir(), 'berth-context-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The archive as bytes, then listed and read back by GNU tar: the real reader, not our own. */
async function tarOf(context: Awaited<ReturnType<typeof collectContext>>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of tarStream(context.entries)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function list(archive: Buffer): string[] {
  return execFileSync('tar', ['-tf', '-'], { input: archive }).toString().trim().split('\n');
}

describe('build context', () => {
  it('honours .dockerignore (with ! re-includes) but always sends the Dockerfile and .dockerignore', async () => {
    const dir = mkdtempSync(join(scratch, 'context-'));
    mkdirSync(join(dir, 'logs', 'keep'), { recursive: true });
    mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox\n');
    writeFileSync(join(dir, '.dockerignore'), 'Dockerfile\n.dockerignore\nnode_modules\nlogs/**\n!logs/keep/important.log\n*.secret\n');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)\n');
    writeFileSync(join(dir, 'token.secret'), 'x');
    writeFileSync(join(dir, 'node_modules', 'x', 'index.js'), '');
    writeFileSync(join(dir, 'logs', 'a.log'), '');
    writeFileSync(join(dir, 'logs', 'keep', 'important.log'), 'keep me');
    symlinkSync('app.js', join(dir, 'link.js'));

    const context = await collectContext(dir, undefined, rules);
    expect(context.dockerfile).toBe('Dockerfile');
    // `logs/**` hides what is under logs/, not logs/ itself (as in docker).
    expect(list(await tarOf(context)).sort()).toEqual(['.dockerignore', 'Dockerfile', 'app.js', 'link.js', 'logs/', 'logs/keep/important.log']);
    const archive = await tarOf(context);
    expect(execFileSync('tar', ['-xOf', '-', 'logs/keep/important.log'], { input: archive }).toString()).toBe('keep me');
    expect(execFileSync('tar', ['-tvf', '-', 'link.js'], { input: archive }).toString()).toContain('link.js -> app.js');
  });

  it('adds a Dockerfile from outside the context under a name of its own', async () => {
    const dir = mkdtempSync(join(scratch, 'context-'));
    const outside = join(mkdtempSync(join(scratch, 'dockerfile-')), 'Build.Dockerfile');
    writeFileSync(outside, 'FROM busybox\nRUN true\n');
    const context = await collectContext(dir, outside, rules);
    expect(context.dockerfile).toMatch(/^\.dockerfile\.[0-9a-f]{20}$/);
    expect(execFileSync('tar', ['-xOf', '-', context.dockerfile], { input: await tarOf(context) }).toString()).toBe('FROM busybox\nRUN true\n');
  });

  it('writes names longer than ustar holds as PAX records that tar reads back', async () => {
    const dir = mkdtempSync(join(scratch, 'context-'));
    const deep = join(dir, 'a'.repeat(60), 'b'.repeat(60));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox\n');
    writeFileSync(join(deep, `${'c'.repeat(90)}.txt`), 'deep');
    const names = list(await tarOf(await collectContext(dir, undefined, rules)));
    expect(names).toContain(`${'a'.repeat(60)}/${'b'.repeat(60)}/${'c'.repeat(90)}.txt`);
  });

  it('fails the archive when a file does not hold the size its header announced', async () => {
    const entry = (content: string, size: number) => ({
      name: 'grown.txt',
      type: 'file' as const,
      mode: 0o644,
      mtime: new Date(0),
      size,
      content: async function* () {
        yield new TextEncoder().encode(content);
      },
    });
    const read = async (size: number) => {
      for await (const _ of tarStream([entry('twelve bytes', size)]));
    };
    await expect(read(4)).rejects.toThrow('grown.txt changed while it was being sent (more than 4 bytes)');
    await expect(read(20)).rejects.toThrow('grown.txt changed while it was being sent (12 bytes instead of 20)');
  });

  it('streams a file larger than the buffers through, byte for byte', async () => {
    const dir = mkdtempSync(join(scratch, 'context-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox\n');
    const content = Buffer.alloc(3 * 1024 * 1024 + 7, 'berth');
    writeFileSync(join(dir, 'large.bin'), content);
    const archive = await tarOf(await collectContext(dir, undefined, rules));
    expect(execFileSync('tar', ['-xOf', '-', 'large.bin'], { input: archive, maxBuffer: 8 * 1024 * 1024 }).equals(content)).toBe(true);
  });

  it('stops reading the files when the reader stops taking the archive', async () => {
    let chunksRead = 0;
    const chunk = new Uint8Array(64 * 1024);
    const large = {
      name: 'large.bin',
      type: 'file' as const,
      mode: 0o644,
      mtime: new Date(0),
      size: 1024 * chunk.length,
      content: async function* () {
        for (let i = 0; i < 1024; i++, chunksRead++) yield chunk;
      },
    };
    let taken = 0;
    for await (const _ of tarStream([large])) if (++taken === 3) break;
    // Back-pressure: the writer ran at most a buffer's worth ahead of the reader, and then stopped.
    expect(chunksRead).toBeLessThan(64);
  });

  it('says which directory is missing or has no Dockerfile', async () => {
    await expect(collectContext('/nonexistent/context', undefined, rules)).rejects.toMatchObject({ code: 'CONTEXT_NOT_FOUND' });
    await expect(collectContext(mkdtempSync(join(scratch, 'context-')), undefined, rules)).rejects.toMatchObject({ code: 'DOCKERFILE_NOT_FOUND' });
  });
});
