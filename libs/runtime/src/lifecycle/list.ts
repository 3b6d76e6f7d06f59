import type { ContainerState } from '../state/container-state.js';
import { loadContainer, type RuntimeContext } from './context.js';

/** `list`: every container under the state root, each refreshed from the kernel. */
export async function list(context: RuntimeContext): Promise<ContainerState[]> {
  const ids = await context.root.ids();
  return Promise.all(ids.map((id) => loadContainer(context, id)));
}
