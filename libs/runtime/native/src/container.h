/* container.h - the container side of `create`, and the shim<->container
 * sync protocol (SOCK_SEQPACKET, one message per packet). */
#ifndef BERTH_CONTAINER_H
#define BERTH_CONTAINER_H

#include <stdint.h>

#include "error.h"
#include "plan.h"

enum sync_type {
	SYNC_GO = 1,	/* shim -> child: id maps and cgroups are in place */
	SYNC_PTY,	/* child -> shim: pty master follows as SCM_RIGHTS */
	SYNC_READY,	/* child -> shim: set up, waiting for SYNC_START */
	SYNC_ERROR,	/* child -> shim: setup failed, errnum + msg */
	SYNC_START,	/* shim -> child: exec the command now */
	/* handoff: shim -> child, exec.fifo (O_RDWR) follows as SCM_RIGHTS;
	 * child -> shim, it no longer dies with the shim and waits on it. */
	SYNC_HANDOFF,
	/* child -> shim: no mount namespace of its own; errnum is the mount id
	 * of the rootfs self-bind it made in the caller's namespace. */
	SYNC_HOST_MOUNT,
	/* child -> shim: a joined user namespace with a new pid namespace; the
	 * child forked the container's PID 1 (errnum: its host pid) and exits. */
	SYNC_INIT_PID,
};

struct sync_msg {
	int32_t type;
	int32_t errnum;
	char msg[BERTH_ERRMSG_MAX];
};

int sync_send(int fd, int type, const struct berth_error *e);
/* A message whose errnum field carries a value (SYNC_GO: the host pid). */
int sync_send_value(int fd, int type, int32_t value);
/* Returns the message type, 0 on EOF, -1 on error. */
int sync_recv(int fd, struct sync_msg *m, struct berth_error **err);

struct container_fds {
	int sync;			     /* child's end of the sync socket */
	int stdin_r, stdout_w, stderr_w;     /* -1 with a terminal */
	/* <state dir>/start-hooks, opened by the shim (a child in a new user
	 * namespace could not open the state dir); -1 without startContainer hooks */
	int start_result;
};

/* Runs in the cloned child; never returns. */
_Noreturn void container_child(const struct berth_plan *p, const struct container_fds *fds);

#endif
