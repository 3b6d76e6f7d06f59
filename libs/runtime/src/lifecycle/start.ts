import { OCI_VERSION } from '../model/oci-spec.js';
import { openStartGate } from '../native/start-gate.js';
import { runHooksWarning, savedHooks } from './hooks.js';
import { awaitStartHooks } from './start-hooks.js';
import type { ContainerState } from '../state/container-state.js';
import { loadContainer, requireAction, type RuntimeContext } from './context.js';

/** `start`: opens the shim's start gate; the command is exec'd in the prepared container. */
export async function start(context: RuntimeContext, id: string): Promise<ContainerState> {
  const state = await loadContainer(context, id);
  requireAction(state, 'start');
  openStartGate(context.root.dir(id), `starting container ${id}`);
  const started: ContainerState = { ...state, status: 'running' };
  await context.root.write(started);
  if (state.hooks) {
    const hooks = await savedHooks(context.root.dir(id));
    if (hooks?.startContainer?.length) await awaitStartHooks(context.root.dir(id), state, hooks.startContainer);
    const hookState = { ociVersion: OCI_VERSION, id, status: 'running' as const, pid: state.init?.pid, bundle: state.bundle, annotations: state.annotations };
    await runHooksWarning('poststart', hooks?.poststart, hookState);
  }
  return started;
}
