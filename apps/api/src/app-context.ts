import type { BerthConfig } from './config/berth-config.js';

/** What main.ts established before Nest starts: configuration and a migrated database. */
export interface AppContext {
  config: BerthConfig;
  database: { url: string; mode: 'embedded' | 'external' };
}

export const APP_CONTEXT = Symbol('APP_CONTEXT');
