/**
 * The time axis of the live charts. Kept apart from the chart component so the range and
 * labels are plain functions a spec can pin down without a canvas.
 */

/**
 * The x range for a chart that shows at most `windowSeconds`: it starts at the first reading
 * and grows to the right until the window is full, then slides with the newest reading. A
 * fixed window ending at the newest reading would leave a fresh chart empty but for a sliver
 * at its right edge.
 */
export function followingRange(first: number | null, last: number | null, windowSeconds: number | undefined): [number, number] {
  // uPlot passes null (or a non-finite bound) while a chart has no readings yet.
  if (first === null || last === null || !Number.isFinite(first) || !Number.isFinite(last)) {
    const now = Date.now() / 1000;
    return [now - (windowSeconds ?? 60), now];
  }
  if (!windowSeconds) return first === last ? [first - 1, last + 1] : [first, last];
  const start = Math.max(first, last - windowSeconds);
  return [start, start + windowSeconds];
}

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * HH:MM:SS in local time. One short line per tick: the default two-line date labels of a
 * time axis are wider than the gap between ticks on a chart this size and overlap.
 */
export function clockTime(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
