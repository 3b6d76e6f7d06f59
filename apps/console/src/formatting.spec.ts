import { describe, expect, it } from 'vitest';
import { formatSize, formatTime, shortId } from './formatting';

describe('formatting', () => {
  it('shortens ids and digests the way docker shows them', () => {
    expect(shortId('sha256:0123456789abcdef0123')).toBe('0123456789ab');
    expect(shortId('fedcba9876543210')).toBe('fedcba987654');
  });

  it('shows a dash for a missing time and the text of an unparsable one', () => {
    expect(formatTime(null)).toBe('—');
    expect(formatTime('soon')).toBe('soon');
    expect(formatTime('2026-01-01T00:00:00Z')).not.toBe('—');
  });

  it('formats sizes in binary units, never negative', () => {
    expect(formatSize(64 * 1024 * 1024)).toBe('64MiB');
    expect(formatSize(-5)).toBe('0B');
  });
});
