import type { BuildImageQuery, BuildImageResponse } from '@berth/contracts';
import { IgnoreMatcher } from '@berth/images';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError } from '../../cli-error.js';
import { keyValues } from '../../options/key-values.js';
import { repeatable } from '../../options/repeatable.js';
import { shortId } from '../../output/short-id.js';
import { act } from '../act.js';
import { envFlags } from '../containers/create-flags/env-flag.js';
import { collectContext } from './build-context/context-files.js';
import { contextBody } from './build-context/context-tar.js';

interface BuildFlags {
  tag: string;
  file?: string;
  buildArg?: string[];
  label?: string[];
  target?: string;
  /** false with --no-cache. */
  cache: boolean;
  quiet?: boolean;
}

/** `build` and `image build`: tar the context here (honouring .dockerignore), build on the server, stream its log. */
export function defineBuild(parent: Command, name: string, context: CliContext): Command {
  return parent
    .command(name)
    .description('build an image from a Dockerfile and a context directory')
    .argument('<context>', 'the directory whose files COPY and ADD see')
    .requiredOption('-t, --tag <name>', 'name the image (app:1)')
    .option('-f, --file <path>', 'the Dockerfile (default <context>/Dockerfile)')
    .option('--build-arg <KEY=value>', 'set a build argument (KEY alone: its value here); repeatable', repeatable)
    .option('-l, --label <KEY=value>', 'set a label on the image; repeatable', repeatable)
    .option('--target <stage>', 'build up to this stage')
    .option('--no-cache', 'run every step again')
    .option('-q, --quiet', 'print only the image id')
    .action(act(context, (dir: string, flags: BuildFlags) => build(context, dir, flags)));
}

async function build(context: CliContext, dir: string, flags: BuildFlags): Promise<void> {
  // .dockerignore is read with the images library's rules, the same the server's builder uses.
  const files = await collectContext(dir, flags.file, (text) => IgnoreMatcher.fromText(text));
  const query: BuildImageQuery = { tag: flags.tag, dockerfile: files.dockerfile, target: flags.target, noCache: flags.cache ? undefined : true };
  const buildArgs = Object.fromEntries(
    envFlags(flags.buildArg, context.env).map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
  if (Object.keys(buildArgs).length > 0) query.buildArgs = JSON.stringify(buildArgs);
  if (flags.label?.length) query.labels = JSON.stringify(keyValues('--label', flags.label, { allowBareKey: true }));
  const upload = contextBody(files.entries);
  let result: BuildImageResponse | undefined;
  try {
    for await (const event of context.client().images.buildStream(query, upload.body)) {
      // The log has a line per step already (`#2/3 [stage 0] RUN …`), so step events add nothing here.
      if (event.event === 'log' && !flags.quiet) context.out(`${event.data.line}\n`);
      if (event.event === 'done') result = event.data;
    }
  } catch (error) {
    const failure = upload.failure();
    if (failure) throw new CliError('CONTEXT_UNREADABLE', `${failure.message}; the build context could not be sent`);
    throw error;
  }
  if (flags.quiet) return context.out(`${result!.id}\n`);
  context.out(`Successfully built ${shortId(result!.id)}\nSuccessfully tagged ${result!.reference}\n`);
}
