/* spec_subset.h - the config.json the native create takes.
 *
 * The TypeScript validator (src/spec/validate-spec.ts) stays the only one
 * that refuses a spec and words the refusal. This side accepts a spec only
 * when every field is one it knows and every value is one the validator
 * accepts - the shape runc's and containerd's default specs have: process,
 * root, hostname, mounts, namespaces (new ones, a mount namespace among
 * them), masked and read-only paths, device rules, CPU shares and quota,
 * memory and pids limits, seccomp and a plain cgroupsPath. Anything else
 * (hooks, user namespaces, other resources, sysctls,
 * devices, joined namespaces, an unknown key, a value it would refuse)
 * makes the create the reference's, which either does it or says why not.
 */
#ifndef BERTH_CLI_SPEC_SUBSET_H
#define BERTH_CLI_SPEC_SUBSET_H

#include <stdbool.h>

#include "json.h"

/* 0 when the native create can take `spec`, after making it what
 * validateSpec returns (root.path and bind sources absolute against
 * `bundle`, `mounts` present); CLI_REFERENCE otherwise. */
int spec_subset(struct json *spec, const char *bundle);

#endif
