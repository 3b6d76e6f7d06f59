import type { BerthConfig } from './config/berth-config.js';

/** What main.ts established before Nest starts: configuration and a migrated database. */
export interface AppContext {
  config: BerthConfig;
  database: {
    url: string;
    mode: 'embedded' | 'external';
    /** Told every SQL statement sent (tests count what a request costs); unset in production. */
    onQuery?: (sql: string) => void;
  };
}

export const APP_CONTEXT = Symbol('APP_CONTEXT');
