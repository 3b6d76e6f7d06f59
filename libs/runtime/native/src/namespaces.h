/* namespaces.h - creating, joining and mapping namespaces. */
#ifndef BERTH_NAMESPACES_H
#define BERTH_NAMESPACES_H

#include <sys/types.h>

#include "error.h"
#include "plan.h"

/* CLONE_NEW* flags for clone(2): every enabled namespace without a path,
 * except cgroup (unshared later, after the cgroup move). */
int ns_clone_flags(const struct berth_plan *p);
/* Shim side, before clone: setns into namespaces given by path, so the
 * child inherits them (and they stay owned by their original user ns). */
int ns_join_paths(const struct berth_plan *p, struct berth_error **err);
/* Write /proc/<pid>/uid_map and gid_map. */
int ns_write_idmaps(pid_t pid, const struct berth_plan *p, struct berth_error **err);
/* exec: join every namespace of `pid` that differs from ours. */
int ns_join_process(pid_t pid, struct berth_error **err);

#endif
