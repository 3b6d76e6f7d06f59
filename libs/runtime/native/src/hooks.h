/* hooks.h - createContainer and startContainer hooks, run by the container
 * process itself (runtime-spec config.md#posix-platform-hooks). */
#ifndef BERTH_HOOKS_H
#define BERTH_HOOKS_H

#include <sys/types.h>

#include "error.h"
#include "plan.h"

/* Runs the phase's hooks in plan order, each with the state JSON (pid =
 * host_pid) on stdin, its own argv and env; the first that fails (exit
 * status, signal, timeout, not executable) stops the rest: -1, and *err
 * names it with the tail of its output. */
int hooks_run(const struct berth_plan *p, enum hook_phase phase, pid_t host_pid,
	      struct berth_error **err);

#endif
