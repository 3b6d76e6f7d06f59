import { RESTART_POLICIES, type RestartPolicy, type RestartPolicyName } from '@berth/contracts';
import { CliError } from '../../../cli-error.js';

/** `--restart no|always|unless-stopped|on-failure[:N]`. */
export function restartFlag(spec: string): RestartPolicy {
  const [name, count, ...rest] = spec.split(':');
  if (!RESTART_POLICIES.includes(name as RestartPolicyName) || rest.length > 0) throw invalid(spec);
  if (count === undefined) return { name: name as RestartPolicyName };
  if (name !== 'on-failure' || !/^\d+$/.test(count)) throw invalid(spec);
  return { name: 'on-failure', maximumRetryCount: Number(count) };
}

function invalid(spec: string): CliError {
  return new CliError('INVALID_OPTION', `--restart takes no, always, unless-stopped or on-failure[:max-retries], not "${spec}"`);
}
