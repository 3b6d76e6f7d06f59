import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { defineVolumeCreate } from './volume-create.js';
import { defineVolumeInspect } from './volume-inspect.js';
import { defineVolumeLs } from './volume-ls.js';
import { defineVolumePrune } from './volume-prune.js';
import { defineVolumeRm } from './volume-rm.js';

/** `volume create|ls|inspect|rm|prune`. */
export function registerVolume(program: Command, context: CliContext): void {
  const volume = program.command('volume').description('manage named volumes');
  defineVolumeCreate(volume, context);
  defineVolumeLs(volume, context);
  defineVolumeInspect(volume, context);
  defineVolumeRm(volume, context);
  defineVolumePrune(volume, context);
}
