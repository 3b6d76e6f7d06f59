/* shim.h - `create`, `start` and `kill`: the per-container shim. */
#ifndef BERTH_SHIM_H
#define BERTH_SHIM_H

int cmd_create(const char *plan_path);
int cmd_start(const char *state_dir);
int cmd_kill(const char *state_dir, const char *signal);
/* Detach the mounts a container without a mount namespace left in ours. */
int cmd_release_mounts(const char *state_dir);

#endif
