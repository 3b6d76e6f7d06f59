import type { CheckContext } from './check-context.js';
import { cleanupCheck } from './cleanup-check.js';
import { pauseCheck, statsCheck, updateCheck } from './control-checks.js';
import { deviceAllowCheck, devicePolicyCheck } from './device-check.js';
import { cpuQuotaCheck, cpusetCheck, layoutCheck, oomCheck, pidsCheck } from './limit-checks.js';
import { nativeCreateCheck } from './native-create-check.js';
import type { Outcome } from './outcome.js';

/** Every check the VM runs, in run order; cleanup last, as it looks for what all the others left. */
export const CHECKS = {
  layout: layoutCheck,
  oom: oomCheck,
  pids: pidsCheck,
  cpuQuota: cpuQuotaCheck,
  cpuset: cpusetCheck,
  pause: pauseCheck,
  update: updateCheck,
  stats: statsCheck,
  devicePolicy: devicePolicyCheck,
  deviceAllow: deviceAllowCheck,
  nativeCreate: nativeCreateCheck,
  cleanup: cleanupCheck,
} satisfies Record<string, (context: CheckContext) => Promise<unknown>>;

/** The results line, as the host-side spec reads it. */
export type V2CheckResults = { [Name in keyof typeof CHECKS]: Outcome<Awaited<ReturnType<(typeof CHECKS)[Name]>>> };
