/* seccomp.h - the seccomp filter compiled by TypeScript (`seccomp`). */
#ifndef BERTH_SECCOMP_H
#define BERTH_SECCOMP_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct berth_seccomp {
	unsigned char *prog; /* struct sock_filter[], read from the host path */
	size_t len;	     /* bytes: a non-zero multiple of 8, at most 4096 * 8 */
	unsigned int flags;  /* seccomp(2) SECCOMP_FILTER_FLAG_* */
};

/* Read and check the BPF file; done when the plan is loaded, i.e. before
 * any namespace is entered or pivot_root changes what the path means. */
int seccomp_read(const char *path, struct berth_seccomp *s, struct berth_error **err);
/* seccomp(SECCOMP_SET_MODE_FILTER).  Without no_new_privs the kernel wants
 * CAP_SYS_ADMIN: the caller loads it before dropping capabilities then.
 * Loads at most once per process (a forked child inherits the filter). */
int seccomp_load(const struct berth_seccomp *s, struct berth_error **err);
bool seccomp_loaded(void);

#endif
