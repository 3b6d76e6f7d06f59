/* util.h - small helpers shared by every part of the shim. */
#ifndef BERTH_UTIL_H
#define BERTH_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"

/* Growable NULL-terminated string vector. */
struct strv {
	char **v;
	size_t n;
};
void strv_push(struct strv *s, const char *str);
void strv_free(struct strv *s);

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

ssize_t write_all(int fd, const void *buf, size_t n);
ssize_t read_all(int fd, void *buf, size_t n);

/* Write a whole small file (e.g. /proc/pid/uid_map, cgroup.procs). */
int write_file(const char *path, const char *data, size_t len, struct berth_error **err);
/* tmp + fsync + rename so a reader never sees a half written file, and
 * the content survives a power loss (exit.json). */
int write_file_atomic(const char *dir, const char *name, const char *data, size_t len,
		      struct berth_error **err);
/* tmp + rename without the fsync: atomic for readers but not durable.  For
 * files that only describe live processes (pids, status): after a power
 * loss no container is left for them to describe, and each fsync is a
 * journal commit (0.3-2 ms) on the create/start path. */
int write_file_replace(const char *dir, const char *name, const char *data, size_t len,
		       struct berth_error **err);
/* write_file_replace with the file's mode (0600 for what only root may read). */
int write_file_replace_mode(const char *dir, const char *name, const char *data, size_t len, mode_t mode,
			    struct berth_error **err);
/* rm -r: the directory and everything below it (not following links); a
 * missing one is no error. */
int remove_tree(const char *dir);
/* Read a whole small file into a malloc'd NUL terminated buffer. */
char *read_file(const char *path, size_t *len_out);

/* "2024-05-01T10:11:12.123456789Z" (RFC3339Nano, UTC). */
void rfc3339_now(char *buf, size_t size);

const char *signal_name(int sig);
int signal_parse(const char *s);

/* Close every fd >= from except `keep` (-1 for none). */
void close_fds_from(int from, int keep);
/* The same, keeping two (either -1 for none). */
void close_fds_keeping(int from, int keep_a, int keep_b);

#endif
