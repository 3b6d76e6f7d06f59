/**
 * A host program a part of Berth spawns, as the parts' `host-tools.json` lists describe it:
 * which Debian package provides it and which capabilities stop working without it. The lists
 * are the one place a new tool is written down; the bootstrap installs from them and the API
 * reports from them.
 */
export interface HostTool {
  /** The program's name as spawned (found on PATH unless `path` is given). */
  tool: string;
  /** The Debian package that provides it. */
  package: string;
  /** Stable names of what needs it (`bridge-networking`, `seed-image` …). */
  capabilities: string[];
  /** What it is used for, for people. */
  why: string;
  /** Never installed automatically: something else stands in when it is missing. */
  optional?: boolean;
  /** Spawned by this absolute path rather than looked up on PATH. */
  path?: string;
  /** The identifier the code spawns it through, when its name is not a literal at the call. */
  via?: string;
}

/** A capability of this host as the server found it: off when one of its tools is missing. */
export interface HostCapability {
  name: string;
  available: boolean;
  /** Tools it needs that are not installed. */
  missingTools: string[];
  /** The command that installs them, when some are missing. */
  install?: string;
}
