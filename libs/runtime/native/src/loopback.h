/* loopback.h - `lo` up in a new network namespace. */
#ifndef BERTH_LOOPBACK_H
#define BERTH_LOOPBACK_H

#include "error.h"

/* Bring up the loopback interface of the calling process's network
 * namespace, as runc does for a new one: programs expect 127.0.0.1 to work,
 * and the container, without CAP_NET_ADMIN, cannot raise it itself. */
int loopback_up(struct berth_error **err);

#endif
