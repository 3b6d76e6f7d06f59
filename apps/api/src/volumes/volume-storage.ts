import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { isValidVolumeName } from '@berth/contracts';
import { EngineService } from '../engine/engine.service.js';
import { directorySize, type DirSize } from '../util/dir-size.js';

/** Containers may run as remapped (unprivileged) host users: they must traverse and read the directories. */
const VOLUME_DIR_MODE = 0o755;

/**
 * The local driver's directories: `<volumes>/<teamId>/<name>/_data`, as Docker keeps
 * `/var/lib/docker/volumes/<name>/_data`. The data sits one level down so that the volume's
 * own directory can hold driver state later without it showing inside containers.
 */
@Injectable()
export class VolumeStorage {
  constructor(private readonly engine: EngineService) {}

  mountpoint(teamId: string, name: string): string {
    return join(this.directory(teamId, name), '_data');
  }

  /** Makes the directories (keeping data already there) and returns the mountpoint. */
  async create(teamId: string, name: string): Promise<string> {
    const teamDir = join(this.engine.paths.volumes, teamId);
    const mountpoint = this.mountpoint(teamId, name);
    await mkdir(mountpoint, { recursive: true, mode: VOLUME_DIR_MODE });
    // mkdir's mode is reduced by the umask; the modes must be exactly these.
    for (const dir of [teamDir, this.directory(teamId, name), mountpoint]) await chmod(dir, VOLUME_DIR_MODE);
    return mountpoint;
  }

  /** Removes the volume's directory and everything in it; a missing one is fine. */
  async remove(teamId: string, name: string): Promise<void> {
    await rm(this.directory(teamId, name), { recursive: true, force: true });
  }

  size(teamId: string, name: string): Promise<DirSize> {
    return directorySize(this.mountpoint(teamId, name));
  }

  private directory(teamId: string, name: string): string {
    // Callers check names for the client's sake; this guards the disk against a caller that did not.
    if (!isValidVolumeName(name) || !/^[0-9a-f-]{36}$/.test(teamId)) throw new Error(`refusing a volume path for team ${teamId}, name ${name}`);
    return join(this.engine.paths.volumes, teamId, name);
  }
}
