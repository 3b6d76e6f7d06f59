import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, posix } from 'node:path';
import { defaultSpec, type Runtime } from '@berth/runtime';
import type { Digest } from '../reference/digest.js';
import type { ImageStore, StoredImage } from '../store/image-store.js';
import { MEDIA_TYPES, type Descriptor, type ImageConfig, type ImageManifest } from '../store/oci-types.js';
import { chainIds } from '../unpack/chain-id.js';
import { BaseImages, type ImageResolver } from './base-images.js';
import { BuildCache, cacheKey } from './build-cache.js';
import { collectSources, hashItems, type CopyItem } from './copy-sources.js';
import { parseDockerfile, type Instruction, type Stage } from './dockerfile-parser.js';
import { readContextFile } from './context-file.js';
import { IgnoreMatcher } from './dockerignore.js';
import { headerFor, putTar, upperToLayer } from './layer-tar.js';
import { MergedView, resolveInRoot } from './merged-view.js';
import { ImageError } from '../image-error.js';
import { lookupUser, parseColonFile } from './user-lookup.js';

export interface BuildOptions {
  store: ImageStore;
  runtime: Runtime;
  /** The build context directory. */
  context: string;
  /** The Dockerfile, relative to the context or absolute; default `Dockerfile`. */
  dockerfile?: string;
  tag: string;
  buildArgs?: Record<string, string>;
  /** `docker build --label`: set on the built image over any LABEL of the Dockerfile. */
  labels?: Record<string, string>;
  /** The build log, a line at a time: steps, cache hits, RUN output. */
  onLog?: (line: string) => void;
  /** Ignore the layer cache (results are still stored for later builds). */
  noCache?: boolean;
  /** Where bundles and mount points go while building; default the OS temp dir. */
  tmpDir?: string;
  /**
   * What FROM and COPY --from image names mean for the caller (the API: the building team's
   * images); default the store's names. Each name is resolved once per build.
   */
  resolveImage?: ImageResolver;
  /** pids.max of each RUN container, so a fork bomb in a Dockerfile stays inside it; default none. */
  pidsLimit?: number;
  /** A RUN step still running after this long is killed and fails the build; default none. */
  stepTimeoutMs?: number;
}

export interface BuildStep {
  stage: number;
  instruction: string;
  /** Whether the step made a layer. */
  layer: boolean;
  cached: boolean;
}

export interface BuildResult {
  image: StoredImage;
  config: Digest;
  steps: BuildStep[];
  cacheHits: number;
  /** RUN steps that actually ran a container. */
  runs: number;
}

/** A RUN that exited non-zero; `exitCode` is its status (128+n for a signal). */
export class BuildError extends ImageError {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super('BUILD_FAILED', message);
  }
}

type ContainerConfig = NonNullable<ImageConfig['config']>;

interface StageState {
  stage: Stage;
  label: string;
  layers: Descriptor[];
  diffIds: Digest[];
  architecture: string;
  os: string;
  config: ContainerConfig;
  history: NonNullable<ImageConfig['history']>;
  /** ARG values in scope: in RUN's environment, never in the image. */
  args: Map<string, string>;
  cmdSet: boolean;
  key: string;
}

interface Build {
  options: BuildOptions;
  store: ImageStore;
  cache: BuildCache;
  tmp: string;
  log: (line: string) => void;
  ignore: IgnoreMatcher;
  images: BaseImages;
  steps: BuildStep[];
  runs: number;
}

const HOST_ARCH = process.arch === 'x64' ? 'amd64' : process.arch;
// A Dockerfile or .dockerignore is text a person wrote; anything larger is not one.
const MAX_TEXT_BYTES = 1024 * 1024;

/** An absolute path is the caller's own file; a relative one is read confined to the context. */
async function readDockerfile(context: string, dockerfile: string): Promise<string> {
  if (isAbsolute(dockerfile)) {
    return readFile(dockerfile, 'utf8').catch((error: unknown) => {
      throw new ImageError('INVALID_DOCKERFILE', `cannot read ${dockerfile}: ${(error as Error).message}`, { cause: error });
    });
  }
  const text = await readContextFile(context, dockerfile, MAX_TEXT_BYTES, 'INVALID_DOCKERFILE');
  if (text === undefined) throw new ImageError('INVALID_DOCKERFILE', `the build context has no ${dockerfile}`);
  return text;
}

