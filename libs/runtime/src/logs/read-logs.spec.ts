import { mkdtemp, rename, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLogs } from './read-logs.js';

const record = (text: string, stream = 'stdout') => `${JSON.stringify({ time: '2026-01-01T00:00:00Z', stream, log: `${text}\n` })}\n`;

async function collect(iterable: AsyncIterable<{ log: string }>): Promise<string[]> {
  const lines: string[] = [];
  for await (const item of iterable) lines.push(item.log.trim());
  return lines;
}

describe('readLogs', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-logs-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads rotated files oldest first, then container.log', async () => {
    await writeFile(join(dir, 'container.log.2'), record('a') + record('b'));
    await writeFile(join(dir, 'container.log.1'), record('c'));
    await writeFile(join(dir, 'container.log'), record('d', 'stderr'));
    await writeFile(join(dir, 'container.log.10'), record('oldest'));
    expect(await collect(readLogs(dir))).toEqual(['oldest', 'a', 'b', 'c', 'd']);
  });

  it('returns nothing for a container without logs', async () => {
    expect(await collect(readLogs(dir))).toEqual([]);
  });

  it('follows appends and a rotation, and stops after exit.json', async () => {
    await writeFile(join(dir, 'container.log'), record('1'));
    const result = collect(readLogs(dir, { follow: true, pollMs: 5 }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await appendFile(join(dir, 'container.log'), record('2'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    // What the shim does: rename, then start a new file.
    await rename(join(dir, 'container.log'), join(dir, 'container.log.1'));
    await writeFile(join(dir, 'container.log'), record('3'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await appendFile(join(dir, 'container.log'), record('4'));
    await writeFile(join(dir, 'exit.json'), '{}');
    expect(await result).toEqual(['1', '2', '3', '4']);
  });

  it('reports a corrupt record with its file', async () => {
    await writeFile(join(dir, 'container.log'), 'not json\n');
    await expect(collect(readLogs(dir))).rejects.toMatchObject({ code: 'LOG_CORRUPT', message: expect.stringContaining('container.log') });
  });
});
