/* rootfs.h - building the container's root filesystem and pivoting into it. */
#ifndef BERTH_ROOTFS_H
#define BERTH_ROOTFS_H

#include "error.h"
#include "plan.h"

/* rprivate /, then overlay or self-bind of the rootfs; returns a dir fd of it. */
int rootfs_prepare(const struct berth_plan *p, struct berth_error **err);
/* /proc, /sys, /sys/fs/cgroup (skipped when the plan mounts them itself). */
int rootfs_default_mounts(int rootfd, const struct berth_plan *p, struct berth_error **err);
/* pivot_root(".", ".") and detach the old root. */
int rootfs_pivot(int rootfd, struct berth_error **err);
/* After pivot: masked/readonly paths, read-only root. */
int rootfs_finalize(const struct berth_plan *p, struct berth_error **err);

#endif
