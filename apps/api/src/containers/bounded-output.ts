/**
 * One output stream of an exec answered over REST: keeps the first `limit` bytes and counts the
 * rest, so a command that prints gigabytes costs the API a constant amount of memory and still
 * gets an answer (with `truncated`) instead of a failure.
 */
export class BoundedOutput {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private total = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    const room = this.limit - this.kept;
    if (room <= 0) return;
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    // A copy when cut: a view would pin the whole chunk the stream handed us.
    this.chunks.push(part === chunk ? chunk : Buffer.from(part));
    this.kept += part.length;
  }

  /** What was kept, as UTF-8 (a character cut at the limit becomes U+FFFD). */
  text(): string {
    return Buffer.concat(this.chunks, this.kept).toString('utf8');
  }

  get truncated(): boolean {
    return this.total > this.kept;
  }

  /** Every byte the command wrote to the stream, kept or not. */
  get totalBytes(): number {
    return this.total;
  }
}
