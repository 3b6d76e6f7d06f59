import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { defineBuild } from './build.js';
import { defineImageHistory } from './image-history.js';
import { defineImageInspect } from './image-inspect.js';
import { defineImageLs } from './image-ls.js';
import { defineImagePrune } from './image-prune.js';
import { defineImageRm } from './image-rm.js';
import { defineImageTag } from './image-tag.js';
import { defineLoad } from './load.js';
import { definePull } from './pull.js';
import { definePush } from './push.js';
import { defineSave } from './save.js';

/**
 * The image commands, twice as docker has them: `image ls|inspect|rm|prune|tag|history|pull|
 * push|build|load|save`, and the short forms `images`, `rmi`, `tag`, `history`, `pull`,
 * `push`, `build`, `load`, `save`.
 */
export function registerImages(program: Command, context: CliContext): void {
  const image = program.command('image').description('manage images');
  defineImageLs(image, 'ls', context).alias('list');
  defineImageInspect(image, context);
  defineImageRm(image, 'rm', context).alias('remove');
  defineImagePrune(image, context);
  defineImageTag(image, 'tag', context);
  defineImageHistory(image, 'history', context);
  definePull(image, 'pull', context);
  definePush(image, 'push', context);
  defineBuild(image, 'build', context);
  defineLoad(image, 'load', context);
  defineSave(image, 'save', context);

  defineImageLs(program, 'images', context);
  defineImageRm(program, 'rmi', context);
  defineImageTag(program, 'tag', context);
  defineImageHistory(program, 'history', context);
  definePull(program, 'pull', context);
  definePush(program, 'push', context);
  defineBuild(program, 'build', context);
  defineLoad(program, 'load', context);
  defineSave(program, 'save', context);
}
