/* rootfs.h - building the container's root filesystem and pivoting into it. */
#ifndef BERTH_ROOTFS_H
#define BERTH_ROOTFS_H

#include <stdbool.h>

#include "error.h"
#include "plan.h"

/* rprivate /, then overlay or self-bind of the rootfs; returns a dir fd of it. */
/* idmapped: a detached mount (fd) to move onto p->rootfs, or -1. */
int rootfs_prepare(const struct berth_plan *p, int idmapped, struct berth_error **err);
/* /proc and /sys (each skipped when the plan mounts it itself). */
int rootfs_default_mounts(int rootfd, const struct berth_plan *p, struct berth_error **err);
#define ROOTFS_MAX_CGROUPS 32

struct rootfs_cgroup {
	char mp[512];	/* host mount point, e.g. /sys/fs/cgroup/cpu,cpuacct */
	bool v2;
	char data[512]; /* v1: controllers / name= for mount(2) */
};

/* /sys/fs/cgroup is made in two steps: a fresh cgroup mount is rooted at
 * the cgroup namespace's root, so those mounts must wait for the cgroup
 * move and unshare(CLONE_NEWCGROUP); all the rest need not. */
struct rootfs_cgroups {
	bool fresh; /* hierarchies below are left to rootfs_cgroup_mounts */
	size_t n;
	struct rootfs_cgroup h[ROOTFS_MAX_CGROUPS];
};

/* Before the cgroup move: the read-only rbind of the host's, or a
 * read-only tmpfs with a mount point per host hierarchy. */
int rootfs_cgroup_prepare(int rootfd, const struct berth_plan *p, struct rootfs_cgroups *cg,
			  struct berth_error **err);
/* In the container's cgroup namespace: the fresh hierarchy mounts. */
int rootfs_cgroup_mounts(int rootfd, const struct rootfs_cgroups *cg, struct berth_error **err);
/* pivot_root(".", ".") and detach the old root. */
int rootfs_pivot(int rootfd, struct berth_error **err);
/* linux.rootfsPropagation shared/unbindable, on the new / after the pivot. */
int rootfs_root_propagation(const struct berth_plan *p, struct berth_error **err);
/* Without a mount namespace of its own: chroot into rootfd (pivot_root
 * would move every process of the caller's namespace). */
int rootfs_chroot(int rootfd, struct berth_error **err);
/* The id of the topmost mount at path (statx STATX_MNT_ID). */
int rootfs_mount_id(const char *path, struct berth_error **err);
/* Detach (recursively) the rootfs self-bind made in the caller's mount
 * namespace, if mnt_id is still the topmost mount at rootfs. */
int rootfs_release_host_mount(const char *rootfs, int mnt_id, struct berth_error **err);
/* After pivot: masked/readonly paths, read-only root. */
int rootfs_finalize(const struct berth_plan *p, struct berth_error **err);

#endif
