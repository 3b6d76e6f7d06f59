import { Runtime, type CreateOptions } from '@berth/runtime';
import type { Subject } from './subject.js';

/**
 * The runtime as a library in this Node process (the shim's fork server warm): create, start,
 * wait and delete of the bundle's /bin/true. `overlay` gives it an overlay root on read-only
 * lower dirs, as the API runs image containers.
 */
export function berthLibrary(bundle: string, root: string, options: { name?: string; overlay?: CreateOptions['overlay'] } = {}): Subject {
  const runtime = new Runtime({ root });
  return {
    name: options.name ?? 'berth (library, warm)',
    method: `Runtime.create + start + wait + delete in this Node process (shim fork server)${options.overlay ? ', overlay root on the image' : ''}`,
    async teardown() {
      await runtime.close();
    },
    async run(iteration) {
      const id = `bench-lib-${iteration}`;
      await runtime.create(id, { bundle, ...(options.overlay ? { overlay: options.overlay } : {}) });
      await runtime.start(id);
      const exit = await runtime.wait(id, 10_000);
      await runtime.delete(id);
      if (exit.exitCode !== 0) throw new Error(`/bin/true exited ${exit.exitCode}`);
    },
  };
}
