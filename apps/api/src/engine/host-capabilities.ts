import { HttpStatus } from '@nestjs/common';
import { findExecutable } from './runtime-adapter.js';
import type { HostCapability, HostTool } from '@berth/runtime/model';
import { ProblemException } from '../http/problem.js';

/** The problem code of each capability a request can be refused for. */
const UNAVAILABLE_CODE: Record<string, string> = {
  'bridge-networking': 'NETWORKING_UNAVAILABLE',
};

/** What each capability gives, for the message that refuses a request needing it. */
const PURPOSE: Record<string, string> = {
  'bridge-networking': 'bridge networks and published ports',
};

/**
 * What this host can do, found once at start from the tools the parts spawn (their
 * host-tools.json lists): a capability is off when one of its non-optional tools is not
 * installed. The server starts either way; requests that need a capability that is off are
 * refused before anything is made, naming the install command. Installing the tools takes
 * effect at the next start (the startup reconcile builds what was skipped).
 */
export class HostCapabilities {
  private readonly byName: Map<string, HostCapability>;

  constructor(tools: readonly HostTool[], isInstalled: (tool: HostTool) => boolean = (tool) => onPath(tool)) {
    const missing = new Map<string, Set<string>>();
    const packages = new Map<string, Set<string>>();
    for (const tool of tools) {
      for (const name of tool.capabilities) {
        if (!missing.has(name)) missing.set(name, new Set());
        if (!packages.has(name)) packages.set(name, new Set());
        if (tool.optional || isInstalled(tool)) continue;
        missing.get(name)!.add(tool.tool);
        packages.get(name)!.add(tool.package);
      }
    }
    this.byName = new Map(
      [...missing].map(([name, tools]) => {
        const capability: HostCapability = { name, available: tools.size === 0, missingTools: [...tools] };
        if (tools.size > 0) capability.install = `apt-get install ${[...packages.get(name)!].join(' ')}`;
        return [name, capability];
      }),
    );
  }

  list(): HostCapability[] {
    return [...this.byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  available(name: string): boolean {
    return this.byName.get(name)?.available ?? false;
  }

  /** Refuses with 409 and the capability's stable code when it is off; changes nothing. */
  require(name: string, what: string): void {
    const capability = this.byName.get(name);
    if (!capability || capability.available) return;
    throw new ProblemException(
      HttpStatus.CONFLICT,
      UNAVAILABLE_CODE[name] ?? 'CAPABILITY_UNAVAILABLE',
      `${what} needs ${PURPOSE[name] ?? name}, which this host cannot provide: ${capability.missingTools.join(', ')} not installed. ` +
        `Install with \`${capability.install}\` and restart Berth, or use network "none" or "host"`,
    );
  }

  /** Why a capability is off, for logs; undefined when it is on. */
  describeMissing(name: string): string | undefined {
    const capability = this.byName.get(name);
    if (!capability || capability.available) return undefined;
    return `${name} is off: ${capability.missingTools.join(', ')} not installed (${capability.install})`;
  }
}

/** Found as the kernel's execvp would: an executable file in a PATH directory, or at its fixed path. */
export function onPath(tool: Pick<HostTool, 'tool' | 'path'>, path = process.env['PATH'] ?? ''): boolean {
  return findExecutable(tool.path ?? tool.tool, path) !== undefined;
}
