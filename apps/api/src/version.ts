import { readFileSync } from 'node:fs';

// Read from this app's package.json (same depth from src/ and dist/) so a release bump is one edit.
export const BERTH_VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
