import list from './host-tools.json' with { type: 'json' };
import type { HostTool } from './model/host-tool.js';

/** The host programs the runtime spawns (see host-tools.json, which says who reads it). */
export const RUNTIME_HOST_TOOLS: readonly HostTool[] = list.tools;

/** The Debian package of a tool the runtime spawns, for "install it with …" messages. */
export function packageOfTool(tool: string): string | undefined {
  return RUNTIME_HOST_TOOLS.find((entry) => entry.tool === tool)?.package;
}
