/* sidecar.h - reading a container's state.txt (native/STATE.md). */
#ifndef BERTH_CLI_SIDECAR_H
#define BERTH_CLI_SIDECAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../error.h"
#include "../util.h"

/* A process as state.json records it: pid plus start time (clock ticks). */
struct identity {
	bool set;
	long pid;
	unsigned long long start;
};

#define SIDECAR_MAX_GROUPS 16

struct sidecar {
	char *dir; /* <root>/<id> */
	char *id, *bundle, *status;
	struct strv ann_keys, ann_values;
	struct identity init, shim, creator;
	bool handoff; /* no Berth shim: `shim` is the container process itself */
	bool hooks;   /* poststart/poststop hooks: start and delete are the reference's */
	int freezer_version; /* 0: nothing can freeze, else 1 or 2 */
	char *freezer_path;
	struct strv procs;
	struct strv remove[SIDECAR_MAX_GROUPS];
	size_t n_remove;
	char *text; /* the file; every string above points into it */
};

/* The container's directory for `id` under `root`, after the TypeScript
 * side's checks (valid id, attach socket path short enough); NULL when the
 * reference path must answer (it reports the invalid id). */
char *sidecar_dir(const char *root, const char *id);

/* Loads <dir>/state.txt when it describes <dir>/state.json byte for byte.
 * 0 on success; -1 with CONTAINER_NOT_FOUND when there is no state.json;
 * CLI_REFERENCE when the sidecar is missing, stale or not understood. */
int sidecar_load(const char *dir, const char *id, struct sidecar *s, struct berth_error **err);
void sidecar_free(struct sidecar *s);

/* 32-bit FNV-1a, as state-sidecar.ts computes it over state.json. */
uint32_t fnv1a32(const char *bytes, size_t n);

#endif
