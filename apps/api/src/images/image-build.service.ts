import { mkdir, mkdtemp, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { buildImage, parseDockerfile, unpackLayer, DEFAULT_UNPACK_LIMITS, type Dockerfile } from '@berth/images';
import type { BuildImageQuery, BuildImageResponse, BuildStepEvent } from '@berth/contracts';
import type { Request } from 'express';
import { EngineService } from '../engine/engine.service.js';
import { RuntimeAdapter } from '../engine/runtime-adapter.js';
import { EventsService } from '../events/events.service.js';
import { TeamQuotas } from '../quotas/team-quotas.service.js';
import { ProblemException } from '../http/problem.js';
import { asProblem, imageProblem } from './image-errors.js';
import { canonicalName, familiar, parseName } from './image-names.js';
import { ImageStoreLock } from './image-store-lock.js';
import { ImageStoreNames } from './image-store-names.js';
import { IMAGES_CONFIG, type ImagesConfig } from './images-config.js';
import { ImagesService } from './images.service.js';
import { uploadedTar } from './upload-body.js';

export interface BuildListener {
  /** Streamed callers got every line as it came: the answer then leaves the log out. */
  streaming: boolean;
  log: (line: string) => void;
  step: (step: BuildStepEvent) => void;
}

// A Dockerfile is text a person wrote; anything this large is not one.
const MAX_DOCKERFILE_BYTES = 1024 * 1024;
// The JSON answer carries the log; a build that prints without end must not exhaust memory.
const MAX_LOG_LINES = 10_000;
// The builder's step lines: `#3/7 [stage 0] RUN make`.
const STEP_LINE = /^#(\d+)\/(\d+) \[(.+?)\] (.*)$/;

/**
 * `docker build`: the context arrives as a tar body, is unpacked with the same hostile-input
 * rules as a layer, and is built by libs/images with RUN steps in real Berth containers of
 * this engine. Base images are the team's own: the builder resolves every FROM and COPY
 * --from image through the team's catalogue, once per build, and reads it by digest. Only a
 * successful build is catalogued.
 */
@Injectable()
export class ImageBuildService {
  constructor(
    private readonly engine: EngineService,
    private readonly runtime: RuntimeAdapter,
    private readonly images: ImagesService,
    private readonly names: ImageStoreNames,
    private readonly lock: ImageStoreLock,
    private readonly events: EventsService,
    @Inject(IMAGES_CONFIG) private readonly config: ImagesConfig,
    private readonly quotas: TeamQuotas,
  ) {}

  async build(teamId: string, build: BuildImageQuery, request: Request, listener: BuildListener): Promise<BuildImageResponse> {
    await this.quotas.requireImageRoom(teamId);
    if (parseName(build.tag).digest) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_REFERENCE', `tag ${build.tag} names a digest; use a name like app:1`);
    }
    const tag = canonicalName(build.tag);
    const dockerfile = contextPath(build.dockerfile ?? 'Dockerfile');
    const buildArgs = build.buildArgs !== undefined ? parseBuildArgs(build.buildArgs) : undefined;
    const labels = build.labels !== undefined ? parseLabels(build.labels) : undefined;
    const body = uploadedTar(request, this.config.maxUploadBytes, 'the build context');
    const log: string[] = [];
    const onLog = (line: string) => {
      if (log.length < MAX_LOG_LINES) log.push(line);
      else if (log.length === MAX_LOG_LINES) log.push('… (log truncated; stream the build with Accept: text/event-stream to see all of it)');
      listener.log(line);
      const step = STEP_LINE.exec(line);
      if (step) listener.step({ number: Number(step[1]), total: Number(step[2]), stage: step[3]!, instruction: step[4]! });
    };

    return this.lock.withShared(async () => {
      const work = await mkdtemp(join(this.engine.images.root, 'tmp', 'build-'));
      const before = this.names.current();
      try {
        const context = join(work, 'context');
        await mkdir(context, { mode: 0o755 });
        await asProblem('build', () => unpackLayer(body, context, DEFAULT_UNPACK_LIMITS));
        const text = await readDockerfile(context, dockerfile);
        const parsed = await asProblem('build', async () => parseDockerfile(text, { buildArgs }));
        // Our own copy, cut after the target stage: the builder then builds exactly up to it.
        const dockerfileCopy = join(work, 'Dockerfile');
        await writeFile(dockerfileCopy, build.target !== undefined ? upToStage(text, parsed, build.target) : text);
        const result = await buildImage({
          store: this.engine.images,
          runtime: this.runtime.forImageBuilds,
          context,
          dockerfile: dockerfileCopy,
          tag,
          buildArgs,
          labels,
          noCache: build.noCache,
          onLog,
          tmpDir: join(this.engine.images.root, 'tmp'),
          pidsLimit: this.config.buildPidsLimit,
          stepTimeoutMs: this.config.buildStepTimeoutMs,
          // Every FROM and COPY --from image the builder decides to read is one of the team's,
          // found in its catalogue and read by digest: no store name (shared by every team) is consulted.
          resolveImage: async (reference) => this.images.storedByDigest((await this.images.find(teamId, reference)).digest),
        });
        const row = await this.images.catalogue(teamId, result.image);
        this.events.record({
          teamId,
          type: 'image',
          action: 'build',
          actorId: row.digest,
          attributes: { name: familiar(tag), cacheHits: result.cacheHits, runs: result.runs },
        });
        const answer = { id: row.digest, reference: familiar(tag), steps: result.steps, cacheHits: result.cacheHits, runs: result.runs };
        return listener.streaming ? answer : { ...answer, log };
      } catch (error) {
        body.destroy();
        await this.names.syncChangedSince(before);
        throw withLogTail(imageProblem(error, 'build'), log);
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    });
  }
}

/** `{"VERSION":"1.2"}`: a JSON object whose values are strings, keyed by ARG names. */
function parseBuildArgs(text: string): Record<string, string> {
  const invalid = (why: string) =>
    new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_BUILD_ARGS', `buildArgs ${why}; send a JSON object of strings, like {"VERSION":"1.2"}`);
  const args = parseStringMap(text, invalid);
  const badKey = Object.keys(args).find((key) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key));
  if (badKey !== undefined) throw invalid(`has ${JSON.stringify(badKey)}, which is not an ARG name`);
  return args;
}

