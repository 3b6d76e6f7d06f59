/* rootfs.c - building the container's root filesystem and pivoting into it.
 * Runs in the container's mount namespace: its own, or one joined by path;
 * without one (the spec lists none) in the caller's, where it ends in a
 * chroot and the mounts stay until rootfs_release_host_mount.
 */
#define _GNU_SOURCE
#include "rootfs.h"

#include <fcntl.h>
#include <linux/mount.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mounts.h"

#ifndef SYS_move_mount
#define SYS_move_mount 429
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif

static bool spec_has(const struct berth_plan *p, const char *dest)
{
	for (size_t i = 0; i < p->n_mounts; i++)
		if (!strcmp(p->mounts[i].dest, dest))
			return true;
	return false;
}

int rootfs_prepare(const struct berth_plan *p, int idmapped, struct berth_error **err)
{
	/* Nothing we mount may propagate back to the host namespace.  In the
	 * caller's own namespace its propagation is its business: a mount
	 * there behaves like any other mount of the caller's. */
	unsigned long propagation = p->root_propagation ? p->root_propagation : MS_REC | MS_PRIVATE;
	if (p->ns[NS_MOUNT].enabled && mount(NULL, "/", NULL, propagation, NULL) < 0)
		return berth_failno(err, "setting the propagation of /");

	if (p->ovl_lower) {
		char data[8192];
		int n = snprintf(data, sizeof(data), "lowerdir=%s,upperdir=%s,workdir=%s",
				 p->ovl_lower, p->ovl_upper, p->ovl_work);
		if (n >= (int)sizeof(data))
			return berth_fail(err, E2BIG, "overlay options too long");
		if (mount("overlay", p->rootfs, "overlay", 0, data) < 0)
			return berth_failno(err, "mounting overlay on %s", p->rootfs);
	} else if (idmapped >= 0) {
		/* The shim's idmapped clone stands in for the self-bind: also a
		 * mount point, with the files' owners shifted into our range. */
		if (syscall(SYS_move_mount, idmapped, "", AT_FDCWD, p->rootfs,
			    MOVE_MOUNT_F_EMPTY_PATH) < 0)
			return berth_failno(err, "moving the idmapped rootfs onto %s", p->rootfs);
	} else if (mount(p->rootfs, p->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0) {
		/* pivot_root needs the new root to be a mount point. */
		return berth_failno(err, "binding rootfs %s onto itself", p->rootfs);
	}
	int fd = open(p->rootfs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return berth_failno(err, "opening rootfs %s", p->rootfs);
	return fd;
}

static int setattr_ro(int dirfd, const char *dest, bool recursive, struct berth_error **err)
{
	cleanup_fd int fd = open_in_root(dirfd, dest, O_PATH, err);
	if (fd < 0)
		return -1;
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };
	if (syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0),
		    &attr, sizeof(attr)) < 0)
		return berth_failno(err, "making %s read-only", dest);
	return 0;
}

static int rbind_readonly(int rootfd, const char *host, const char *dest, struct berth_error **err)
{
	if (mount_in_root(rootfd, dest, host, NULL, MS_BIND | MS_REC, NULL, false, err) < 0)
		return -1;
	return setattr_ro(rootfd, dest, true, err);
}

/* The host's cgroup hierarchies, read from mountinfo: mount point, and the
 * super options minus rw/ro (they name the controllers). */
static int scan_cgroup_hierarchies(struct rootfs_cgroups *cg, struct berth_error **err)
{
	cleanup_file FILE *f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return berth_failno(err, "reading mountinfo");
	char line[4096];
	cg->n = 0;
	while (fgets(line, sizeof(line), f)) {
		char mp[1024], fstype[64], src[256], opts[1024];
		char *sep = strstr(line, " - ");
		if (!sep || sscanf(line, "%*s %*s %*s %*s %1023s", mp) != 1 ||
		    sscanf(sep + 3, "%63s %255s %1023s", fstype, src, opts) != 3)
			continue;
		bool v2 = !strcmp(fstype, "cgroup2");
		if ((!v2 && strcmp(fstype, "cgroup")) || strncmp(mp, "/sys/fs/cgroup", 14))
			continue;
		if (cg->n == ROOTFS_MAX_CGROUPS)
			return berth_fail(err, E2BIG, "more than %d cgroup hierarchies", ROOTFS_MAX_CGROUPS);
		struct rootfs_cgroup *h = &cg->h[cg->n++];
		if (snprintf(h->mp, sizeof(h->mp), "%s", mp) >= (int)sizeof(h->mp))
			return berth_fail(err, ENAMETOOLONG, "cgroup mount point %s", mp);
		h->v2 = v2;
		h->data[0] = '\0';
		char *save = NULL;
		for (char *t = strtok_r(opts, ",", &save); t && !v2; t = strtok_r(NULL, ",", &save)) {
			if (!strcmp(t, "rw") || !strcmp(t, "ro"))
				continue;
			if (h->data[0])
				strncat(h->data, ",", sizeof(h->data) - strlen(h->data) - 1);
			strncat(h->data, t, sizeof(h->data) - strlen(h->data) - 1);
		}
		if (!strcmp(mp, "/sys/fs/cgroup"))
			break; /* pure v2 host: that one mount is all there is */
	}
	return 0;
}

