/* terminal.h - ptys and fd passing. */
#ifndef BERTH_TERMINAL_H
#define BERTH_TERMINAL_H

#include <termios.h>

#include "error.h"

/* Open a pty from /dev/ptmx (the container's devpts after pivot_root). */
int terminal_open(int *master, int *slave, char *name, size_t name_len, struct berth_error **err);
/* New session, slave becomes the controlling tty and fds 0, 1, 2. */
int terminal_make_controlling(int slave, struct berth_error **err);
/* Put a caller tty in raw mode; *saved restores it. */
int terminal_raw(int fd, struct termios *saved);

int send_fd(int sock, int fd, struct berth_error **err);
int recv_fd(int sock, struct berth_error **err);

#endif
