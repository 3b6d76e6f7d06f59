import { formatBytes } from '@berth/runtime/model';

/** The first 12 hex digits, as `docker ps` shows ids; a `sha256:` prefix is dropped. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** A timestamp in the reader's locale; a dash for none. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** Sizes in the binary units container limits use. */
export function formatSize(bytes: number): string {
  return formatBytes(Math.max(0, Math.round(bytes)));
}
