import { loadContainer, requireAction, type RuntimeContext } from './context.js';
import { OCI_VERSION } from '../model/oci-spec.js';
import { runHooksWarning, savedHooks } from './hooks.js';
import { teardown } from './teardown.js';

export interface DeleteOptions {
  /** Kill a container that is still running instead of refusing. */
  force?: boolean;
}

/** `delete`: removes a stopped container (or, with force, any but one still being created). */
export async function deleteContainer(context: RuntimeContext, id: string, options: DeleteOptions = {}): Promise<void> {
  const state = await loadContainer(context, id);
  requireAction(state, options.force ? 'forceDelete' : 'delete');
  // Read before teardown removes the state dir with the saved spec.
  const hooks = state.hooks ? await savedHooks(context.root.dir(id)) : undefined;
  await teardown(context, state);
  const hookState = { ociVersion: OCI_VERSION, id, status: 'stopped' as const, bundle: state.bundle, annotations: state.annotations };
  await runHooksWarning('poststop', hooks?.poststop, hookState);
}