/**
 * `docker build` for Berth: every stage starts from its base image's layers (or none for
 * scratch); COPY/ADD become layers of the copied files, RUN runs in a real Berth container
 * on the stage's snapshots and its overlay upper dir becomes the layer; the rest only
 * changes the config. The final stage is stored and tagged. Layers are cached by step key,
 * so an unchanged build runs no container at all.
 */
export async function buildImage(options: BuildOptions): Promise<BuildResult> {
  const { store, context } = options;
  const log = options.onLog ?? (() => undefined);
  const text = await readDockerfile(context, options.dockerfile ?? 'Dockerfile');
  const ignoreText = (await readContextFile(context, '.dockerignore', MAX_TEXT_BYTES, 'INVALID_DOCKERIGNORE')) ?? '';
  const buildArgs = options.buildArgs ?? {};

  // Once to learn the base images (FROM sees only global ARGs, so they do not change), once
  // more with their environments for ${VAR}; the second parse is the one every decision uses.
  const images = new BaseImages(store, options.resolveImage);
  const bases = new Map<string, readonly string[]>();
  for (const stage of parseDockerfile(text, { buildArgs }).stages) {
    if (stage.fromStage === undefined && !isScratch(stage.from) && !bases.has(stage.from)) {
      bases.set(stage.from, (await images.get(stage.from)).config.config?.Env ?? []);
    }
  }
  const dockerfile = parseDockerfile(text, { buildArgs, baseEnv: (image) => bases.get(image) });
  // COPY --from images are resolved before anything runs: a name the caller may not use fails the build at once.
  for (const stage of dockerfile.stages) {
    for (const instruction of stage.instructions) {
      if ((instruction.kind === 'COPY' || instruction.kind === 'ADD') && instruction.from !== undefined && instruction.fromStage === undefined) {
        if (instruction.from === '')
          throw new ImageError('INVALID_DOCKERFILE', `Dockerfile line ${instruction.line}: --from names nothing (is the variable set?)`);
        await images.get(instruction.from);
      }
    }
  }
  for (const name of dockerfile.unusedBuildArgs) log(`warning: build arg ${name} is not declared by any ARG`);

  const tmp = await mkdtemp(join(options.tmpDir ?? tmpdir(), 'berth-build-'));
  // Containers' roots (possibly remapped uids) must traverse to their bundle.
  await chmod(tmp, 0o755);
  const build: Build = {
    options,
    store,
    cache: new BuildCache(store.root, store.blobs),
    tmp,
    log,
    ignore: IgnoreMatcher.fromText(ignoreText),
    images,
    steps: [],
    runs: 0,
  };
  try {
    const states: StageState[] = [];
    const total = dockerfile.stages.reduce((sum, stage) => sum + stage.instructions.length + 1, 0);
    let number = 0;
    for (const stage of dockerfile.stages) {
      number += 1;
      log(`#${number}/${total} [${stage.name ?? `stage ${stage.index}`}] FROM ${stage.from}${stage.name ? ` AS ${stage.name}` : ''}`);
      const state = await startStage(build, stage, states);
      states.push(state);
      for (const instruction of stage.instructions) {
        number += 1;
        log(`#${number}/${total} [${state.label}] ${describeInstruction(instruction)}`);
        await step(build, state, instruction, states);
      }
    }
    const final = states.at(-1)!;
    const written = await writeBuiltImage(store, options.tag, final, options.labels);
    log(`built ${written.image.reference} ${written.image.manifest.digest}`);
    const cacheHits = build.steps.filter((item) => item.cached).length;
    return { image: written.image, config: written.config, steps: build.steps, cacheHits, runs: build.runs };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function isScratch(from: string): boolean {
  return from.toLowerCase() === 'scratch';
}

async function startStage(build: Build, stage: Stage, states: StageState[]): Promise<StageState> {
  const label = stage.name ?? `stage ${stage.index}`;
  const common = { stage, label, args: new Map<string, string>(), cmdSet: false };
  if (stage.fromStage !== undefined) {
    const parent = states[stage.fromStage]!;
    return {
      ...common,
      layers: [...parent.layers],
      diffIds: [...parent.diffIds],
      architecture: parent.architecture,
      os: parent.os,
      config: structuredClone(parent.config),
      history: [...parent.history],
      key: parent.key,
    };
  }
  if (isScratch(stage.from)) {
    return { ...common, layers: [], diffIds: [], architecture: HOST_ARCH, os: 'linux', config: {}, history: [], key: cacheKey('scratch', '', null) };
  }
  const { image, manifest, config } = await build.images.get(stage.from);
  return {
    ...common,
    layers: [...manifest.layers],
    diffIds: [...config.rootfs.diff_ids],
    architecture: config.architecture,
    os: config.os,
    config: structuredClone(config.config ?? {}),
    history: baseHistory(config, manifest),
    key: cacheKey(`image ${image.manifest.digest}`, '', null),
  };
}

/**
 * The base's history, or one entry per layer when it has none that fits: tools pair the
 * non-empty history entries with layers one to one, and the built image must keep that true.
 */
function baseHistory(config: ImageConfig, manifest: ImageManifest): NonNullable<ImageConfig['history']> {
  const history = config.history ?? [];
  if (history.filter((entry) => !entry.empty_layer).length === manifest.layers.length) return [...history];
  return manifest.layers.map((layer) => ({ created: config.created, created_by: `layer ${layer.digest} of the base image` }));
}

function chainId(state: StageState): string {
  return chainIds(state.diffIds).at(-1) ?? '';
}

async function lowerDirsOf(build: Build, state: Pick<StageState, 'layers' | 'diffIds'>): Promise<string[]> {
  if (state.layers.length === 0) return [];
  const manifest = { schemaVersion: 2, config: { mediaType: MEDIA_TYPES.config, digest: state.diffIds[0]!, size: 0 }, layers: state.layers } as ImageManifest;
  return build.store.snapshots.lowerDirs(manifest, { rootfs: { type: 'layers', diff_ids: state.diffIds } } as ImageConfig);
}

async function withView<T>(build: Build, state: Pick<StageState, 'layers' | 'diffIds'>, use: (view: MergedView) => Promise<T>): Promise<T> {
  const view = await MergedView.open(await lowerDirsOf(build, state), build.tmp);
  try {
    return await use(view);
  } finally {
    await view.close();
  }
}

/** One instruction: metadata changes the config; COPY/ADD, RUN and WORKDIR may add a layer. */
async function step(build: Build, state: StageState, instruction: Instruction, states: StageState[]): Promise<void> {
  const { line: _line, ...meaning } = instruction;
  void _line;
  const text = describeInstruction(instruction);
  switch (instruction.kind) {
    case 'ENV':
      for (const [key, value] of instruction.pairs) setEnv(state.config, key, value);
      break;
    case 'ARG':
      if (instruction.value !== undefined) state.args.set(instruction.name, instruction.value);
      break;
    case 'USER':
      state.config.User = instruction.user;
      break;
    case 'CMD':
      state.config.Cmd = commandArgs(instruction.command);
      state.cmdSet = true;
      break;
    case 'ENTRYPOINT':
      state.config.Entrypoint = commandArgs(instruction.command);
      // Docker: a new ENTRYPOINT drops the CMD inherited from the base image.
      if (!state.cmdSet) delete state.config.Cmd;
      break;
    case 'EXPOSE':
      state.config.ExposedPorts = { ...state.config.ExposedPorts, ...Object.fromEntries(instruction.ports.map((port) => [port, {}])) };
      break;
    case 'LABEL':
      state.config.Labels = { ...state.config.Labels, ...Object.fromEntries(instruction.pairs) };
      break;
    case 'VOLUME':
      state.config.Volumes = { ...state.config.Volumes, ...Object.fromEntries(instruction.paths.map((path) => [path, {}])) };
      break;
    case 'HEALTHCHECK':
      // Replaces the base image's check whole, as Docker does (NONE included, which disables it).
      state.config.Healthcheck = instruction.healthcheck;
      break;
    case 'WORKDIR': {
      const path = posix.resolve(state.config.WorkingDir || '/', instruction.path);
      state.config.WorkingDir = path;
      const key = cacheKey(state.key, chainId(state), meaning);
      state.key = key;
      // The directory must exist for RUN and for containers of the image; only a missing one makes a layer.
      const missing = await withView(build, state, async (view) => !(await view.lstat(path))?.isDirectory());
      if (missing) await layerStep(build, state, key, text, () => withView(build, state, (view) => workdirLayer(build, view, path)));
      else record(build, state, text, false, false);
      return;
    }
    case 'COPY':
    case 'ADD':
      await copyStep(build, state, instruction, states, meaning, text);
      return;
    case 'RUN': {
      const key = cacheKey(state.key, chainId(state), { ...meaning, env: runEnv(state), cwd: state.config.WorkingDir, user: state.config.User });
      state.key = key;
      await layerStep(build, state, key, text, () => runStep(build, state, instruction.command));
      return;
    }
  }
  state.key = cacheKey(state.key, chainId(state), meaning);
  state.history.push({ created: new Date().toISOString(), created_by: text, empty_layer: true });
  record(build, state, text, false, false);
}

function record(build: Build, state: StageState, instruction: string, layer: boolean, cached: boolean): void {
  build.steps.push({ stage: state.stage.index, instruction, layer, cached });
}

/** A layer-making step: reused from the cache when its key is known, else made and remembered. */
async function layerStep(build: Build, state: StageState, key: string, text: string, make: () => Promise<{ digest: Digest; size: number }>): Promise<void> {
  const cached = build.options.noCache ? undefined : build.cache.get(key);
  let layer: { digest: Digest; size: number };
  if (cached) {
    build.log(' ---> CACHED');
    layer = { digest: cached.diffId, size: cached.size };
  } else {
    layer = await make();
    build.cache.set(key, { diffId: layer.digest, size: layer.size, createdBy: text });
  }
  state.layers.push({ mediaType: MEDIA_TYPES.layer, digest: layer.digest, size: layer.size });
  state.diffIds.push(layer.digest);
  state.history.push({ created: new Date().toISOString(), created_by: text });
  record(build, state, text, true, cached !== undefined);
}

async function copyStep(
  build: Build,
  state: StageState,
  instruction: Extract<Instruction, { kind: 'COPY' | 'ADD' }>,
  states: StageState[],
  meaning: object,
  text: string,
): Promise<void> {
  const source = await copySource(build, instruction, states);
  const owner = instruction.chown;
  await withView(build, state, async (destView) => {
    const written = posix.resolve(state.config.WorkingDir || '/', instruction.dest);
    // Through the image's own symlinks (e.g. /bin → usr/bin), never onto a directory they stand for.
    const dest = `/${await resolveInRoot(destView.root, written, true)}`;
    const destInfo = await destView.lstat(dest);
    const sourceView = source.lowerDirs ? await MergedView.open(source.lowerDirs, build.tmp) : undefined;
    try {
      const items = await collectSources({
        root: sourceView?.root ?? build.options.context,
        sources: instruction.sources,
        dest,
        destTrailingSlash: instruction.dest.endsWith('/'),
        destIsDirectory: destInfo?.isDirectory() ?? false,
        ...(sourceView ? {} : { ignore: build.ignore }),
      });
      const ids = owner !== undefined ? await resolveUser(destView, owner) : { uid: 0, gid: 0 };
      const key = cacheKey(state.key, chainId(state), meaning, await hashItems(items));
      state.key = key;
      const mode = instruction.chmod !== undefined ? parseInt(instruction.chmod, 8) : undefined;
      await layerStep(build, state, key, text, () => copyLayer(build, destView, items, ids, mode));
    } finally {
      await sourceView?.close();
    }
  });
}

/** What COPY --from reads: the earlier stage the parser matched, else the image the name resolved to for this build. */
async function copySource(build: Build, instruction: Extract<Instruction, { kind: 'COPY' | 'ADD' }>, states: StageState[]): Promise<{ lowerDirs?: string[] }> {
  if (instruction.from === undefined) return {};
  if (instruction.fromStage !== undefined) return { lowerDirs: await lowerDirsOf(build, states[instruction.fromStage]!) };
  const { manifest, config } = await build.images.get(instruction.from);
  return { lowerDirs: await build.store.snapshots.lowerDirs(manifest, config) };
}

/** The copied files as a layer, with the image's existing parent directories kept as they are. */
async function copyLayer(
  build: Build,
  view: MergedView,
  items: CopyItem[],
  ids: { uid: number; gid: number },
  mode?: number,
): Promise<{ digest: Digest; size: number }> {
  const targets = new Set(items.map((item) => item.target));
  const parents = new Map<string, { mode: number; uid: number; gid: number; mtime: Date }>();
  for (const { target } of items) {
    for (let dir = posix.dirname(target); dir !== '/' && !targets.has(dir) && !parents.has(dir); dir = posix.dirname(dir)) {
      // Without its own entry, the unpacker would make the directory 0755 root and hide the
      // image's (think /tmp's 1777).
      const existing = await view.lstat(dir);
      parents.set(
        dir,
        existing?.isDirectory()
          ? { mode: existing.mode & 0o7777, uid: existing.uid, gid: existing.gid, mtime: existing.mtime }
          : { mode: 0o755, uid: 0, gid: 0, mtime: new Date() },
      );
    }
  }
  return putTar(build.store.blobs, async (add) => {
    for (const [dir, meta] of [...parents.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) await add({ name: dir.slice(1), type: 'directory', ...meta });
    for (const item of items) {
      const header = await headerFor(item.target.slice(1), item.path, item.info);
      if (!header) continue;
      header.uid = ids.uid;
      header.gid = ids.gid;
      if (mode !== undefined && header.type !== 'symlink') header.mode = mode;
      await add(header, header.type === 'file' ? item.path : undefined);
    }
  });
}

async function workdirLayer(build: Build, view: MergedView, path: string): Promise<{ digest: Digest; size: number }> {
  const dirs: { name: string; mode: number; uid: number; gid: number; mtime: Date }[] = [];
  for (let dir = path; dir !== '/'; dir = posix.dirname(dir)) {
    const existing = await view.lstat(dir);
    dirs.unshift(
      existing?.isDirectory()
        ? { name: dir.slice(1), mode: existing.mode & 0o7777, uid: existing.uid, gid: existing.gid, mtime: existing.mtime }
        : { name: dir.slice(1), mode: 0o755, uid: 0, gid: 0, mtime: new Date() },
    );
  }
  return putTar(build.store.blobs, async (add) => {
    for (const dir of dirs) await add({ ...dir, type: 'directory' });
  });
}

/** RUN in a Berth container on the stage's snapshots; its overlay upper dir is the layer. */
async function runStep(build: Build, state: StageState, command: { args: string[]; shell: boolean }): Promise<{ digest: Digest; size: number }> {
  const { runtime } = build.options;
  if (state.layers.length === 0) throw new ImageError('BUILD_FAILED', 'RUN needs a base image with a shell; this stage has no layers (FROM scratch)');
  const args = commandArgs(command);
  if (args.length === 0) throw new ImageError('BUILD_FAILED', 'RUN with an empty command');
  const lowerDirs = await lowerDirsOf(build, state);
  const user = await withView(build, state, (view) => resolveUser(view, state.config.User || '0'));
  const id = `berth-build-${randomBytes(6).toString('hex')}`;
  const bundle = await mkdtemp(join(build.tmp, 'bundle-'));
  await chmod(bundle, 0o755);
  await mkdir(join(bundle, 'rootfs'));
  // Docker's defaults for build containers too: its capabilities, seccomp profile and masked
  // paths; a network namespace of its own with no interfaces (RUN has no network).
  const spec = defaultSpec({ args, terminal: false });
  spec.root = { path: 'rootfs', readonly: false };
  spec.hostname = 'berth-build';
  spec.process!.env = runEnv(state);
  spec.process!.cwd = state.config.WorkingDir || '/';
  spec.process!.user = user;
  if (build.options.pidsLimit !== undefined) spec.linux!.resources = { ...spec.linux!.resources, pids: { limit: build.options.pidsLimit } };
  await writeFile(join(bundle, 'config.json'), JSON.stringify(spec));
  let created = false;
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  try {
    await runtime.create(id, { bundle, overlay: { lowerDirs } });
    created = true;
    build.runs += 1;
    await runtime.start(id);
    const limit = build.options.stepTimeoutMs;
    if (limit !== undefined) {
      timer = setTimeout(() => {
        timedOut = true;
        // Ends the log stream below with the container; the exit is then reported as a timeout.
        runtime.kill(id, 'SIGKILL').catch((error: Error) => build.log(`  (killing the timed-out step: ${error.message})`));
      }, limit);
    }
    for await (const record of runtime.logs(id, { follow: true })) {
      for (const line of record.log.replace(/\n$/, '').split('\n')) build.log(`  ${line}`);
    }
    const exit = await runtime.wait(id);
    if (timedOut)
      throw new BuildError(`RUN ${args.join(' ')} ran longer than the step timeout of ${Math.round(limit! / 1000)} s and was killed`, exit.exitCode);
    if (exit.exitCode !== 0) {
      throw new BuildError(`RUN ${args.join(' ')} failed with exit code ${exit.exitCode}${exit.signal ? ` (${exit.signal})` : ''}`, exit.exitCode);
    }
    return await upperToLayer(build.store.blobs, join(runtime.stateDir(id), 'upper'));
  } finally {
    clearTimeout(timer);
    if (created) await runtime.delete(id, { force: true });
    await rm(bundle, { recursive: true, force: true });
  }
}

function commandArgs(command: { args: string[]; shell: boolean }): string[] {
  return command.shell ? ['/bin/sh', '-c', command.args[0]!] : [...command.args];
}

function setEnv(config: ContainerConfig, key: string, value: string): void {
  config.Env = [...(config.Env ?? []).filter((entry) => !entry.startsWith(`${key}=`)), `${key}=${value}`];
}

/** RUN's environment: the image's, plus ARGs that no ENV overrides. */
function runEnv(state: StageState): string[] {
  const env = [...(state.config.Env ?? [])];
  const names = new Set(env.map((entry) => entry.slice(0, entry.indexOf('='))));
  for (const [name, value] of state.args) if (!names.has(name)) env.push(`${name}=${value}`);
  if (!names.has('PATH')) env.unshift('PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  return env;
}

/** `user[:group]` by name or number, looked up in the image's /etc/passwd and /etc/group. */
async function resolveUser(view: MergedView, spec: string): Promise<{ uid: number; gid: number }> {
  const passwd = parseColonFile(await view.readFile('/etc/passwd'));
  // Read only when the spec names a group: lookupUser asks for it synchronously.
  const group = spec.includes(':') ? parseColonFile(await view.readFile('/etc/group')) : [];
  const ids = lookupUser(spec, passwd, () => group);
  if ('unknown' in ids)
    throw new ImageError(
      'BUILD_FAILED',
      `unable to find ${ids.unknown} ${ids.name}: no matching entries in the image's /etc/${ids.unknown === 'user' ? 'passwd' : 'group'}`,
    );
  return ids;
}

/** The instruction as a line of the log and of the image history. */
export function describeInstruction(instruction: Instruction): string {
  const command = (form: { args: string[]; shell: boolean }) => (form.shell ? `/bin/sh -c ${form.args[0]}` : JSON.stringify(form.args));
  switch (instruction.kind) {
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT':
      return `${instruction.kind} ${command(instruction.command)}`;
    case 'COPY':
    case 'ADD': {
      const flags = [
        instruction.from && `--from=${instruction.from}`,
        instruction.chown && `--chown=${instruction.chown}`,
        instruction.chmod && `--chmod=${instruction.chmod}`,
      ];
      return [instruction.kind, ...flags.filter(Boolean), ...instruction.sources, instruction.dest].join(' ');
    }
    case 'ENV':
    case 'LABEL':
      return `${instruction.kind} ${instruction.pairs.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(' ')}`;
    case 'ARG':
      return `ARG ${instruction.name}${instruction.value !== undefined ? `=${instruction.value}` : ''}`;
    case 'WORKDIR':
      return `WORKDIR ${instruction.path}`;
    case 'USER':
      return `USER ${instruction.user}`;
    case 'EXPOSE':
      return `EXPOSE ${instruction.ports.join(' ')}`;
    case 'VOLUME':
      return `VOLUME ${JSON.stringify(instruction.paths)}`;
    case 'HEALTHCHECK':
      return `HEALTHCHECK ${JSON.stringify(instruction.healthcheck)}`;
  }
}

/** Like writeImage, but the layers are already blobs: only the config and manifest are new. */
async function writeBuiltImage(
  store: ImageStore,
  tag: string,
  state: StageState,
  labels: Record<string, string> = {},
): Promise<{ image: StoredImage; config: Digest }> {
  const withLabels = Object.keys(labels).length ? { ...state.config, Labels: { ...state.config.Labels, ...labels } } : state.config;
  const config: ImageConfig = {
    architecture: state.architecture,
    os: state.os,
    created: new Date().toISOString(),
    config: withLabels,
    rootfs: { type: 'layers', diff_ids: state.diffIds },
    history: state.history,
  };
  const configBlob = await store.blobs.put(JSON.stringify(config));
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.manifest,
    config: { mediaType: MEDIA_TYPES.config, digest: configBlob.digest, size: configBlob.size },
    layers: state.layers,
  };
  const manifestBlob = await store.blobs.put(JSON.stringify(manifest));
  const image = store.tag(tag, { mediaType: MEDIA_TYPES.manifest, digest: manifestBlob.digest, size: manifestBlob.size });
  return { image, config: configBlob.digest };
}
