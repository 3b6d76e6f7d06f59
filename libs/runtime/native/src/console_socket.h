/* console_socket.h - handing a pty master to a runc-style --console-socket. */
#ifndef BERTH_CONSOLE_SOCKET_H
#define BERTH_CONSOLE_SOCKET_H

#include "error.h"

/* Connect to the unix stream socket at `path` and send `master` in exactly
 * one SCM_RIGHTS message whose data is the pty's name ("/dev/pts/N"), as
 * runc does and containerd's receiver (RecvFd) expects. */
int console_socket_send(const char *path, int master, struct berth_error **err);

#endif
