/* namespaces.c - creating, joining and mapping namespaces. */
#define _GNU_SOURCE
#include "namespaces.h"

#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static const int ns_flag[NS_COUNT] = {
	[NS_MOUNT] = CLONE_NEWNS, [NS_PID] = CLONE_NEWPID,   [NS_NET] = CLONE_NEWNET,
	[NS_UTS] = CLONE_NEWUTS,  [NS_IPC] = CLONE_NEWIPC,   [NS_CGROUP] = CLONE_NEWCGROUP,
	[NS_USER] = CLONE_NEWUSER,
};

static int new_ns_flags(const struct berth_plan *p)
{
	int flags = 0;
	for (int k = 0; k < NS_COUNT; k++)
		if (k != NS_CGROUP && p->ns[k].enabled && !p->ns[k].path)
			flags |= ns_flag[k];
	return flags;
}

/* Only what clone(2) alone can do goes into clone: a new pid namespace (the
 * child must be its PID 1) and a user namespace (the shim maps its ids from
 * outside).  Everything else the child unshares itself, in parallel with the
 * shim moving it into its cgroups -- creating a network namespace alone
 * costs a good part of a millisecond.  With a user namespace every namespace
 * is created at clone, so all of them are owned by it from the start. */
int ns_clone_flags(const struct berth_plan *p)
{
	int flags = new_ns_flags(p);
	/* A joined user namespace must own the new pid namespace: the child
	 * makes it after joining (container.c, become_pid_init). */
	if (ns_joined(p, NS_USER))
		return 0;
	return ns_new(p, NS_USER) ? flags : flags & CLONE_NEWPID;
}

int ns_unshare_flags(const struct berth_plan *p)
{
	return new_ns_flags(p) & ~ns_clone_flags(p) & ~CLONE_NEWPID;
}

int ns_join_paths(const struct berth_plan *p, struct berth_error **err)
{
	static const int order[] = { NS_PID, NS_NET, NS_UTS, NS_IPC, NS_CGROUP };
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		const struct berth_ns *ns = &p->ns[order[i]];
		if (!ns->enabled || !ns->path)
			continue;
		cleanup_fd int fd = open(ns->path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return berth_failno(err, "opening %s namespace %s", ns_kind_name(order[i]), ns->path);
		if (setns(fd, ns_flag[order[i]]) < 0)
			return berth_failno(err, "joining %s namespace %s", ns_kind_name(order[i]), ns->path);
	}
	return 0;
}

/* runc's order (libcontainer/nsenter): every namespace but the user one
 * first, while we still hold the host's privileges; then the user
 * namespace (becoming its root); then, again, those that refused us with
 * EPERM, which its privileges may now allow.  The fds are opened before any
 * setns: after entering the mount namespace the paths may not resolve. */
