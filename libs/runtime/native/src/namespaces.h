/* namespaces.h - creating, joining and mapping namespaces. */
#ifndef BERTH_NAMESPACES_H
#define BERTH_NAMESPACES_H

#include <sys/types.h>

#include "error.h"
#include "plan.h"

/* New namespaces (enabled, no path; cgroup is unshared later, after the
 * cgroup move) are split between clone(2) and the child's first unshare(2):
 * ns_clone_flags() | ns_unshare_flags() is all of them. */
int ns_clone_flags(const struct berth_plan *p);
int ns_unshare_flags(const struct berth_plan *p);
/* Shim side, before clone: setns into namespaces given by path, so the
 * child inherits them (and they stay owned by their original user ns). */
int ns_join_paths(const struct berth_plan *p, struct berth_error **err);
/* Container side, first thing after clone: join the mount and user
 * namespaces given by path (runc's order; see namespaces.c). */
int ns_join_child(const struct berth_plan *p, struct berth_error **err);
/* Write /proc/<pid>/uid_map and gid_map. */
/* An idmapped (by pid's user namespace) detached clone of dir, for the child
 * to move_mount into place; ENOTSUP when the kernel or filesystem refuses. */
int ns_idmapped_clone(pid_t pid, const char *dir, struct berth_error **err);
int ns_write_idmaps(pid_t pid, const struct berth_plan *p, struct berth_error **err);
/* exec: join every namespace of `pid` that differs from ours, and its root. */
int ns_join_process(pid_t pid, struct berth_error **err);

#endif
