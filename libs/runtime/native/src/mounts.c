/* mounts.c - mount option parsing and mounting inside the container rootfs.
 *
 * Every target under the rootfs is opened with openat2(RESOLVE_IN_ROOT) and
 * mounted through its /proc/self/fd/N magic link, so a symlink planted in an
 * image (e.g. /etc -> /host/etc) can never redirect a mount onto the host.
 */
#define _GNU_SOURCE
#include "mounts.h"

#include <fcntl.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

static const struct {
	const char *name;
	bool clear;
	unsigned long flag;
} flag_table[] = {
	{ "ro", false, MS_RDONLY },	      { "rw", true, MS_RDONLY },
	{ "nosuid", false, MS_NOSUID },	      { "suid", true, MS_NOSUID },
	{ "nodev", false, MS_NODEV },	      { "dev", true, MS_NODEV },
	{ "noexec", false, MS_NOEXEC },	      { "exec", true, MS_NOEXEC },
	{ "sync", false, MS_SYNCHRONOUS },    { "async", true, MS_SYNCHRONOUS },
	{ "dirsync", false, MS_DIRSYNC },     { "remount", false, MS_REMOUNT },
	{ "mand", false, MS_MANDLOCK },	      { "nomand", true, MS_MANDLOCK },
	{ "noatime", false, MS_NOATIME },     { "atime", true, MS_NOATIME },
	{ "nodiratime", false, MS_NODIRATIME }, { "diratime", true, MS_NODIRATIME },
	{ "relatime", false, MS_RELATIME },   { "norelatime", true, MS_RELATIME },
	{ "strictatime", false, MS_STRICTATIME }, { "nostrictatime", true, MS_STRICTATIME },
	{ "defaults", true, 0 },
};

static const struct {
	const char *name;
	unsigned long flag;
} prop_table[] = {
	{ "private", MS_PRIVATE },	       { "rprivate", MS_PRIVATE | MS_REC },
	{ "shared", MS_SHARED },	       { "rshared", MS_SHARED | MS_REC },
	{ "slave", MS_SLAVE },		       { "rslave", MS_SLAVE | MS_REC },
	{ "unbindable", MS_UNBINDABLE },       { "runbindable", MS_UNBINDABLE | MS_REC },
};

static int parse_one(const char *opt, struct mount_opts *o, struct berth_error **err)
{
	if (!strcmp(opt, "bind") || !strcmp(opt, "rbind")) {
		o->bind = true;
		o->rec = o->rec || opt[0] == 'r';
		return 0;
	}
	for (size_t i = 0; i < sizeof(flag_table) / sizeof(flag_table[0]); i++) {
		if (strcmp(opt, flag_table[i].name))
			continue;
		if (flag_table[i].clear)
			o->flags &= ~flag_table[i].flag;
		else
			o->flags |= flag_table[i].flag;
		return 0;
	}
	for (size_t i = 0; i < sizeof(prop_table) / sizeof(prop_table[0]); i++)
		if (!strcmp(opt, prop_table[i].name)) {
			o->propagation = prop_table[i].flag;
			return 0;
		}
	/* Anything else is filesystem data (mode=755, size=64k, lowerdir=...). */
	size_t used = strlen(o->data), need = strlen(opt) + (used ? 1 : 0);
	if (used + need + 1 > sizeof(o->data))
		return berth_fail(err, E2BIG, "mount options too long");
	if (used)
		strcat(o->data, ",");
	strcat(o->data, opt);
	return 0;
}

int mount_opts_parse(const char *opts, struct mount_opts *o, struct berth_error **err)
{
	memset(o, 0, sizeof(*o));
	cleanup_free char *copy = xstrdup(opts);
	char *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (parse_one(t, o, err) < 0)
			return -1;
	return 0;
}

