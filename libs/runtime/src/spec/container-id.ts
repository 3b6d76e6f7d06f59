import { RuntimeError } from '../model/runtime-error.js';

/**
 * Container ids become directory names, cgroup names and parts of a unix socket path, so
 * they are restricted to what is safe in all three (runc accepts the same alphabet).
 */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}$/;

export function validateContainerId(id: string): void {
  if (!ID_PATTERN.test(id)) {
    throw new RuntimeError('INVALID_ID', `container id "${id}" is invalid; use 1-128 letters, digits and _ . + - starting with a letter or digit`);
  }
}