/** `{"tier":"web"}`: what `docker build --label` sends; any non-empty key. */
function parseLabels(text: string): Record<string, string> {
  const invalid = (why: string) =>
    new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_LABELS', `labels ${why}; send a JSON object of strings, like {"tier":"web"}`);
  const labels = parseStringMap(text, invalid);
  if (Object.hasOwn(labels, '')) throw invalid('has an empty key');
  return labels;
}

function parseStringMap(text: string, invalid: (why: string) => Error): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('is not a JSON object');
  const nonString = Object.entries(value).find(([, entry]) => typeof entry !== 'string');
  if (nonString) throw invalid(`has a non-string value for ${nonString[0]}`);
  return value as Record<string, string>;
}

/** The Dockerfile's path inside the context: relative, and never climbing out of it. */
function contextPath(path: string): string {
  const normalized = normalize(path);
  if (isAbsolute(path) || normalized === '..' || normalized.startsWith(`..${sep}`) || path.includes('\0')) {
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'INVALID_DOCKERFILE',
      `dockerfile ${path} must be a path inside the build context, like Dockerfile or docker/app.Dockerfile`,
    );
  }
  return normalized;
}

/** Reads the Dockerfile, refusing one that is a symlink out of the context (to a host file). */
async function readDockerfile(context: string, path: string): Promise<string> {
  const missing = () => new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_DOCKERFILE', `the build context has no ${path}; send it in the context tar`);
  let real: string;
  try {
    real = await realpath(join(context, path));
  } catch {
    throw missing();
  }
  const root = await realpath(context);
  if (!real.startsWith(`${root}${sep}`)) {
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_DOCKERFILE', `${path} points outside the build context; refused`);
  }
  const info = await stat(real);
  if (!info.isFile()) throw missing();
  if (info.size > MAX_DOCKERFILE_BYTES)
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_DOCKERFILE', `${path} is larger than 1 MiB; is it a Dockerfile?`);
  return readFile(real, 'utf8');
}

/**
 * `--target`: the Dockerfile up to the end of the named (or numbered) stage. Later stages
 * can only depend on earlier ones, never the reverse, so dropping them changes nothing
 * about the target.
 */
function upToStage(text: string, dockerfile: Dockerfile, target: string): string {
  const wanted = target.toLowerCase();
  const index = dockerfile.stages.findIndex((stage) => stage.name === wanted || String(stage.index) === wanted);
  if (index < 0) {
    const names = dockerfile.stages.map((stage) => stage.name ?? String(stage.index)).join(', ');
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_TARGET', `the Dockerfile has no stage ${target}; its stages are ${names}`);
  }
  const next = dockerfile.stages[index + 1];
  return next
    ? text
        .split(/\r?\n/)
        .slice(0, next.line - 1)
        .join('\n') + '\n'
    : text;
}

/** A failed RUN is explained by its output: the problem's detail ends with the last lines of the log. */
function withLogTail(error: unknown, log: string[]): unknown {
  if (!(error instanceof ProblemException) || (error.getResponse() as { code?: string }).code !== 'BUILD_FAILED' || log.length === 0) return error;
  const body = error.getResponse() as { code: string; detail: string };
  return new ProblemException(error.getStatus(), body.code, `${body.detail}; the build log ended with:\n${log.slice(-20).join('\n')}`);
}
