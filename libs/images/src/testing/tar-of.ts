import { pack, type Header } from 'tar-stream';

export type TarEntry = Partial<Header> & { name: string; content?: string | Buffer };

/**
 * Test helper: a tar archive built in memory with tar-stream's packer. The archive is read
 * while entries are written, because the packer holds an entry's callback until its bytes
 * have been consumed.
 */
export async function tarOf(entries: TarEntry[]): Promise<Buffer> {
  const archive = pack();
  const collected = (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of archive) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  })();
  for (const { content, ...header } of entries) {
    await new Promise<void>((resolve, reject) =>
      archive.entry({ mode: 0o644, ...header } as Header, content ?? '', (error) => (error ? reject(error) : resolve())),
    );
  }
  archive.finalize();
  return collected;
}
