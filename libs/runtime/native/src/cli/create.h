/* create.h - the native create (create.c), also what the native run builds on. */
#ifndef BERTH_CLI_CREATE_H
#define BERTH_CLI_CREATE_H

#include <stdbool.h>

#include "cli.h"

struct create;

/* Creates the container `call` names, in runc's model (the container keeps
 * our stdio and goes to our subreaper). 0 with *out; CLI_REFERENCE when the
 * reference must do it (nothing is left behind then). `run`: the options
 * are run's (no --console-socket). */
int create_container(const struct cli_call *call, bool run, struct create **out);
const char *create_id(const struct create *c);
long create_init_pid(const struct create *c);
const char *create_dir(const struct create *c);
/* Kills whatever is left in its cgroups and removes them and its state dir:
 * delete --force. 0, or -1 when a cgroup would not go. */
int create_remove(struct create *c);
void create_release(struct create *c);

#endif
