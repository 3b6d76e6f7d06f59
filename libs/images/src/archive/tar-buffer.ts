import { pack, type Header } from 'tar-stream';

export type TarEntry = Partial<Header> & { name: string; content?: string | Buffer };

/**
 * A whole tar archive in memory, for small layers (seed images) and tests. The archive is
 * read while entries are written: the packer holds an entry's callback until its bytes are
 * consumed.
 */
export async function tarBuffer(entries: TarEntry[]): Promise<Buffer> {
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
