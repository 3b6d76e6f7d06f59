/* cgroup_make.h - a new container's cgroups, for the native create, made and
 * recorded as src/cgroups (host-layout.ts, v1-manager.ts, v2-manager.ts)
 * make and record them, so that every later verb, in C or TypeScript,
 * finds them in state.json.
 *
 * On a host with v1 hierarchies (hybrid too: the unified tree then only
 * places the process) the controllers are v1's; on a pure v2 host the
 * unified tree's, with the device policy as an eBPF program the TypeScript
 * side compiled (program_store.h) and the shim attaches.
 */
#ifndef BERTH_CLI_CGROUP_MAKE_H
#define BERTH_CLI_CGROUP_MAKE_H

#include <stdbool.h>
#include <stdio.h>

#include "../error.h"
#include "../util.h"
#include "json.h"

#define CGROUP_MAX_HIERARCHIES 32

struct hierarchy {
	char *mount_point, *mount_root, *own_path;
	struct strv controllers; /* v1: e.g. cpu, cpuacct, name=systemd; v2: none */
};

struct cgroup_dir {
	struct hierarchy *h;
	char *path;
	struct strv created; /* what delete removes, outermost first */
};

struct cgroups {
	struct hierarchy v1[CGROUP_MAX_HIERARCHIES];
	size_t n_v1;
	struct hierarchy v2;
	bool has_v2;
	struct cgroup_dir dirs[CGROUP_MAX_HIERARCHIES]; /* one per v1 hierarchy */
	struct cgroup_dir unified;
	bool owns_parent; /* the runtime's default berth/<id> */
	bool v2_controllers; /* a pure v2 host: limits, counters and devices are the unified tree's */
};

/* Reads the host's hierarchies and where `path` (the spec's cgroupsPath, or
 * berth/<id> with `is_default`) is in each. 0, or CLI_REFERENCE for a host
 * without cgroups or with more hierarchies than this side holds. */
int cgroups_plan(struct cgroups *c, const char *path, bool is_default);
/* mkdir -p in every hierarchy, recording what was made (on a pure v2 host
 * also enabling the controllers down to it); on failure removes it again. */
int cgroups_make(struct cgroups *c, struct berth_error **err);
/* linux.resources on create: v1CreateWrites (the limits, then the device
 * policy into the devices controller) or v2Limits (the device policy is the
 * shim's to attach). */
int cgroups_apply(struct cgroups *c, const struct json *resources, struct berth_error **err);
/* Removes what cgroups_make made (innermost first; a busy shared parent stays). */
int cgroups_remove(struct cgroups *c);
/* cgroups_remove after killing every process still inside (delete --force); -1 when one stays busy. */
int cgroups_empty_and_remove(struct cgroups *c);
void cgroups_free(struct cgroups *c);

/* removeCgroupDirs for one group of directories (outermost first): removed
 * innermost first; a busy or non-empty shared parent stays. -1 when the
 * container's own (innermost) one will not go. Also what delete removes by
 * state.txt's `remove` lines. */
int cgroup_remove_group(const struct strv *dirs);

/* state.json's `cgroup` (CgroupRecord); with nothing made yet when `planned_only`. */
struct json *cgroups_record(const struct cgroups *c);
/* state.txt's freezer, procs and remove lines. */
void cgroups_sidecar_lines(const struct cgroups *c, FILE *out);
/* The plan's cgroup_procs, oom_control and (pure v2) device_program lines. */
void cgroups_plan_lines(const struct cgroups *c, const char *device_program, FILE *out);

#endif