int rootfs_cgroup_prepare(int rootfd, const struct berth_plan *p, struct rootfs_cgroups *cg,
			  struct berth_error **err)
{
	cg->fresh = false;
	cg->n = 0;
	/* Part of the default /sys: a plan that mounts /sys itself gets neither. */
	if (spec_has(p, "/sys") || spec_has(p, "/sys/fs/cgroup"))
		return 0;
	/* cgroup v1 cannot be mounted from a user namespace, and without a
	 * cgroup namespace a fresh mount would show the host tree anyway. */
	if (!p->ns[NS_CGROUP].enabled || p->ns[NS_USER].enabled)
		return rbind_readonly(rootfd, "/sys/fs/cgroup", "/sys/fs/cgroup", err);
	/* One fresh mount per host hierarchy, made by rootfs_cgroup_mounts once
	 * we are in our cgroup namespace.  Everything up to that point (the
	 * read-only tmpfs with a mount point per hierarchy) is made now. */
	cg->fresh = true;
	if (mount_in_root(rootfd, "/sys/fs/cgroup", "tmpfs", "tmpfs",
			  MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755", false, err) < 0)
		return -1;
	if (scan_cgroup_hierarchies(cg, err) < 0)
		return berth_context(err, "mounting cgroup hierarchies");
	for (size_t i = 0; i < cg->n; i++)
		if (ensure_in_root(rootfd, cg->h[i].mp, false, err) < 0)
			return berth_context(err, "mounting cgroup hierarchies");
	return setattr_ro(rootfd, "/sys/fs/cgroup", false, err);
}

int rootfs_cgroup_mounts(int rootfd, const struct rootfs_cgroups *cg, struct berth_error **err)
{
	/* In a cgroup namespace the fresh mount's root is the container's own
	 * cgroup, not the host's. */
	const unsigned long fl = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
	for (size_t i = 0; cg->fresh && i < cg->n; i++) {
		const struct rootfs_cgroup *h = &cg->h[i];
		if (mount_in_root(rootfd, h->mp, h->v2 ? "cgroup2" : "cgroup", h->v2 ? "cgroup2" : "cgroup",
				  fl, h->v2 ? NULL : h->data, false, err) < 0)
			return berth_context(err, "mounting cgroup hierarchies");
	}
	return 0;
}

int rootfs_default_mounts(int rootfd, const struct berth_plan *p, struct berth_error **err)
{
	const unsigned long safe = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	if (!spec_has(p, "/proc") &&
	    mount_in_root(rootfd, "/proc", "proc", "proc", safe, NULL, false, err) < 0)
		return -1;
	if (!spec_has(p, "/sys")) {
		/* sysfs refuses a mount from a user namespace that does not own
		 * the network namespace; a read-only rbind is the fallback. */
		if (mount_in_root(rootfd, "/sys", "sysfs", "sysfs", safe | MS_RDONLY, NULL, false,
				  NULL) < 0 &&
		    rbind_readonly(rootfd, "/sys", "/sys", err) < 0)
			return -1;
	}
	return 0;
}

int rootfs_pivot(int rootfd, struct berth_error **err)
{
	if (fchdir(rootfd) < 0)
		return berth_failno(err, "entering rootfs");
	/* pivot_root(".", ".") stacks the old root on top of the new one;
	 * detaching "." afterwards removes it without needing a put_old dir. */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return berth_failno(err, "pivot_root");
	if (umount2(".", MNT_DETACH) < 0)
		return berth_failno(err, "detaching the old root");
	if (chdir("/") < 0)
		return berth_failno(err, "chdir /");
	return 0;
}

int rootfs_root_propagation(const struct berth_plan *p, struct berth_error **err)
{
	/* As runc: shared and unbindable go on the new / itself, after
	 * pivot_root; private and slave were applied to the old one. */
	unsigned long prop = p->root_propagation;
	if (!p->ns[NS_MOUNT].enabled || !prop || (prop & (MS_PRIVATE | MS_SLAVE)))
		return 0;
	if (mount(NULL, "/", NULL, prop, NULL) < 0)
		return berth_failno(err, "applying the root propagation");
	return 0;
}

int rootfs_chroot(int rootfd, struct berth_error **err)
{
	if (fchdir(rootfd) < 0)
		return berth_failno(err, "entering rootfs");
	if (chroot(".") < 0)
		return berth_failno(err, "chroot");
	if (chdir("/") < 0)
		return berth_failno(err, "chdir /");
	return 0;
}

#ifndef STATX_MNT_ID
#define STATX_MNT_ID 0x00001000U
#endif

int rootfs_mount_id(const char *path, struct berth_error **err)
{
	struct statx stx;
	/* Following a symlink as mount(2) did when it bound the rootfs. */
	if (statx(AT_FDCWD, path, 0, STATX_MNT_ID, &stx) < 0)
		return berth_failno(err, "reading the mount id of %s", path);
	if (!(stx.stx_mask & STATX_MNT_ID))
		return berth_fail(err, ENOTSUP, "the kernel reports no mount id for %s", path);
	return (int)stx.stx_mnt_id;
}

int rootfs_release_host_mount(const char *rootfs, int mnt_id, struct berth_error **err)
{
	/* Only the mount we made: if something else is on top now, or ours is
	 * gone, the path's topmost mount is not ours to remove. */
	int top = rootfs_mount_id(rootfs, NULL);
	if (top != mnt_id)
		return 0;
	/* Lazily and recursively: /proc, /dev and every spec mount sit below it. */
	if (umount2(rootfs, MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT)
		return berth_failno(err, "unmounting the container's mounts at %s", rootfs);
	return 0;
}

int rootfs_finalize(const struct berth_plan *p, struct berth_error **err)
{
	for (size_t i = 0; i < p->masked.n; i++)
		if (mount_masked_path(p->masked.v[i], err) < 0)
			return -1;
	for (size_t i = 0; i < p->readonly.n; i++)
		if (mount_readonly_path(p->readonly.v[i], err) < 0)
			return -1;
	if (p->readonly_root && remount_bind_flags("/", MS_RDONLY, err) < 0)
		return berth_context(err, "making the root read-only");
	return 0;
}
