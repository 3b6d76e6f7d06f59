/* mounts.h - mount option parsing and mounting inside the container rootfs. */
#ifndef BERTH_MOUNTS_H
#define BERTH_MOUNTS_H

#include <stdbool.h>

#include "plan.h"

struct mount_opts {
	unsigned long flags;	   /* MS_* flags for mount(2) */
	unsigned long propagation; /* MS_PRIVATE/MS_SLAVE/... (| MS_REC) */
	bool bind, rec;
	char data[4096]; /* filesystem specific options, e.g. mode=755 */
};

int mount_opts_parse(const char *opts, struct mount_opts *o, struct berth_error **err);

/* Open `path` (absolute, container view) resolving symlinks inside root. */
int open_in_root(int rootfd, const char *path, int flags, struct berth_error **err);
/* Make sure `path` exists under root (dirs, plus a file when as_file). */
int ensure_in_root(int rootfd, const char *path, bool as_file, struct berth_error **err);
/* The same, returning an O_PATH fd of it. */
int open_or_create_in_root(int rootfd, const char *path, bool as_file, struct berth_error **err);
/* Mount onto `dest` under root; dest is created when missing. */
int mount_in_root(int rootfd, const char *dest, const char *source, const char *type,
		  unsigned long flags, const char *data, bool dest_is_file,
		  struct berth_error **err);
/* Make an existing mount (and everything below it) read-only. */
int remount_readonly_rec(const char *target, struct berth_error **err);
/* Remount flags on a bind mount, keeping the flags the kernel locked. */
int remount_bind_flags(const char *target, unsigned long flags, struct berth_error **err);

int mount_spec(int rootfd, const struct berth_mount *m, struct berth_error **err);
/* After pivot_root: masked_path and readonly_path lines. */
int mount_masked_path(const char *path, struct berth_error **err);
int mount_readonly_path(const char *path, struct berth_error **err);

#endif
