import { statSync } from 'node:fs';
import { RuntimeError } from '../model/runtime-error.js';
import { errnoOf } from '../util/files.js';
import { runTool } from './run-tool.js';

/**
 * Network mode `none`: the container keeps its own namespace with only `lo`, which the kernel
 * creates down. Without CAP_NET_ADMIN the container cannot raise it itself, so 127.0.0.1 would
 * not work inside; the engine calls this between create and start, as Docker does.
 * (`attachToBridge` does the same for bridge mode.)
 */
export async function bringUpLoopback(pid: number): Promise<void> {
  if (!Number.isInteger(pid) || pid <= 0) throw new RuntimeError('INVALID_ARGUMENT', `pid: ${String(pid)} is not a process id`);
  try {
    if (statSync(`/proc/${pid}/ns/net`).ino === statSync('/proc/self/ns/net').ino) {
      throw new RuntimeError('INVALID_ARGUMENT', `process ${pid} shares the host's network namespace; its lo is the host's`);
    }
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') throw new RuntimeError('ESRCH', `process ${pid} does not exist; was the container created (and not yet removed)?`);
    throw error;
  }
  await runTool('nsenter', [`--net=/proc/${pid}/ns/net`, 'ip', 'link', 'set', 'dev', 'lo', 'up'], { what: `bringing up lo of process ${pid}` });
}
