import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { Digest } from '@berth/images';
import { EngineService } from '../engine/engine.service.js';
import { ImagesRepository } from './images.repository.js';

/**
 * The snapshot directories containers need, for garbage collection to leave alone. Two
 * sources, because either alone misses some: the catalogue knows which image every
 * container row was created from, and the runtime's state root knows every container that
 * exists on this host — build containers and ones whose row is not written yet included —
 * through the overlay its launch plan mounts (libs/runtime/native/PLAN.md).
 */
@Injectable()
export class SnapshotsInUse {
  constructor(
    private readonly engine: EngineService,
    private readonly repository: ImagesRepository,
  ) {}

  async collect(): Promise<Set<string>> {
    const dirs = new Set<string>();
    for (const chainId of await this.repository.chainIdsUsedByContainers()) dirs.add(this.engine.images.snapshots.path(chainId as Digest));
    for (const dir of await this.fromLaunchPlans()) dirs.add(dir);
    return dirs;
  }

  private async fromLaunchPlans(): Promise<string[]> {
    // The runtime's state root: one directory per container, each with its launch plan.
    const root = this.engine.paths.containers;
    const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
    const dirs: string[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const plan = await readFile(join(root, entry.name, 'plan'), 'utf8').catch(() => '');
      // `overlay <TAB> top:…:bottom <TAB> upper <TAB> work`; fields escape only \\, \t and \n.
      const line = plan.split('\n').find((text) => text.startsWith('overlay\t'));
      if (line)
        dirs.push(
          ...unescapeField(line.split('\t')[1] ?? '')
            .split(':')
            .filter(Boolean),
        );
    }
    return dirs;
  }
}

function unescapeField(field: string): string {
  return field.replace(/\\([\\tn])/g, (_, code: string) => (code === 't' ? '\t' : code === 'n' ? '\n' : '\\'));
}
