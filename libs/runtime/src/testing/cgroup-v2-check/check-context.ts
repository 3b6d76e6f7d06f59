import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OciResources, OciSpec } from '../../model/oci-spec.js';
import type { RuntimeFixture } from '../runtime-fixture.js';

/** What every check gets: a runtime on a throwaway root, and the spec policy of this run. */
export interface CheckContext {
  fx: RuntimeFixture;
  /**
   * A spec patch setting `resources` (merged over the default spec's) and then `more`. While
   * the native core has no eBPF device program, device rules fail on v2 with NOT_SUPPORTED, so
   * unless the run says devicePolicy the default spec's device rules are removed first.
   */
  spec(resources?: OciResources, more?: (spec: OciSpec) => void): (spec: OciSpec) => void;
  /** A file of the container's own v2 cgroup, trimmed. */
  cgroupFile(id: string, file: string): Promise<string>;
}

export function makeCheckContext(fx: RuntimeFixture, devicePolicy: boolean): CheckContext {
  return {
    fx,
    spec:
      (resources = {}, more) =>
      (spec) => {
        const current = spec.linux!.resources ?? {};
        if (!devicePolicy) delete current.devices;
        spec.linux!.resources = { ...current, ...resources };
        more?.(spec);
      },
    cgroupFile: async (id, file) => (await readFile(join(await cgroupPath(fx, id), file), 'utf8')).trim(),
  };
}

export async function cgroupPath(fx: RuntimeFixture, id: string): Promise<string> {
  const record = (await fx.runtime.inspect(id)).cgroup;
  if (!record.v2 || record.v1) throw new Error(`container ${id} is not in a pure v2 cgroup: ${JSON.stringify(record)}`);
  return record.v2.path;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
