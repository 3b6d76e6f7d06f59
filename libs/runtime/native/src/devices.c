/* devices.c - populate the container's /dev.
 *
 * /dev is a private tmpfs holding only the harmless standard nodes.  Inside a
 * user namespace mknod is refused, so nodes are bind mounts of the host's.
 * The spec's linux.devices come last, replacing any node at their path.
 */
#define _GNU_SOURCE
#include "devices.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "mounts.h"
#include "util.h"

static const char *const std_nodes[] = { "null", "zero", "full", "random", "urandom", "tty" };

static bool spec_has(const struct berth_plan *p, const char *dest)
{
	for (size_t i = 0; i < p->n_mounts; i++)
		if (!strcmp(p->mounts[i].dest, dest))
			return true;
	return false;
}

static int bind_node(int devfd, const char *name, struct berth_error **err)
{
	char host[64], target[96];
	snprintf(host, sizeof(host), "/dev/%s", name);
	int f = openat(devfd, name, O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0666);
	if (f < 0)
		return berth_failno(err, "creating /dev/%s", name);
	close(f);
	snprintf(target, sizeof(target), "/proc/self/fd/%d/%s", devfd, name);
	if (mount(host, target, NULL, MS_BIND, NULL) < 0)
		return berth_failno(err, "binding %s into the container", host);
	return 0;
}

static int make_node(int devfd, const char *name, bool userns, struct berth_error **err)
{
	char host[64];
	struct stat st;
	snprintf(host, sizeof(host), "/dev/%s", name);
	if (stat(host, &st) < 0)
		return berth_failno(err, "stat %s", host);
	if (!userns) {
		if (mknodat(devfd, name, S_IFCHR | 0666, st.st_rdev) == 0) {
			/* mknod honours the umask; devices must be world usable. */
			if (fchmodat(devfd, name, 0666, 0) < 0)
				return berth_failno(err, "chmod /dev/%s", name);
			return 0;
		}
		if (errno != EPERM)
			return berth_failno(err, "mknod /dev/%s", name);
	}
	return bind_node(devfd, name, err);
}

static mode_t node_kind(char type)
{
	return type == 'b' ? S_IFBLK : type == 'p' ? S_IFIFO : S_IFCHR; /* 'c' and 'u' */
}

/* One linux.devices node: mknod, or (refused in a user namespace) a bind of
 * the host's node at the same path, as runc does; then its mode and owner. */
static int spec_device(int rootfd, const struct berth_device *d, bool userns, struct berth_error **err)
{
	cleanup_free char *parent = xstrdup(d->path);
	char *slash = strrchr(parent, '/');
	const char *name = d->path + (slash - parent) + 1;
	*slash = '\0';
	if (!*name)
		return berth_fail(err, EINVAL, "device path %s has no file name", d->path);
	if (*parent && ensure_in_root(rootfd, parent, false, err) < 0)
		return -1;
	cleanup_fd int at = open_in_root(rootfd, *parent ? parent : "/", O_PATH | O_DIRECTORY, err);
	if (at < 0)
		return -1;
	cleanup_fd int dirfd = openat(at, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return berth_failno(err, "opening %s", *parent ? parent : "/");
	/* The spec's node replaces one of ours (or the image's) at that path. */
	if (unlinkat(dirfd, name, 0) < 0 && errno != ENOENT)
		return berth_failno(err, "replacing %s", d->path);
	if (mknodat(dirfd, name, node_kind(d->type) | d->mode, makedev(d->major, d->minor)) < 0) {
		if (errno != EPERM || !userns)
			return berth_failno(err, "mknod %s", d->path);
		int f = openat(dirfd, name, O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (f < 0)
			return berth_failno(err, "creating %s", d->path);
		close(f);
		char target[96];
		snprintf(target, sizeof(target), "/proc/self/fd/%d/%s", dirfd, name);
		if (mount(d->path, target, NULL, MS_BIND, NULL) < 0)
			return berth_failno(err, "binding the host's %s into the container (no mknod in a user namespace)", d->path);
		return 0;
	}
	/* mknod honours the umask. */
	if (fchmodat(dirfd, name, d->mode, 0) < 0 || fchownat(dirfd, name, d->uid, d->gid, AT_SYMLINK_NOFOLLOW) < 0)
		return berth_failno(err, "setting mode and owner of %s", d->path);
	return 0;
}

static int dev_symlinks(int devfd, struct berth_error **err)
{
	static const char *const links[][2] = {
		{ "pts/ptmx", "ptmx" },		{ "/proc/self/fd", "fd" },
		{ "/proc/self/fd/0", "stdin" }, { "/proc/self/fd/1", "stdout" },
		{ "/proc/self/fd/2", "stderr" },
	};
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		if (symlinkat(links[i][0], devfd, links[i][1]) < 0 && errno != EEXIST)
			return berth_failno(err, "symlink /dev/%s", links[i][1]);
	return 0;
}

static int mount_pts(int rootfd, struct berth_error **err)
{
	unsigned long f = MS_NOSUID | MS_NOEXEC;
	/* gid=5 (tty) fails when gid 5 is not mapped in a user namespace. */
	if (mount_in_root(rootfd, "/dev/pts", "devpts", "devpts", f,
			  "newinstance,ptmxmode=0666,mode=0620,gid=5", false, NULL) == 0)
		return 0;
	return mount_in_root(rootfd, "/dev/pts", "devpts", "devpts", f,
			     "newinstance,ptmxmode=0666,mode=0620", false, err);
}

int devices_setup(int rootfd, const struct berth_plan *p, struct berth_error **err)
{
	bool userns = p->ns[NS_USER].enabled;
	if (!spec_has(p, "/dev") &&
	    mount_in_root(rootfd, "/dev", "tmpfs", "tmpfs", MS_NOSUID | MS_STRICTATIME,
			  "mode=755,size=65536k", false, err) < 0)
		return -1;
	cleanup_fd int devfd = open_in_root(rootfd, "/dev", O_PATH | O_DIRECTORY, err);
	if (devfd < 0)
		return -1;
	/* mknodat/openat need a real directory fd, not O_PATH. */
	cleanup_fd int dirfd = openat(devfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return berth_failno(err, "opening /dev");

	for (size_t i = 0; i < sizeof(std_nodes) / sizeof(std_nodes[0]); i++)
		if (make_node(dirfd, std_nodes[i], userns, err) < 0)
			return -1;
	if (p->terminal) {
		/* The pty slave is bind mounted here once it exists. */
		int f = openat(dirfd, "console", O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
		if (f < 0)
			return berth_failno(err, "creating /dev/console");
		close(f);
	}
	if (dev_symlinks(dirfd, err) < 0)
		return -1;
	if (!spec_has(p, "/dev/pts") && mount_pts(rootfd, err) < 0)
		return -1;
	if (!spec_has(p, "/dev/shm") &&
	    mount_in_root(rootfd, "/dev/shm", "shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
			  "mode=1777,size=65536k", false, err) < 0)
		return -1;
	if (!spec_has(p, "/dev/mqueue") &&
	    mount_in_root(rootfd, "/dev/mqueue", "mqueue", "mqueue",
			  MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, false, err) < 0)
		return -1;
	for (size_t i = 0; i < p->n_devices; i++)
		if (spec_device(rootfd, &p->devices[i], userns, err) < 0)
			return berth_context(err, "linux.devices[%zu]", i);
	return 0;
}
