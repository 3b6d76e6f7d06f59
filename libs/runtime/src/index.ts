// Node entry of the runtime. Browser code imports '@berth/runtime/model' instead.
export * from './model/index.js';
export { writeDefaultSpec } from './cli/spec-command.js';
export { Runtime, defaultRoot, type RuntimeOptions } from './engine/runtime.js';
export type { LauncherKind } from './native/shim-launcher.js';
export type { CreateOptions } from './lifecycle/create.js';
export type { DeleteOptions } from './lifecycle/delete.js';
export type { ExecOptions, ExecResult } from './lifecycle/exec.js';
export type { KillOptions } from './lifecycle/kill.js';
export type { ContainerStats } from './lifecycle/stats.js';
export type { SweepOptions, SweepResult } from './lifecycle/sweep.js';
export type { CgroupStats, IoDeviceStats } from './cgroups/stats.js';
export type { RunIo } from './lifecycle/run.js';
export type { ContainerState, ExitStatus } from './state/container-state.js';
export type { LogRecord, ReadLogsOptions } from './logs/read-logs.js';
export type { AttachSession, AttachStream } from './attach/attach-client.js';
export type { CgroupManager, CgroupRecord } from './cgroups/cgroup-manager.js';
export { validateSpec, type ValidatedSpec } from './spec/validate-spec.js';
export { createPlan, execPlan } from './plan/launch-plan.js';
