/* create_plan.h - the launch plan of a native create, line for line what
 * src/plan/launch-plan.ts createPlan writes for the same spec. */
#ifndef BERTH_CLI_CREATE_PLAN_H
#define BERTH_CLI_CREATE_PLAN_H

#include <stdio.h>

#include "cgroup_make.h"
#include "json.h"

struct plan_input {
	const char *id, *state_dir;
	const struct json *spec; /* after spec_subset */
	const struct cgroups *cgroups;
	const char *seccomp_path; /* NULL: no seccomp */
	const char *device_program; /* pure cgroup v2: the compiled device policy */
	long seccomp_flags;
	int preserve_fds;
	int handoff_fd; /* the caller's stderr, after the preserved fds */
	const char *console_socket;
};

void create_plan(FILE *out, const struct plan_input *in);

/* A capability's number (security/capabilities.ts CAPABILITIES), or -1. */
int capability_bit(const char *name);

#endif
