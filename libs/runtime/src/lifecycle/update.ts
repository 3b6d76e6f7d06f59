import { join } from 'node:path';
import { openCgroupManager } from '../cgroups/cgroup-manager.js';
import { mergeResources, updateWrites } from '../cgroups/merge-resources.js';
import type { OciResources, OciSpec } from '../model/oci-spec.js';
import { RuntimeError } from '../model/runtime-error.js';
import { validateResources } from '../spec/validate-resources.js';
import { readIfExists, writeFileAtomic } from '../util/files.js';
import { loadContainer, requireAction, type RuntimeContext } from './context.js';

/**
 * `update` (`docker update`, `runc update`): changes the limits of a live container and
 * records them in its stored config.json, so later readers (and a recreated container) see
 * what is in force. Only the groups and fields given change; returns the resources now in force.
 */
export async function update(context: RuntimeContext, id: string, patch: OciResources): Promise<OciResources> {
  validateResources(patch, 'resources');
  if ((patch.devices ?? []).length > 0) {
    throw new RuntimeError('NOT_SUPPORTED', 'resources.devices: device rules cannot change on a live container; recreate it');
  }
  const state = await loadContainer(context, id);
  requireAction(state, 'update');

  const configPath = join(context.root.dir(id), 'config.json');
  const text = await readIfExists(configPath);
  if (text === undefined) throw new RuntimeError('STATE_CORRUPT', `${configPath} is missing`);
  const spec = JSON.parse(text) as OciSpec;
  const merged = mergeResources(spec.linux?.resources ?? {}, patch);
  // Cross-field rules (swap at least the limit) hold for the result, not just the patch.
  validateResources(merged);

  await openCgroupManager(state.cgroup).apply(updateWrites(merged, patch), 'update');
  spec.linux = { ...spec.linux, resources: merged };
  await writeFileAtomic(configPath, `${JSON.stringify(spec, null, 2)}\n`, 0o600);
  return merged;
}
