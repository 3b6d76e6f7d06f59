/* shim.h - `create`, `start` and `kill`: the per-container shim. */
#ifndef BERTH_SHIM_H
#define BERTH_SHIM_H

#include "error.h"

int cmd_create(const char *plan_path);
/* What cmd_create does, with the failure handed back instead of printed. */
int shim_create(const char *plan_path, struct berth_error **err);
int cmd_start(const char *state_dir);
int cmd_kill(const char *state_dir, const char *signal);
/* Detach the mounts a container without a mount namespace left in ours. */
int cmd_release_mounts(const char *state_dir);

#endif
