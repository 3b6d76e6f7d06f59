/* refresh.h - a container's status fresh from the kernel, as refreshStatus
 * (src/state/refresh-status.ts) computes it, without saving anything. */
#ifndef BERTH_CLI_REFRESH_H
#define BERTH_CLI_REFRESH_H

#include <stdbool.h>

#include "sidecar.h"

/* Alive = exists, is not a zombie, and started when we recorded it. */
bool identity_alive(const struct identity *p);

/* The process `pid` as it is now (util/proc.ts identify); unset when gone. */
struct identity identity_of(long pid);

/* The process whose pid `<dir>/<name>` holds, as it is now (refresh-status.ts pidFile); unset when none. */
struct identity identity_from_file(const char *dir, const char *name);

struct fresh {
	const char *status; /* creating, created, running, paused, stopped */
	struct identity init; /* the recorded init, or init.pid's process when unrecorded */
	struct identity shim;
	bool lost; /* stopped with neither shim nor exit.json: the reference records when */
};

/* 0, or CLI_REFERENCE where the TypeScript refresh would do more than
 * answer (a lost container, whose finishing time it records). With
 * `lost_ok` a lost container is simply stopped (delete removes it anyway). */
int refresh(const struct sidecar *s, bool lost_ok, struct fresh *out);

/* The pids in the container's cgroups, ascending and without repeats; -1 on
 * an error other than a missing cgroup. `*pids` is malloc'd. */
int cgroup_pids(const struct sidecar *s, long **pids, size_t *n);

#endif
