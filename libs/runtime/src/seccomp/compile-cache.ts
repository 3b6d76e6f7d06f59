import type { OciSeccomp } from '../model/oci-spec.js';
import { compileSeccomp } from './compile.js';

/** Profiles a process keeps compiled; an engine runs most containers on Docker's one default. */
const ENTRIES = 8;
const cache = new Map<string, Buffer>();

/**
 * compileSeccomp, remembered by the profile's JSON: the same profile always compiles to the
 * same program, and compiling Docker's default costs more than a millisecond per container.
 * A changed profile is a different key, so what a container gets never changes.
 */
export function compileSeccompCached(seccomp: OciSeccomp): Buffer {
  const key = JSON.stringify(seccomp);
  const hit = cache.get(key);
  if (hit) {
    // Most recently used last, so the oldest is the first to go.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const program = compileSeccomp(seccomp);
  cache.set(key, program);
  if (cache.size > ENTRIES) cache.delete(cache.keys().next().value!);
  return program;
}
