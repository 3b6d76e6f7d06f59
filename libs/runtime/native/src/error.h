/* error.h - the single error contract of berth-shim.
 *
 * A fallible function takes `struct berth_error **err`, returns a negative
 * value on failure and fills *err.  Callers add context on the way up with
 * berth_context(), so the final line reads outer-to-inner:
 *   berth: EPERM: setting up rootfs: mounting proc on /proc
 * The TypeScript side parses the errno name between the first two colons.
 */
#ifndef BERTH_ERROR_H
#define BERTH_ERROR_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define BERTH_ERRMSG_MAX 1536

struct berth_error {
	int errnum;
	/* A stable code such as "CONTAINER_NOT_FOUND" where the caller speaks
	 * the TypeScript runtime's codes (berth-runtime); NULL: the errno name. */
	const char *code;
	char msg[BERTH_ERRMSG_MAX];
};

/* Record a failure with an explicit errno value; always returns -1. */
int berth_fail(struct berth_error **err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Same, but takes the current errno. */
int berth_failno(struct berth_error **err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Same, with a stable code (a string literal) instead of an errno name. */
int berth_fail_code(struct berth_error **err, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prefix "<context>: " to an existing error; always returns -1. */
int berth_context(struct berth_error **err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

const char *berth_errno_name(int errnum);
/* Print the final "berth: ENAME: what" line to stderr. */
void berth_error_print(const struct berth_error *e);
/* The same line with another program name: "<prog>: CODE: what". */
void berth_error_print_as(const char *prog, const struct berth_error *e);
/* Print, free and return the process exit code 1. */
int berth_error_exit(struct berth_error *e);

/* ---- cleanup helpers: make early returns safe ---- */
static inline void berth_closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		close(*fd);
		errno = saved;
	}
}
static inline void berth_freep(void *p) { free(*(void **)p); }
static inline void berth_fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}
static inline void berth_errorp(struct berth_error **e) { free(*e); }

#define cleanup_fd __attribute__((cleanup(berth_closep)))
#define cleanup_free __attribute__((cleanup(berth_freep)))
#define cleanup_file __attribute__((cleanup(berth_fclosep)))
#define cleanup_error __attribute__((cleanup(berth_errorp)))

/* Hand an fd out of a cleanup_fd variable without closing it. */
static inline int berth_steal_fd(int *fd)
{
	int r = *fd;
	*fd = -1;
	return r;
}

#endif
