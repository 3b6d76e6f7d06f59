import { loadContainer, requireAction, type RuntimeContext } from './context.js';
import { teardown } from './teardown.js';

export interface DeleteOptions {
  /** Kill a container that is still running instead of refusing. */
  force?: boolean;
}

/** `delete`: removes a stopped container (or, with force, any but one still being created). */
export async function deleteContainer(context: RuntimeContext, id: string, options: DeleteOptions = {}): Promise<void> {
  const state = await loadContainer(context, id);
  requireAction(state, options.force && state.status !== 'stopped' ? 'forceDelete' : 'delete');
  await teardown(context, state);
}
