/** Where each part of the HTTP interface lives; the console and the CLI build URLs from these. */
export const API_PREFIX = '/api/v1';
export const API_DOCS_PATH = '/api/docs';
export const HEALTH_PATH = '/healthz';
export const READY_PATH = '/readyz';
