/* console_socket.h - handing a pty master to a runc-style --console-socket. */
#ifndef BERTH_CONSOLE_SOCKET_H
#define BERTH_CONSOLE_SOCKET_H

#include "error.h"

/* Connect to the unix stream socket at `path`: an fd, or -1.  Separate from
 * the send so an exec can connect while it still sees the host's paths. */
int console_socket_connect(const char *path, struct berth_error **err);
/* Send `master` on a connected console socket in exactly one SCM_RIGHTS
 * message whose data is the pty's name ("/dev/pts/N"), as runc does and
 * containerd's receiver (RecvFd) expects. */
int console_socket_send_on(int sock, int master, struct berth_error **err);
/* Both, for a caller in the host's mount namespace. */
int console_socket_send(const char *path, int master, struct berth_error **err);

#endif
