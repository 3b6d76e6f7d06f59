// The host programs each part of Berth spawns, read from the lists that sit next to the code
// that spawns them (`<part>/src/host-tools.json`). Plain Node with no dependencies: the
// bootstrap reads them before anything is installed or built.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './ensure-install.mjs';

/** Where each part keeps its list, relative to the workspace. */
export const HOST_TOOL_LISTS = {
  runtime: 'libs/runtime/src/host-tools.json',
  images: 'libs/images/src/host-tools.json',
  db: 'libs/db/src/host-tools.json',
  benchmarks: 'benchmarks/src/host-tools.json',
};

/** The parts the server (`npm start`, the Docker image) runs. */
export const SERVER_PARTS = ['runtime', 'images', 'db'];

export function hostTools(part) {
  return JSON.parse(readFileSync(join(WORKSPACE_ROOT, HOST_TOOL_LISTS[part]), 'utf8')).tools;
}

/** Debian packages that provide the non-optional tools of these parts, each once. */
export function packagesOf(parts) {
  const tools = parts.flatMap((part) => hostTools(part)).filter((tool) => !tool.optional);
  return [...new Set(tools.map((tool) => tool.package))];
}