int ns_join_child(const struct berth_plan *p, struct berth_error **err)
{
	const enum berth_ns_kind kinds[] = { NS_MOUNT, NS_USER };
	int fds[2] = { -1, -1 };
	int rc = 0;
	static const char *const ours[] = { "/proc/self/ns/mnt", "/proc/self/ns/user" };
	for (size_t i = 0; i < 2 && rc == 0; i++) {
		if (!ns_joined(p, kinds[i]))
			continue;
		if ((fds[i] = open(p->ns[kinds[i]].path, O_RDONLY | O_CLOEXEC)) < 0) {
			rc = berth_failno(err, "opening %s namespace %s", ns_kind_name(kinds[i]), p->ns[kinds[i]].path);
			break;
		}
		/* Already ours (the caller's own): re-entering a user namespace is
		 * EINVAL, and there is nothing to join. */
		struct stat a, b;
		if (fstat(fds[i], &a) == 0 && stat(ours[i], &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev) {
			close(fds[i]);
			fds[i] = -1;
		}
	}
	bool mount_refused = false;
	if (rc == 0 && fds[0] >= 0 && setns(fds[0], CLONE_NEWNS) < 0) {
		if (errno != EPERM || fds[1] < 0)
			rc = berth_failno(err, "joining mount namespace %s", p->ns[NS_MOUNT].path);
		mount_refused = true;
	}
	if (rc == 0 && fds[1] >= 0) {
		if (setns(fds[1], CLONE_NEWUSER) < 0)
			rc = berth_failno(err, "joining user namespace %s", p->ns[NS_USER].path);
		/* As after unshare(CLONE_NEWUSER): root of the namespace, so what
		 * we create belongs to its root. */
		else if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
			rc = berth_failno(err, "becoming root in user namespace %s", p->ns[NS_USER].path);
	}
	if (rc == 0 && mount_refused && setns(fds[0], CLONE_NEWNS) < 0)
		rc = berth_failno(err, "joining mount namespace %s", p->ns[NS_MOUNT].path);
	for (size_t i = 0; i < 2; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return rc;
}

static int write_map(pid_t pid, const char *file, const struct berth_idmap *m, size_t n,
		     struct berth_error **err)
{
	char buf[BERTH_MAX_IDMAPS * 40], path[64];
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%lu %lu %lu\n", m[i].inner,
					m[i].outer, m[i].size);
	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	/* The whole map must go in one write(2), the kernel accepts one. */
	return write_file(path, buf, len, err);
}

int ns_write_idmaps(pid_t pid, const struct berth_plan *p, struct berth_error **err)
{
	if (write_map(pid, "uid_map", p->uid_maps, p->n_uid_maps, err) < 0 ||
	    write_map(pid, "gid_map", p->gid_maps, p->n_gid_maps, err) < 0)
		return berth_context(err, "writing id maps");
	return 0;
}

/* Older headers lack the mount API; the numbers are the same on every
 * architecture (the new syscalls share one table). */
#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC O_CLOEXEC
#endif
#ifndef MOUNT_ATTR_IDMAP
#define MOUNT_ATTR_IDMAP 0x00100000
#endif

int ns_idmapped_clone(pid_t pid, const char *dir, struct berth_error **err)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/ns/user", pid);
	cleanup_fd int userns = open(path, O_RDONLY | O_CLOEXEC);
	if (userns < 0)
		return berth_failno(err, "opening %s", path);
	/* A detached copy of the tree: the idmap applies to it alone, never to
	 * the host's view of the directory. */
	int fd = (int)syscall(SYS_open_tree, AT_FDCWD, dir,
			      OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	if (fd < 0)
		return berth_failno(err, "cloning %s", dir);
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (__u64)userns };
	if (syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr)) < 0) {
		int e = errno;
		close(fd);
		/* What an old kernel or a filesystem without idmap support says.
		 * ENOTSUP plus this text is what the TS side takes as "fall back
		 * to a shifted copy"; other errors stay errors. */
		if (e == EINVAL || e == ENOSYS || e == EPERM || e == EOPNOTSUPP)
			return berth_fail(err, ENOTSUP, "idmapped mount unsupported for %s: %s", dir,
					  strerror(e));
		errno = e;
		return berth_failno(err, "idmapping %s", dir);
	}
	return fd;
}

static const struct {
	const char *name;
	int flag;
} join_order[] = {
	/* As host root we may enter everything; the user namespace goes last
	 * because entering it drops our capabilities over the host's. */
	{ "cgroup", CLONE_NEWCGROUP }, { "ipc", CLONE_NEWIPC }, { "uts", CLONE_NEWUTS },
	{ "net", CLONE_NEWNET },       { "pid", CLONE_NEWPID }, { "mnt", CLONE_NEWNS },
	{ "user", CLONE_NEWUSER },
};
#define N_JOIN (sizeof(join_order) / sizeof(join_order[0]))

int ns_join_process(pid_t pid, struct berth_error **err)
{
	int fds[N_JOIN];
	int rc = 0;
	/* The container's root as its process sees it: after joining, we take
	 * it too.  With a mount namespace of its own that is the namespace's
	 * root, which setns already gave us; without one (it runs chrooted in
	 * ours) it is what keeps us out of the host's root. */
	char rootpath[64];
	snprintf(rootpath, sizeof(rootpath), "/proc/%d/root", pid);
	cleanup_fd int root = open(rootpath, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return berth_failno(err, "opening %s", rootpath);
	/* Open all first: after entering the mount ns, /proc is the container's. */
	for (size_t i = 0; i < N_JOIN; i++) {
		char theirs[64], ours[64];
		struct stat a, b;
		fds[i] = -1;
		snprintf(theirs, sizeof(theirs), "/proc/%d/ns/%s", pid, join_order[i].name);
		snprintf(ours, sizeof(ours), "/proc/self/ns/%s", join_order[i].name);
		if (stat(theirs, &a) < 0) {
			rc = berth_failno(err, "inspecting %s", theirs);
			break;
		}
		if (stat(ours, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev)
			continue; /* same namespace: entering it again is EINVAL for user */
		fds[i] = open(theirs, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0) {
			rc = berth_failno(err, "opening %s", theirs);
			break;
		}
	}
	for (size_t i = 0; rc == 0 && i < N_JOIN; i++)
		if (fds[i] >= 0 && setns(fds[i], join_order[i].flag) < 0)
			rc = berth_failno(err, "joining %s namespace of pid %d", join_order[i].name, pid);
	for (size_t i = 0; i < N_JOIN; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	if (rc == 0 && (fchdir(root) < 0 || chroot(".") < 0 || chdir("/") < 0))
		rc = berth_failno(err, "entering the root of pid %d", pid);
	return rc;
}
