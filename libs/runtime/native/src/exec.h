/* exec.h - `exec`: run a process inside a running container. */
#ifndef BERTH_EXEC_H
#define BERTH_EXEC_H

int cmd_exec(const char *plan_path, const char *pid);

#endif
