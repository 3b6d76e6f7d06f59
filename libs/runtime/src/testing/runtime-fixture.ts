import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { Runtime, type RuntimeOptions } from '../engine/runtime.js';
import type { CreateOptions } from '../lifecycle/create.js';
import type { OciSpec } from '../model/oci-spec.js';
import type { ExitStatus } from '../state/container-state.js';
import { makeBusyboxBundle, makeTempDir, type BusyboxBundle } from './busybox-bundle.js';

/**
 * Integration-test fixture: a busybox bundle, a private temp state root and a Runtime on
 * it. `removeContainers()` force-deletes every container the test made and `dispose()` also removes both temp dirs,
 * so a failing test still leaves the machine as it found it.
 */
export class RuntimeFixture {
  private constructor(
    readonly runtime: Runtime,
    readonly bundle: BusyboxBundle,
    readonly root: string,
  ) {}

  /** `options` may set anything but the root (e.g. temp subuid files for remapping tests). */
  static async create(options: Omit<RuntimeOptions, 'root'> = {}): Promise<RuntimeFixture> {
    const bundle = await makeBusyboxBundle();
    const root = await makeTempDir('berth-root-');
    return new RuntimeFixture(new Runtime({ ...options, root }), bundle, root);
  }

  /** Unique per call, so tests never collide even across files and runs. */
  id(name: string): string {
    return `${name}-${randomBytes(3).toString('hex')}`;
  }

  /** Writes the spec, creates and starts; returns the id. */
  async start(name: string, args: string[], patch?: (spec: OciSpec) => void, options: Partial<CreateOptions> = {}): Promise<string> {
    const id = this.id(name);
    await this.bundle.writeSpec(args, patch);
    await this.runtime.run(id, { bundle: this.bundle.dir, ...options });
    return id;
  }

  /** Runs a command to completion; returns its exit status and its whole log as text. */
  async runToExit(
    name: string,
    args: string[],
    patch?: (spec: OciSpec) => void,
    options: Partial<CreateOptions> = {},
  ): Promise<{ exit: ExitStatus; output: string; id: string }> {
    const id = await this.start(name, args, patch, options);
    const exit = await this.runtime.wait(id, 20_000);
    return { exit, output: await this.output(id), id };
  }

  async output(id: string, stream?: 'stdout' | 'stderr'): Promise<string> {
    let text = '';
    for await (const record of this.runtime.logs(id)) if (!stream || record.stream === stream) text += record.log;
    return text;
  }

  /** Force-deletes every container under the root (for afterEach). */
  async removeContainers(): Promise<void> {
    const errors: unknown[] = [];
    for (const container of await this.runtime.list()) {
      await this.runtime.delete(container.id, { force: true }).catch((error: unknown) => errors.push(error));
    }
    if (errors.length > 0) throw new AggregateError(errors, 'removing containers failed');
  }

  /** Removes the containers, the state root and the bundle (for afterAll). */
  async dispose(): Promise<void> {
    try {
      await this.removeContainers();
    } finally {
      await this.runtime.close();
      await rm(this.root, { recursive: true, force: true });
      await this.bundle.remove();
    }
  }
}
