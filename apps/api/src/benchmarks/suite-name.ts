/** What a suite name looks like (`start`, `api-load`): checked at the edge, before it reaches a command line. */
export const SUITE_NAME = /^[a-z][a-z0-9-]{0,39}$/;
