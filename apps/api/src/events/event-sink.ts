import type { BerthEvent } from '@berth/contracts';

/** Where a followed event feed goes; the SSE response is one, a Docker-compatible JSON stream could be another. */
export interface EventSink {
  readonly closed: boolean;
  /** Resolves once the transport can take more (replay waits on it; live events do not). */
  send(event: BerthEvent): Promise<void>;
  /** A message that is not an event, such as the truncated-replay notice. */
  notice(name: string, data: unknown): void;
  /** Ends the feed; `reason` is told to the client when the transport can. Idempotent. */
  end(reason?: string): void;
  /** Called once, when the feed ends for any reason (the client went away, end(), shutdown). */
  onClose(listener: () => void): void;
}
