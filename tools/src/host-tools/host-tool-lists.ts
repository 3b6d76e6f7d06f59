import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One entry of a part's host-tools.json (the runtime's HostTool, plus a benchmark peer's facts). */
export interface HostToolEntry {
  tool: string;
  package: string;
  capabilities: string[];
  optional?: boolean;
  via?: string;
  peer?: { name: string; versionArgs: string[] };
}

/** Each part's list and its sources; the server's parts are what npm start and the image install for. */
export const HOST_TOOL_PARTS = [
  { part: 'runtime', server: true, sources: 'libs/runtime/src', list: 'libs/runtime/src/host-tools.json' },
  { part: 'images', server: true, sources: 'libs/images/src', list: 'libs/images/src/host-tools.json' },
  { part: 'db', server: true, sources: 'libs/db/src', list: 'libs/db/src/host-tools.json' },
  { part: 'benchmarks', server: false, sources: 'benchmarks/src', list: 'benchmarks/src/host-tools.json' },
] as const;

/** A path in the workspace. */
export const workspacePath = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

export function hostToolEntries(list: string): HostToolEntry[] {
  return (JSON.parse(readFileSync(workspacePath(list), 'utf8')) as { tools: HostToolEntry[] }).tools;
}

/** The Debian packages of the server's non-optional tools (what tools/bootstrap/host-packages.mjs installs for `server`). */
export function serverPackages(): string[] {
  const entries = HOST_TOOL_PARTS.filter((part) => part.server).flatMap((part) => hostToolEntries(part.list));
  return [...new Set(entries.filter((entry) => !entry.optional).map((entry) => entry.package))];
}
