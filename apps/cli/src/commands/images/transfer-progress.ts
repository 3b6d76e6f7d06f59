import type { ImageTransferProgress } from '@berth/contracts';
import { formatBytes } from '@berth/runtime/model';
import { shortId } from '../../output/short-id.js';

const BAR_WIDTH = 30;
/** Redraws at most this often: a fast transfer sends far more events than a terminal needs. */
const REDRAW_MS = 100;

export interface TransferWords {
  /** While it moves: `Downloading`, `Pushing`. */
  active: string;
  /** Once it moved: `Pull complete`, `Pushed`. */
  finished: string;
  /** When there was nothing to move: `Already exists`, `Layer already exists`. */
  skipped: string;
}

/**
 * Progress of a pull or push, one line per blob. On a terminal the lines are bars redrawn in
 * place; otherwise (a log, a CI job) each blob gets a plain line when it starts and when it
 * ends, so the output stays readable and short.
 */
export class TransferProgressView {
  private readonly blobs = new Map<string, ImageTransferProgress>();
  private drawnLines = 0;
  private lastDraw = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly tty: boolean,
    private readonly words: TransferWords,
  ) {}

  update(progress: ImageTransferProgress): void {
    const before = this.blobs.get(progress.digest);
    this.blobs.set(progress.digest, progress);
    if (this.tty) return this.redraw(progress.done);
    if (!before && !progress.done) this.write(`${shortId(progress.digest)}: ${this.words.active} ${formatBytes(progress.total)}\n`);
    if (progress.done && !before?.done) this.write(`${this.line(progress)}\n`);
  }

  /** The final state of every line (a throttled terminal may not have shown it). */
  finish(): void {
    if (this.tty) this.redraw(true);
  }

  private redraw(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    // Cursor up over the lines drawn last time, then each line cleared and written again.
    const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}A` : '';
    this.write(up + [...this.blobs.values()].map((progress) => `\x1b[2K${this.line(progress)}\n`).join(''));
    this.drawnLines = this.blobs.size;
  }

  private line(progress: ImageTransferProgress): string {
    const name = shortId(progress.digest);
    if (progress.skipped) return `${name}: ${this.words.skipped}`;
    if (progress.done) return `${name}: ${this.words.finished} ${formatBytes(progress.total)}`;
    const filled = progress.total > 0 ? Math.min(BAR_WIDTH, Math.floor((progress.bytes / progress.total) * BAR_WIDTH)) : 0;
    const bar = `${'='.repeat(filled)}${filled < BAR_WIDTH ? '>' : ''}${' '.repeat(Math.max(0, BAR_WIDTH - filled - 1))}`;
    return `${name}: ${this.words.active} [${bar}] ${formatBytes(progress.bytes)}/${formatBytes(progress.total)}`;
  }
}
