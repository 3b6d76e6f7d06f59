/* process.h - credentials, limits and environment of the container process. */
#ifndef BERTH_PROCESS_H
#define BERTH_PROCESS_H

#include <limits.h>
#include <sys/types.h>

#include "error.h"
#include "plan.h"

/* The plan's oom_score_adj for `pid`, if it has one.  Called from the host
 * side (the shim for the init, the exec helper before setns): lowering it
 * needs CAP_SYS_RESOURCE in the initial user namespace, which a process in
 * the container's user namespace never has. */
int process_set_oom_score_adj(const struct berth_plan *p, pid_t pid, struct berth_error **err);
/* rlimits, [seccomp without no_new_privs], bounding set +
 * keepcaps, groups, gid, uid, capset + ambient, no_new_privs, cwd (in that
 * order: the first ones need privileges the later ones drop). */
int process_apply(const struct berth_plan *p, struct berth_error **err);
/* The plan env plus a default PATH (and TERM with a terminal). */
char **process_envp(const struct berth_plan *p);
/* Resolve argv[0] against PATH from envp, like execvp would. */
int process_find_exec(const char *file, char *const envp[], char out[PATH_MAX],
		      struct berth_error **err);
/* Just before execve: mark every fd >= 3 close-on-exec, then load the
 * seccomp filter (if not loaded yet).  Idempotent. */
int process_confine(const struct berth_plan *p, struct berth_error **err);
/* Write the plan's sysctls through the container's /proc/sys. */
int process_sysctls(const struct berth_plan *p, struct berth_error **err);
/* execve the plan's command (process_confine first); only returns on failure. */
int process_exec(const struct berth_plan *p, struct berth_error **err);

#endif
