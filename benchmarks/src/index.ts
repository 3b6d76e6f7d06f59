export { percentile, ratio, summarize, type Summary } from './stats/summary.js';
