/* program_store.h - BPF programs the TypeScript side compiled (program_store.c). */
#ifndef BERTH_CLI_PROGRAM_STORE_H
#define BERTH_CLI_PROGRAM_STORE_H

#include <stddef.h>

#include "../error.h"
#include "json.h"

struct stored_program {
	char *entry; /* the entry file; program points into it */
	const char *program;
	size_t len;
	long flags; /* seccomp(2) flags; 0 for devices */
};

/* The program compiled for exactly `input` (`kind` "seccomp": linux.seccomp;
 * "devices": linux.resources.devices): 0, or CLI_REFERENCE when none is
 * stored for this input, CPU and compiler. */
int program_store_find(const char *root, const char *kind, const struct json *input, struct stored_program *out);
/* Writes the program to `path` (a new file, 0600). */
int program_store_write(const struct stored_program *p, const char *path, struct berth_error **err);
void program_store_free(struct stored_program *p);

#endif
