/** Maps milliseconds to x pixels, with the tick values worth labelling. */
export interface Scale {
  kind: 'linear' | 'log';
  x(value: number): number;
  ticks: number[];
}

/**
 * A linear axis from 0 when the values are of one order of magnitude; a logarithmic one when
 * they span more than 20×, as a suite that has a 5 ms container start beside a 4 s emulated
 * VM boot does, where a linear axis would flatten every container into the left edge.
 */
export function chooseScale(values: readonly number[], left: number, right: number): Scale {
  const positive = values.filter((value) => value > 0);
  if (positive.length === 0) return linearScale(1, left, right);
  const low = Math.min(...positive);
  const high = Math.max(...positive);
  return high / low > 20 ? logScale(low, high, left, right) : linearScale(high, left, right);
}

function linearScale(high: number, left: number, right: number): Scale {
  const step = niceStep(high / 5);
  const top = Math.ceil(high / step) * step || step;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, index) => index * step);
  return { kind: 'linear', x: (value) => left + ((right - left) * value) / top, ticks };
}

function logScale(low: number, high: number, left: number, right: number): Scale {
  const from = Math.floor(Math.log10(low));
  const to = Math.ceil(Math.log10(high));
  const ticks: number[] = [];
  for (let exponent = from; exponent <= to; exponent++) {
    for (const mantissa of [1, 2, 5]) {
      const tick = mantissa * 10 ** exponent;
      if (tick >= 10 ** from && tick <= 10 ** to) ticks.push(tick);
    }
  }
  const span = to - from || 1;
  return { kind: 'log', x: (value) => left + ((right - left) * (Math.log10(Math.max(value, 10 ** from)) - from)) / span, ticks };
}

/** 1, 2 or 5 times a power of ten: tick steps a reader can add up. */
function niceStep(rough: number): number {
  if (rough <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/** Tick labels without trailing zeros: 0.5, 20, 1000. */
export function formatTick(value: number): string {
  return value >= 1 ? String(Math.round(value)) : String(Number(value.toPrecision(2)));
}
