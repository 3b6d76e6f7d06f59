import { OCI_VERSION, type OciState } from '../model/oci-spec.js';
import type { ContainerState } from '../state/container-state.js';
import { loadContainer, type RuntimeContext } from './context.js';

/** `state`: the OCI runtime-spec state of a container, status fresh from the kernel. */
export async function state(context: RuntimeContext, id: string): Promise<OciState> {
  return toOciState(await loadContainer(context, id));
}

export function toOciState(container: ContainerState): OciState {
  const result: OciState = {
    ociVersion: OCI_VERSION,
    id: container.id,
    // `paused` is not an OCI state; like runc we report it as an extension.
    status: container.status,
    bundle: container.bundle,
  };
  // The spec: pid is required while created or running (and a paused process still exists).
  if ((container.status === 'created' || container.status === 'running' || container.status === 'paused') && container.init) result.pid = container.init.pid;
  if (Object.keys(container.annotations).length > 0) result.annotations = container.annotations;
  return result;
}