int open_in_root(int rootfd, const char *path, int flags, struct berth_error **err)
{
	struct open_how how = {
		.flags = (unsigned long long)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	while (*path == '/')
		path++;
	int fd = (int)syscall(SYS_openat2, rootfd, *path ? path : ".", &how, sizeof(how));
	if (fd < 0)
		return berth_failno(err, "opening %s in rootfs", path);
	return fd;
}

int open_or_create_in_root(int rootfd, const char *path, bool as_file, struct berth_error **err)
{
	int fd = open_in_root(rootfd, path, O_PATH, NULL);
	if (fd >= 0)
		return fd; /* the common case: one lookup, and the fd is reused */

	cleanup_free char *p = xstrdup(path);
	size_t len = strlen(p);
	while (len > 1 && p[len - 1] == '/')
		p[--len] = '\0';
	char *slash = strrchr(p, '/');
	const char *name = slash ? slash + 1 : p;
	if (slash)
		*slash = '\0';
	/* Parents are created as directories; an O_PATH fd is enough for *at(). */
	cleanup_fd int parent = slash ? open_or_create_in_root(rootfd, p[0] ? p : "/", false, err)
				      : open_in_root(rootfd, "/", O_PATH, err);
	if (parent < 0)
		return berth_context(err, "creating %s", path);
	if (as_file) {
		int f = openat(parent, name, O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0644);
		if (f < 0 && errno != EEXIST)
			return berth_failno(err, "creating file %s", path);
		if (f >= 0)
			close(f);
	} else if (mkdirat(parent, name, 0755) < 0 && errno != EEXIST) {
		return berth_failno(err, "creating directory %s", path);
	}
	/* Resolve the whole path again, inside the root: `name` may be a
	 * symlink that was there all along. */
	return open_in_root(rootfd, path, O_PATH, err);
}

int ensure_in_root(int rootfd, const char *path, bool as_file, struct berth_error **err)
{
	int fd = open_or_create_in_root(rootfd, path, as_file, err);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

int mount_in_root(int rootfd, const char *dest, const char *source, const char *type,
		  unsigned long flags, const char *data, bool dest_is_file,
		  struct berth_error **err)
{
	cleanup_fd int fd = open_or_create_in_root(rootfd, dest, dest_is_file, err);
	if (fd < 0)
		return -1;
	char target[64];
	snprintf(target, sizeof(target), "/proc/self/fd/%d", fd);
	if (mount(source, target, type, flags, data) < 0)
		return berth_failno(err, "mounting %s (%s) on %s", source ? source : "none",
				    type ? type : "bind", dest);
	return 0;
}

/* MS_* flags the kernel may have locked on a mount we bind from. */
static unsigned long locked_flags(const char *target)
{
	struct statvfs sv;
	unsigned long f = 0;
	if (statvfs(target, &sv) < 0)
		return 0;
	if (sv.f_flag & ST_NOSUID)
		f |= MS_NOSUID;
	if (sv.f_flag & ST_NODEV)
		f |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC)
		f |= MS_NOEXEC;
	if (sv.f_flag & ST_NOATIME)
		f |= MS_NOATIME;
	if (sv.f_flag & ST_NODIRATIME)
		f |= MS_NODIRATIME;
	if (sv.f_flag & ST_RELATIME)
		f |= MS_RELATIME;
	return f;
}

int remount_bind_flags(const char *target, unsigned long flags, struct berth_error **err)
{
	unsigned long f = MS_REMOUNT | MS_BIND | (flags & ~(MS_BIND | MS_REC | MS_REMOUNT)) |
			  locked_flags(target);
	if (mount(NULL, target, NULL, f, NULL) < 0)
		return berth_failno(err, "remounting %s", target);
	return 0;
}

int remount_readonly_rec(const char *target, struct berth_error **err)
{
	/* mount_setattr(AT_RECURSIVE) flips the whole subtree atomically. */
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };
	if (syscall(SYS_mount_setattr, AT_FDCWD, target, AT_RECURSIVE, &attr, sizeof(attr)) == 0)
		return 0;
	if (errno != ENOSYS)
		return berth_failno(err, "making %s read-only", target);
	return remount_bind_flags(target, MS_RDONLY, err);
}

int mount_spec(int rootfd, const struct berth_mount *m, struct berth_error **err)
{
	struct mount_opts o;
	if (mount_opts_parse(m->options, &o, err) < 0)
		return berth_context(err, "mount %s", m->dest);
	if (!strcmp(m->type, "bind"))
		o.bind = true;

	if (o.bind) {
		struct stat st;
		if (stat(m->source, &st) < 0)
			return berth_failno(err, "bind source %s for %s", m->source, m->dest);
		unsigned long f = MS_BIND | (o.rec ? MS_REC : 0);
		if (mount_in_root(rootfd, m->dest, m->source, NULL, f, NULL, !S_ISDIR(st.st_mode), err) < 0)
			return -1;
	} else {
		if (mount_in_root(rootfd, m->dest, m->source, m->type, o.flags,
				  o.data[0] ? o.data : NULL, false, err) < 0)
			return -1;
	}

	/* Re-open: the old fd points at the covered mountpoint, not the new mount. */
	cleanup_fd int fd = open_in_root(rootfd, m->dest, O_PATH, err);
	if (fd < 0)
		return -1;
	char target[64];
	snprintf(target, sizeof(target), "/proc/self/fd/%d", fd);
	if (o.bind && (o.flags & ~MS_REMOUNT)) {
		int r = (o.rec && (o.flags & MS_RDONLY)) ? remount_readonly_rec(target, err) : 0;
		if (r < 0 || remount_bind_flags(target, o.flags, err) < 0)
			return berth_context(err, "bind mount %s", m->dest);
	}
	if (o.propagation && mount(NULL, target, NULL, o.propagation, NULL) < 0)
		return berth_failno(err, "setting propagation of %s", m->dest);
	return 0;
}

int mount_masked_path(const char *path, struct berth_error **err)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0; /* nothing to hide */
		return berth_failno(err, "masking %s", path);
	}
	if (S_ISDIR(st.st_mode)) {
		if (mount("tmpfs", path, "tmpfs", MS_RDONLY, NULL) < 0)
			return berth_failno(err, "masking directory %s", path);
	} else if (mount("/dev/null", path, NULL, MS_BIND, NULL) < 0) {
		return berth_failno(err, "masking %s", path);
	}
	return 0;
}

int mount_readonly_path(const char *path, struct berth_error **err)
{
	if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0) {
		if (errno == ENOENT)
			return 0;
		return berth_failno(err, "binding %s read-only", path);
	}
	if (remount_readonly_rec(path, err) < 0)
		return berth_context(err, "readonly path %s", path);
	return 0;
}
