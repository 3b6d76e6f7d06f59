import type { OciHook } from '../model/oci-spec.js';
import { RuntimeError } from '../model/runtime-error.js';

const RUNTIME_NAMESPACE_PHASES = ['prestart', 'createRuntime', 'poststart', 'poststop'];
/** Run inside the container's namespaces, by the container process itself (native/src/hooks.c). */
const CONTAINER_NAMESPACE_PHASES = ['createContainer', 'startContainer'];

/**
 * Checks `hooks`. The runtime-namespace phases run in lifecycle/hooks.ts; createContainer and
 * startContainer go into the launch plan. The plan is line-based, so a hook's path, args and env
 * may not hold a NUL (nothing can: execve takes C strings).
 */
export function validateHooks(hooks: unknown): void {
  if (hooks === undefined) return;
  if (typeof hooks !== 'object' || hooks === null || Array.isArray(hooks)) throw invalid('hooks', 'must be an object');
  for (const [phase, list] of Object.entries(hooks)) {
    const field = `hooks.${phase}`;
    if (!RUNTIME_NAMESPACE_PHASES.includes(phase) && !CONTAINER_NAMESPACE_PHASES.includes(phase)) {
      throw invalid(field, `is not a hook the runtime-spec defines (${[...RUNTIME_NAMESPACE_PHASES, ...CONTAINER_NAMESPACE_PHASES].join(', ')})`);
    }
    if (!Array.isArray(list)) throw invalid(field, 'must be an array');
    for (const [index, hook] of list.entries()) validateHook(`${field}[${index}]`, hook);
  }
}

function validateHook(field: string, hook: unknown): void {
  if (typeof hook !== 'object' || hook === null || Array.isArray(hook)) throw invalid(field, 'must be an object');
  const h = hook as Partial<OciHook>;
  if (typeof h.path !== 'string' || !h.path.startsWith('/')) throw invalid(`${field}.path`, 'must be an absolute path');
  for (const key of ['args', 'env'] as const) {
    const value = h[key];
    if (value !== undefined && (!Array.isArray(value) || value.some((item) => typeof item !== 'string')))
      throw invalid(`${field}.${key}`, 'must be an array of strings');
  }
  if (h.env?.some((entry) => entry.indexOf('=') <= 0)) throw invalid(`${field}.env`, 'entries must be KEY=VALUE');
  if ([h.path, ...(h.args ?? []), ...(h.env ?? [])].some((text) => text.includes('\0'))) throw invalid(field, 'path, args and env may not contain a NUL byte');
  if (h.timeout !== undefined && (!Number.isInteger(h.timeout) || h.timeout < 1))
    throw invalid(`${field}.timeout`, 'must be a whole number of seconds, at least 1');
}

function invalid(field: string, message: string): RuntimeError {
  return new RuntimeError('INVALID_SPEC', `${field}: ${message}`);
}
