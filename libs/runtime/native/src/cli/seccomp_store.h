/* seccomp_store.h - programs the TypeScript side compiled (seccomp_store.c). */
#ifndef BERTH_CLI_SECCOMP_STORE_H
#define BERTH_CLI_SECCOMP_STORE_H

#include <stddef.h>

#include "../error.h"
#include "json.h"

struct stored_program {
	char *entry; /* the entry file; program points into it */
	const char *program;
	size_t len;
	long flags; /* seccomp(2) flags */
};

/* The program compiled for exactly `seccomp` (linux.seccomp): 0, or
 * CLI_REFERENCE when none is stored for this profile, CPU and compiler. */
int seccomp_store_find(const char *root, const struct json *seccomp, struct stored_program *out);
/* Writes the program to `path` (a new file, 0600). */
int seccomp_store_write(const struct stored_program *p, const char *path, struct berth_error **err);
void seccomp_store_free(struct stored_program *p);

#endif
