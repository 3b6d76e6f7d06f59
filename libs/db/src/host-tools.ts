import list from './host-tools.json' with { type: 'json' };

/** The host programs the embedded PostgreSQL needs (see host-tools.json; same shape as the runtime's HostTool). */
export const DB_HOST_TOOLS: readonly { tool: string; package: string; capabilities: string[]; why: string; optional?: boolean }[] = list.tools;
